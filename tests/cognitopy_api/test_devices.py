"""Remembered devices in cognitopy's family (CognitoPy blocking, AsyncCognitoPy awaited; with
and without an app client secret): a sign-in hands out a device, ``confirm_device`` confirms
and remembers it, the next sign-in with ``device=`` skips MFA (device SRP answered inside the
call), forgetting it brings MFA back, a wrong device password fails, refresh sends the device
key, and the device lists page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from fastcognito import Device, SignInStep
from fastcognito.cognitopy import ChallengeRequired
from fastcognito.exceptions import NotAuthorizedException, ResourceNotFoundException
from fastcognito.testing import Emulator, Pool
from tests.cognitopy_api.test_context import ADMIN_DATA, CTX, USER_DATA, carried
from tests.helpers import FLAVOURS, PASSWORD, Driver


@pytest.fixture(scope="module")
def always(emulator: Emulator) -> Pool:
    return emulator.setup(device_tracking="always")


@pytest.fixture(scope="module")
def opt_in(emulator: Emulator) -> Pool:
    return emulator.setup(device_tracking="user_opt_in")


@dataclass
class Dev:
    """One client flavour on a pool that tracks devices, and its users (with SMS MFA)."""

    emulator: Emulator
    pool: Pool
    api: Driver

    def user(self, mfa: bool = True) -> str:
        name = f"dev-{uuid.uuid4().hex[:8]}"
        attributes = {"email": f"{name}@example.com", "phone_number": "+15555550123"}
        self.emulator.create_user(self.pool.pool_id, name, PASSWORD, **attributes)
        if mfa:
            self.emulator.enable_sms_mfa(self.pool.pool_id, name)
        return name

    def mfa_code(self, name: str) -> str:
        return self.emulator.code(self.pool.pool_id, name, "mfa")

    def login_with_mfa(self, name: str, device: Device | None = None) -> dict[str, Any]:
        """A password login that Cognito answers with SMS_MFA, and its answer."""
        with pytest.raises(ChallengeRequired) as info:
            self.api.login(name, PASSWORD, device=device)
        assert info.value.challenge_name == "SMS_MFA"
        code = self.mfa_code(name)
        tokens: dict[str, Any] = self.api.resolve_challenge_sms_mfa(info.value.session, code, name, device=device)
        return tokens

    def remembered(self, name: str) -> tuple[Device, dict[str, Any]]:
        """A confirmed, remembered device of ``name``, and the tokens that made it."""
        tokens = self.login_with_mfa(name)
        device = self.api.confirm_device(tokens["access_token"], **tokens["new_device"], device_name="laptop")
        return device, tokens


def _client(emulator: Emulator, pool: Pool, flavour: tuple[type, bool]) -> Driver:
    cls, with_secret = flavour
    client_id = pool.secret_client_id if with_secret else pool.public_client_id
    secret = pool.client_secret if with_secret else ""
    return Driver(cls(pool.pool_id, client_id, secret, with_secret, endpoint_url=emulator.url))


@pytest.fixture(params=FLAVOURS)
def dev(request: pytest.FixtureRequest, emulator: Emulator, always: Pool) -> Dev:
    return Dev(emulator, always, _client(emulator, always, request.param))


@pytest.fixture(params=FLAVOURS)
def dev_opt_in(request: pytest.FixtureRequest, emulator: Emulator, opt_in: Pool) -> Dev:
    return Dev(emulator, opt_in, _client(emulator, opt_in, request.param))


def _remembered_status(device: dict[str, Any]) -> str | None:
    found = [a.get("Value") for a in device["DeviceAttributes"] if a["Name"] == "dev:device_remembered_status"]
    return found[0] if found else None


def test_a_remembered_device_skips_mfa_until_it_is_forgotten(dev: Dev) -> None:
    name = dev.user()
    tokens = dev.login_with_mfa(name)
    new = tokens["new_device"]
    assert set(new) == {"device_key", "device_group_key"} and new["device_key"].startswith(dev.pool.region + "_")

    device = dev.api.confirm_device(tokens["access_token"], new["device_key"], new["device_group_key"])
    assert isinstance(device, Device)
    assert (device.device_key, device.device_group_key) == (new["device_key"], new["device_group_key"])
    assert device.device_password and device.device_password not in repr(device)

    # Tokens at once (no SMS_MFA challenge), and no new device handed out.
    again = dev.api.login(name, PASSWORD, device=device)
    assert again["access_token"] and "new_device" not in again
    assert _remembered_status(dev.api.get_device(again["access_token"], device)) == "remembered"

    assert dev.api.forget_device(again["access_token"], device.device_key) is None
    # A forgotten device is an unknown one: MFA again, and a new device.
    after = dev.login_with_mfa(name, device)
    assert after["new_device"]["device_key"] != device.device_key


def test_a_wrong_device_password_fails(dev: Dev) -> None:
    name = dev.user()
    device, _ = dev.remembered(name)
    forged = Device(device.device_key, device.device_group_key, "bm90LXRoZS1wYXNzd29yZA==")
    with pytest.raises(NotAuthorizedException):
        dev.api.login(name, PASSWORD, device=forged)
    with pytest.raises(NotAuthorizedException):
        dev.api.admin_login(name, PASSWORD, device=forged)
    assert dev.api.login(name, PASSWORD, device=device)["access_token"]


def test_admin_login_and_the_sign_in_steps_use_the_device(dev: Dev) -> None:
    name = dev.user()
    device, _ = dev.remembered(name)
    assert dev.api.admin_login(name, PASSWORD, device=device)["access_token"]
    for flow, extra in (
        ("USER_SRP_AUTH", {}),
        ("USER_PASSWORD_AUTH", {}),
        ("USER_AUTH", {"preferred_challenge": "PASSWORD"}),
    ):
        step = dev.api.sign_in(name, auth_flow=flow, password=PASSWORD, device=device, **extra)
        assert isinstance(step, SignInStep) and step.signed_in, (flow, step)
        assert step.new_device is None and "new_device" not in (step.tokens or {})
    # Without the device: SMS_MFA, then a finished step that hands out a new one.
    step = dev.api.sign_in(name, auth_flow="USER_SRP_AUTH", password=PASSWORD)
    assert step.challenge_name == "SMS_MFA"
    done = dev.api.confirm_sign_in(step, code=dev.mfa_code(name))
    assert done.signed_in and done.new_device is not None
    assert done.tokens is not None and done.tokens["new_device"] == done.new_device
    assert done.new_device["device_key"] != device.device_key


def test_refresh_sends_the_device_key(dev: Dev) -> None:
    name = dev.user()
    device, _ = dev.remembered(name)
    tokens = dev.api.login(name, PASSWORD, device=device)
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    # Tokens of a confirmed device refresh only with its key, as Cognito's do.
    with pytest.raises(NotAuthorizedException):
        dev.api.renew_access_token(access, refresh)
    assert dev.api.renew_access_token(access, refresh, device=device)
    assert dev.api.admin_renew_access_token(access, refresh, device=device)
    assert dev.api.refresh_tokens(refresh, device=device)["access_token"]


def test_user_opt_in_pool_remembers_only_when_asked(dev_opt_in: Dev) -> None:
    dev = dev_opt_in
    name = dev.user()
    tokens = dev.login_with_mfa(name)
    kept = dev.api.confirm_device(tokens["access_token"], **tokens["new_device"], remember=False)
    assert _remembered_status(dev.api.get_device(tokens["access_token"], kept)) == "not_remembered"
    # Confirmed but not remembered: MFA stays; after the code Cognito asks for the device,
    # which the call answers.
    with_mfa = dev.login_with_mfa(name, kept)
    assert with_mfa["access_token"] and "new_device" not in with_mfa

    dev.api.update_device_status(with_mfa["access_token"], kept, True)
    assert dev.api.login(name, PASSWORD, device=kept)["access_token"]
    dev.api.update_device_status(with_mfa["access_token"], kept.device_key, False)
    dev.login_with_mfa(name, kept)

    # remember=True (the default) remembers at once on such a pool.
    fresh = dev.login_with_mfa(name)
    device = dev.api.confirm_device(fresh["access_token"], **fresh["new_device"])
    assert dev.api.login(name, PASSWORD, device=device)["access_token"]


def test_lists_page_and_the_admin_variants(dev: Dev) -> None:
    name = dev.user(mfa=False)
    devices = []
    for _ in range(3):
        tokens = dev.api.login(name, PASSWORD)
        devices.append(dev.api.confirm_device(tokens["access_token"], **tokens["new_device"]))
    access = dev.api.login(name, PASSWORD, device=devices[0])["access_token"]
    keys = {d.device_key for d in devices}

    first = dev.api.list_devices(access, limit=2)
    assert len(first) == 2 and first.next_token
    rest = dev.api.list_devices(access, 2, first.next_token)
    assert len(rest) == 1 and rest.next_token is None
    assert {d["DeviceKey"] for d in [*first, *rest]} == keys

    admin_first = dev.api.admin_list_devices(name, limit=2)
    assert len(admin_first) == 2 and admin_first["NextToken"] == admin_first.next_token
    admin_rest = dev.api.admin_list_devices(name, next_token=admin_first.next_token)
    assert {d["DeviceKey"] for d in [*admin_first, *admin_rest]} == keys

    one = dev.api.admin_get_device(name, devices[1].device_key)
    assert one["DeviceKey"] == devices[1].device_key and "DeviceCreateDate" in one
    dev.api.admin_update_device_status(name, devices[1], False)
    assert _remembered_status(dev.api.admin_get_device(name, devices[1])) == "not_remembered"
    dev.api.admin_update_device_status(name, devices[1], True)
    assert _remembered_status(dev.api.get_device(access, devices[1])) == "remembered"

    dev.api.admin_forget_device(name, devices[2])
    with pytest.raises(ResourceNotFoundException):
        dev.api.get_device(access, devices[2])
    assert {d["DeviceKey"] for d in dev.api.admin_list_devices(name)} == keys - {devices[2].device_key}


def test_device_records_round_trip_and_hide_the_password() -> None:
    device = Device("us-east-1_0f1e2d3c", "-Grp", "c2VjcmV0LXBhc3N3b3Jk")
    assert Device.from_dict(device.to_dict()) == device
    assert device.to_dict() == {
        "device_key": "us-east-1_0f1e2d3c",
        "device_group_key": "-Grp",
        "device_password": "c2VjcmV0LXBhc3N3b3Jk",
    }
    assert "c2VjcmV0" not in repr(device) and "us-east-1_0f1e2d3c" in repr(device)
    assert Device.from_dict({**device.to_dict(), "extra": 1}) == device
    with pytest.raises(ValueError, match="device_password"):
        Device.from_dict({"device_key": "k", "device_group_key": "g"})
    with pytest.raises(TypeError):
        Device.from_dict([("device_key", "k")])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Device("k", "g", None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Device("", "g", "p")
    with pytest.raises(AttributeError):
        device.device_key = "other"  # type: ignore[misc]


def test_the_device_answers_carry_the_context(dev: Dev) -> None:
    name = dev.user()
    device, _ = dev.remembered(name)
    assert dev.api.login(name, PASSWORD, device=device, context=CTX)["access_token"]
    # DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER: two answers, each with the context.
    assert carried(dev.pool, "RespondToAuthChallenge")[-2:] == [USER_DATA] * 2
    assert dev.api.admin_login(name, PASSWORD, device=device, context=CTX)["access_token"]
    assert carried(dev.pool, "AdminRespondToAuthChallenge")[-2:] == [ADMIN_DATA] * 2
