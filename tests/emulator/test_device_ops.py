"""The emulator's device operations (moto has none), public and admin, spoken to with boto3:
DeviceType's shape, remembered status, forgetting, paging, and Cognito's errors."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fastcognito.testing import Emulator, Pool
from tests.emulator.device_srp_client import DeviceSecret
from tests.emulator.devices_support import Side, code_of


@pytest.fixture(scope="module")
def tracked(emulator: Emulator) -> Pool:
    return emulator.setup(device_tracking="user_opt_in")


@pytest.fixture
def side(emulator: Emulator, tracked: Pool) -> Side:
    return Side(emulator, tracked, False)


def devices_of(side: Side, username: str, count: int) -> tuple[str, list[DeviceSecret]]:
    """``count`` confirmed devices of a user; the access token of the last sign-in."""
    found, token = [], ""
    for n in range(count):
        result = side.initiate(username, None, UserContextData={"IpAddress": f"192.0.2.{n + 1}"})
        token = result["AuthenticationResult"]["AccessToken"]
        found.append(side.confirm(result["AuthenticationResult"], name=f"device {n}")[0])
    return token, found


def attributes(device: dict[str, Any]) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}


def test_get_and_update_status(side: Side) -> None:
    username = side.user(mfa=False)
    token, (device,) = devices_of(side, username, 1)
    got = side.idp.get_device(AccessToken=token, DeviceKey=device.device_key)["Device"]
    assert got["DeviceKey"] == device.device_key
    attrs = attributes(got)
    assert attrs["device_name"] == "device 0"
    assert attrs["dev:device_remembered_status"] == "not_remembered"
    assert attrs["last_ip_used"] == "192.0.2.1"
    assert got["DeviceCreateDate"] and got["DeviceLastModifiedDate"]
    side.idp.update_device_status(AccessToken=token, DeviceKey=device.device_key, DeviceRememberedStatus="remembered")
    admin = side.idp.admin_get_device(UserPoolId=side.pool.pool_id, Username=username, DeviceKey=device.device_key)
    assert attributes(admin["Device"])["dev:device_remembered_status"] == "remembered"
    side.idp.admin_update_device_status(
        UserPoolId=side.pool.pool_id,
        Username=username,
        DeviceKey=device.device_key,
        DeviceRememberedStatus="not_remembered",
    )
    got = side.idp.get_device(AccessToken=token, DeviceKey=device.device_key)["Device"]
    assert attributes(got)["dev:device_remembered_status"] == "not_remembered"


def test_a_device_sign_in_updates_last_authenticated(side: Side) -> None:
    username = side.user(mfa=False)
    token, (device,) = devices_of(side, username, 1)
    assert (
        "DeviceLastAuthenticatedDate"
        not in side.idp.get_device(AccessToken=token, DeviceKey=device.device_key)["Device"]
    )
    step = side.initiate(username, device.device_key, UserContextData={"IpAddress": "198.51.100.7"})
    side.device_auth(step, username, device)
    got = side.idp.get_device(AccessToken=token, DeviceKey=device.device_key)["Device"]
    assert got["DeviceLastAuthenticatedDate"]
    assert attributes(got)["last_ip_used"] == "198.51.100.7"


@pytest.mark.parametrize("admin", [False, True], ids=["public", "admin"])
def test_list_pages(side: Side, admin: bool) -> None:
    username = side.user(mfa=False)
    token, made = devices_of(side, username, 5)
    side.initiate(username)  # a new device not confirmed: not listed

    def page(**kwargs: Any) -> dict[str, Any]:
        if admin:
            return side.idp.admin_list_devices(  # type: ignore[no-any-return]
                UserPoolId=side.pool.pool_id, Username=username, **kwargs
            )
        return side.idp.list_devices(AccessToken=token, **kwargs)  # type: ignore[no-any-return]

    assert [d["DeviceKey"] for d in page()["Devices"]] == [d.device_key for d in made]
    seen, kwargs = [], {"Limit": 2}
    while True:
        answer = page(**kwargs)
        assert len(answer["Devices"]) <= 2
        seen += [d["DeviceKey"] for d in answer["Devices"]]
        if "PaginationToken" not in answer:
            break
        kwargs = {"Limit": 2, "PaginationToken": answer["PaginationToken"]}
    assert seen == [d.device_key for d in made]
    for bad in ({"Limit": 61}, {"PaginationToken": "bm90LWEtdG9rZW4="}):
        with pytest.raises(ClientError) as refused:
            page(**bad)
        assert code_of(refused) == "InvalidParameterException"


@pytest.mark.parametrize("admin", [False, True], ids=["public", "admin"])
def test_forget(side: Side, admin: bool) -> None:
    username = side.user(mfa=False)
    token, (kept, gone) = devices_of(side, username, 2)
    if admin:
        side.idp.admin_forget_device(UserPoolId=side.pool.pool_id, Username=username, DeviceKey=gone.device_key)
    else:
        side.idp.forget_device(AccessToken=token, DeviceKey=gone.device_key)
    assert [d["DeviceKey"] for d in side.idp.list_devices(AccessToken=token)["Devices"]] == [kept.device_key]
    with pytest.raises(ClientError) as refused:
        side.idp.get_device(AccessToken=token, DeviceKey=gone.device_key)
    assert code_of(refused) == "ResourceNotFoundException"


def test_errors(side: Side) -> None:
    username, other = side.user(mfa=False), side.user(mfa=False)
    token, (device,) = devices_of(side, username, 1)
    other_token, _ = devices_of(side, other, 1)
    unknown = f"{side.pool.region}_{uuid.uuid4()}"
    calls = [
        (lambda: side.idp.get_device(AccessToken=token, DeviceKey=unknown), "ResourceNotFoundException"),
        (
            lambda: side.idp.get_device(AccessToken=other_token, DeviceKey=device.device_key),
            "ResourceNotFoundException",
        ),
        (
            lambda: side.idp.forget_device(AccessToken=token + "x", DeviceKey=device.device_key),
            "NotAuthorizedException",
        ),
        (lambda: side.idp.list_devices(AccessToken="not-a-token"), "NotAuthorizedException"),
        (
            lambda: side.idp.admin_get_device(UserPoolId=side.pool.pool_id, Username="nobody", DeviceKey=unknown),
            "UserNotFoundException",
        ),
        (
            lambda: side.idp.admin_list_devices(UserPoolId=side.pool.pool_id + "x", Username=username),
            "ResourceNotFoundException",
        ),
    ]
    for call, code in calls:
        with pytest.raises(ClientError) as refused:
            call()
        assert code_of(refused) == code
