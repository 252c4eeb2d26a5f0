"""A remembered device and a context together: the device SRP answers Cognito asks for
(DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) carry the sign-in's context too, as
UserContextData on the public flow and ContextData on the admin one."""

from __future__ import annotations

import uuid

import pytest

from fastcognito import UserContext
from fastcognito.cognitopy import ChallengeRequired
from fastcognito.testing import Emulator
from tests.helpers import FLAVOURS, PASSWORD, Driver

CTX = UserContext("203.0.113.77", [("Host", "devices.example"), ("User-Agent", "pytest/device")])


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_device_srp_answers_carry_the_context(emulator: Emulator, flavour: tuple[type, bool]) -> None:
    pool = emulator.setup(device_tracking="always")
    cls, with_secret = flavour
    client_id = pool.secret_client_id if with_secret else pool.public_client_id
    api = Driver(
        cls(pool.pool_id, client_id, pool.client_secret if with_secret else "", with_secret, endpoint_url=emulator.url)
    )
    name = f"dc-{uuid.uuid4().hex[:8]}"
    emulator.create_user(pool.pool_id, name, PASSWORD, email=f"{name}@example.com", phone_number="+15555550123")
    emulator.enable_sms_mfa(pool.pool_id, name)
    with pytest.raises(ChallengeRequired) as info:
        api.login(name, PASSWORD)
    tokens = api.resolve_challenge_sms_mfa(info.value.session, emulator.code(pool.pool_id, name, "mfa"), name)
    device = api.confirm_device(tokens["access_token"], **tokens["new_device"])

    assert api.login(name, PASSWORD, device=device, context=CTX)["access_token"]
    public = [c for c in pool.context_data("RespondToAuthChallenge") if c.get("UserContextData")]
    assert [c["UserContextData"]["IpAddress"] for c in public] == ["203.0.113.77"] * 2

    assert api.admin_login(name, PASSWORD, device=device, context=CTX)["access_token"]
    admin = [c for c in pool.context_data("AdminRespondToAuthChallenge") if c.get("ContextData")]
    assert [c["ContextData"]["ServerName"] for c in admin] == ["devices.example"] * 2
