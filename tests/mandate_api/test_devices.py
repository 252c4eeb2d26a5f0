"""Remembered devices in mandate's family (Cognito awaited, SyncCognito blocking; with and
without an app client secret): the object keeps the last sign-in's ``new_device``,
``confirm_device()`` confirms it into ``cog.device``, which the object's next sign-ins
(authenticate, admin_authenticate, sign_in, the MFA answers) and renewals use."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fastcognito import Cognito, Device, SyncCognito
from fastcognito.exceptions import NotAuthorizedException, ResourceNotFoundException
from fastcognito.mandate import SMSMFAChallengeException
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD, Driver

FLAVOURS = [
    pytest.param((Cognito, False), id="async-public"),
    pytest.param((Cognito, True), id="async-secret"),
    pytest.param((SyncCognito, False), id="sync-public"),
    pytest.param((SyncCognito, True), id="sync-secret"),
]


@pytest.fixture(scope="module")
def always(emulator: Emulator) -> Pool:
    return emulator.setup(device_tracking="always")


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest) -> tuple[type, bool]:
    return request.param  # type: ignore[no-any-return]


def _user(emulator: Emulator, pool: Pool, flavour: tuple[type, bool], mfa: bool = True) -> Driver:
    cls, with_secret = flavour
    name = f"mdev-{uuid.uuid4().hex[:8]}"
    emulator.create_user(pool.pool_id, name, PASSWORD, email=f"{name}@example.com", phone_number="+15555550123")
    if mfa:
        emulator.enable_sms_mfa(pool.pool_id, name)
    return Driver(
        cls(
            pool.pool_id,
            pool.secret_client_id if with_secret else pool.public_client_id,
            username=name,
            client_secret=pool.client_secret if with_secret else None,
            endpoint_url=emulator.url,
        )
    )


def _with_mfa(cog: Driver, emulator: Emulator, pool: Pool, admin: bool = False) -> None:
    with pytest.raises(SMSMFAChallengeException):
        cog.admin_authenticate(PASSWORD) if admin else cog.authenticate(PASSWORD)
    cog.respond_to_sms_mfa_challenge(emulator.code(pool.pool_id, cog.username, "mfa"))


def _status(device: dict[str, Any]) -> str | None:
    found = [a.get("Value") for a in device["DeviceAttributes"] if a["Name"] == "dev:device_remembered_status"]
    return found[0] if found else None


def test_the_object_confirms_its_device_and_signs_in_with_it(
    emulator: Emulator, always: Pool, flavour: tuple[type, bool]
) -> None:
    cog = _user(emulator, always, flavour)
    assert cog.device is None and cog.new_device is None
    _with_mfa(cog, emulator, always)
    new = cog.new_device
    assert new is not None and new["device_key"].startswith(always.region + "_")

    device = cog.confirm_device(device_name="phone")
    assert cog.device is device and cog.new_device is None
    assert device.device_key == new["device_key"] and device.device_group_key == new["device_group_key"]
    assert _status(cog.get_device()) == "remembered"

    # The next sign-ins need no MFA: authenticate, admin_authenticate and sign_in alike.
    cog.authenticate(PASSWORD)
    assert cog.access_claims["device_key"] == device.device_key and cog.new_device is None
    cog.admin_authenticate(PASSWORD)
    step = cog.sign_in(auth_flow="USER_SRP_AUTH", password=PASSWORD)
    assert step.signed_in and cog.access_token == step.tokens["access_token"]

    # Renewals send the device key (Cognito refuses a device's tokens without it).
    old = cog.access_token
    cog.renew_access_token()
    assert cog.access_token and cog.access_token != old
    assert cog.refresh_tokens()["access_token"] == cog.access_token

    cog.forget_device()
    assert cog.device is None
    _with_mfa(cog, emulator, always)  # MFA is back
    assert cog.new_device is not None and cog.new_device["device_key"] != device.device_key


def test_a_device_restored_from_storage_signs_in_and_a_wrong_password_fails(
    emulator: Emulator, always: Pool, flavour: tuple[type, bool]
) -> None:
    first = _user(emulator, always, flavour)
    _with_mfa(first, emulator, always)
    saved = first.confirm_device().to_dict()

    cls, with_secret = flavour
    cog = Driver(
        cls(
            always.pool_id,
            always.secret_client_id if with_secret else always.public_client_id,
            username=first.username,
            client_secret=always.client_secret if with_secret else None,
            endpoint_url=emulator.url,
        )
    )
    cog.client.device = Device.from_dict(dict(saved, device_password="d3Jvbmctd3Jvbmctd3Jvbmc="))
    with pytest.raises(NotAuthorizedException):
        cog.authenticate(PASSWORD)
    with pytest.raises(NotAuthorizedException):
        cog.admin_authenticate(PASSWORD)
    cog.client.device = Device.from_dict(saved)
    cog.authenticate(PASSWORD)
    assert cog.access_token


def test_a_not_remembered_device_answers_after_the_mfa_code(emulator: Emulator, flavour: tuple[type, bool]) -> None:
    pool = emulator.setup(device_tracking="user_opt_in")
    cog = _user(emulator, pool, flavour)
    _with_mfa(cog, emulator, pool)
    device = cog.confirm_device(remember=False)
    assert _status(cog.get_device()) == "not_remembered"
    for admin in (False, True):
        _with_mfa(cog, emulator, pool, admin=admin)  # MFA, then the device challenges, answered
        assert cog.access_claims["device_key"] == device.device_key and cog.new_device is None
    cog.update_device_status(None, True)
    cog.authenticate(PASSWORD)
    assert cog.access_claims["device_key"] == device.device_key


def test_lists_and_admin_variants(emulator: Emulator, always: Pool, flavour: tuple[type, bool]) -> None:
    cog = _user(emulator, always, flavour, mfa=False)
    keys = []
    for i in range(3):
        cog.client.device = None  # a sign-in without a device gets a new one
        if i == 0:
            step = cog.sign_in(auth_flow="USER_PASSWORD_AUTH", password=PASSWORD)
            assert step.new_device is not None and cog.new_device == step.new_device
        else:
            cog.authenticate(PASSWORD)
        keys.append(cog.confirm_device().device_key)
    page = cog.list_devices(2)
    assert len(page) == 2 and page.next_token
    rest = cog.list_devices(next_token=page.next_token)
    assert {d["DeviceKey"] for d in [*page, *rest]} == set(keys)

    admin_page = cog.admin_list_devices(limit=1)
    assert len(admin_page) == 1 and admin_page.next_token
    assert cog.admin_get_device()["DeviceKey"] == keys[-1]  # the object's device
    cog.admin_update_device_status(keys[0], False)
    assert _status(cog.admin_get_device(keys[0])) == "not_remembered"
    cog.admin_forget_device(keys[0], username=cog.username)
    with pytest.raises(ResourceNotFoundException):
        cog.get_device(keys[0])
    cog.forget_device(keys[1])
    assert cog.device is not None  # another device than the object's
    assert [d["DeviceKey"] for d in cog.admin_list_devices()] == [keys[2]]


def test_bad_arguments_fail_before_any_call(emulator: Emulator, always: Pool, flavour: tuple[type, bool]) -> None:
    cog = _user(emulator, always, flavour, mfa=False)
    with pytest.raises(TypeError, match="no new device"):
        cog.confirm_device()
    with pytest.raises(TypeError, match="this object has no device"):
        cog.get_device()
    cog.authenticate(PASSWORD)
    for call, args, kwargs in (
        ("confirm_device", ("k", 1), {}),
        ("confirm_device", (), {"remember": "yes"}),
        ("update_device_status", ("k", "yes"), {}),
        ("admin_update_device_status", ("k", None), {}),
        ("list_devices", (100,), {}),
        ("admin_list_devices", (), {"next_token": 5}),
        ("forget_device", (5,), {}),
    ):
        with pytest.raises((TypeError, ValueError)):
            getattr(cog, call)(*args, **kwargs)
    with pytest.raises(TypeError):
        cog.client.device = "not a device"
        cog.authenticate(PASSWORD)
