"""client_metadata= on the mandate family (Cognito awaited, SyncCognito blocking): what each
call sent reaches the pool's Lambda triggers, and a bad value is refused before any call."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fastcognito import Cognito, SyncCognito
from fastcognito.mandate import SMSMFAChallengeException
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD, Driver, make_jwt

FLAVOURS = [
    pytest.param((Cognito, False), id="async-public"),
    pytest.param((Cognito, True), id="async-secret"),
    pytest.param((SyncCognito, False), id="sync-public"),
    pytest.param((SyncCognito, True), id="sync-secret"),
]


class M:
    def __init__(self, emulator: Emulator, pool: Pool, cls: type, with_secret: bool) -> None:
        self.emulator, self.pool, self.cls, self.with_secret = emulator, pool, cls, with_secret

    def client(self, username: str | None = None) -> Driver:
        client_id = self.pool.secret_client_id if self.with_secret else self.pool.public_client_id
        secret = self.pool.client_secret if self.with_secret else None
        return Driver(
            self.cls(
                self.pool.pool_id, client_id, username=username, client_secret=secret, endpoint_url=self.emulator.url
            )
        )

    def code(self, username: str, purpose: str) -> str:
        return self.emulator.code(self.pool.pool_id, username, purpose)


@pytest.fixture(params=FLAVOURS)
def m(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> M:
    cls, with_secret = request.param
    return M(emulator, pool, cls, with_secret)


def record(pool: Pool) -> None:
    for trigger in ("PreSignUp", "PostConfirmation", "CustomMessage"):
        pool.set_trigger(trigger, lambda event: event)


def seen(pool: Pool) -> list[tuple[str, Any]]:
    return [(e["event"]["triggerSource"], e["event"]["request"].get("clientMetadata")) for e in pool.trigger_events()]


def test_the_user_calls_hand_their_metadata_to_the_triggers(m: M) -> None:
    record(m.pool)
    name = f"m-{uuid.uuid4().hex[:8]}"
    cog = m.client()
    cog.register(username=name, password=PASSWORD, email=f"{name}@example.com", client_metadata={"s": "register"})
    cog.resend_confirmation_code(name, client_metadata={"s": "resend"})
    cog.confirm_sign_up(m.code(name, "signup"), client_metadata={"s": "confirm"})
    cog.authenticate(PASSWORD)
    cog.update_profile({"email": f"new-{name}@example.com"}, client_metadata={"s": "update"})
    cog.send_verification("email", client_metadata={"s": "verify"})
    cog.initiate_forgot_password(client_metadata={"s": "forgot"})
    cog.confirm_forgot_password(m.code(name, "forgot"), PASSWORD + "2", client_metadata={"s": "reset"})
    assert seen(m.pool) == [
        ("PreSignUp_SignUp", {"s": "register"}),
        ("CustomMessage_SignUp", {"s": "register"}),
        ("CustomMessage_ResendCode", {"s": "resend"}),
        ("PostConfirmation_ConfirmSignUp", {"s": "confirm"}),
        ("CustomMessage_UpdateUserAttribute", {"s": "update"}),
        ("CustomMessage_VerifyUserAttribute", {"s": "verify"}),
        ("CustomMessage_ForgotPassword", {"s": "forgot"}),
        ("PostConfirmation_ConfirmForgotPassword", {"s": "reset"}),
    ]
    client_ids = {e["event"]["callerContext"]["clientId"] for e in m.pool.trigger_events()}
    assert client_ids == {cog.client_id}
    operations = [(c["operation"], c["client_metadata"]) for c in m.pool.client_metadata()]
    assert ("UpdateUserAttributes", {"s": "update"}) in operations
    assert ("GetUserAttributeVerificationCode", {"s": "verify"}) in operations


def test_the_admin_calls_hand_their_metadata_to_the_triggers(m: M) -> None:
    admin = m.client()
    pending = f"p-{uuid.uuid4().hex[:8]}"
    admin.register(username=pending, password=PASSWORD, email=f"{pending}@example.com")
    verified = m.emulator.create_user(m.pool.pool_id, f"v-{pending}", PASSWORD, email=f"v-{pending}@example.com")
    record(m.pool)
    made = f"c-{uuid.uuid4().hex[:8]}"
    admin.admin_create_user(made, "Temp0rary!pw", email=f"{made}@example.com", client_metadata={"s": "create"})
    admin.admin_create_user(
        f"k-{made}", additional_kwargs={"MessageAction": "SUPPRESS", "ClientMetadata": {"s": "pycognito"}}
    )
    m.client(pending).admin_confirm_sign_up(client_metadata={"s": "confirm"})
    admin.admin_update_profile(made, {"email": f"x-{made}@example.com"}, client_metadata={"s": "update"})
    admin.admin_update_profile(made, {"given_name": "Ann"}, client_metadata={"s": "no code"})
    admin.admin_reset_password(verified.username, {"s": "reset"})  # pycognito passes it by position
    assert seen(m.pool) == [
        ("PreSignUp_AdminCreateUser", {"s": "create"}),
        ("CustomMessage_AdminCreateUser", {"s": "create"}),
        ("PreSignUp_AdminCreateUser", {"s": "pycognito"}),
        ("PostConfirmation_ConfirmSignUp", {"s": "confirm"}),
        ("CustomMessage_UpdateUserAttribute", {"s": "update"}),
        ("CustomMessage_ForgotPassword", {"s": "reset"}),
    ]
    assert m.pool.client_metadata("AdminUpdateUserAttributes")[-1]["client_metadata"] == {"s": "no code"}


BAD = [["a"], {"n": 1}, {1: "n"}, "k=v"]


@pytest.mark.parametrize("bad", BAD, ids=lambda b: repr(b))
def test_bad_metadata_is_refused_before_any_call(m: M, bad: Any) -> None:
    name = f"b-{uuid.uuid4().hex[:8]}"
    cog = m.client(name)
    cog.access_token = "not-used"
    calls = [
        lambda: cog.register(username=name, password=PASSWORD, client_metadata=bad),
        lambda: cog.resend_confirmation_code(name, client_metadata=bad),
        lambda: cog.confirm_sign_up("123456", client_metadata=bad),
        lambda: cog.admin_confirm_sign_up(client_metadata=bad),
        lambda: cog.update_profile({"given_name": "B"}, client_metadata=bad),
        lambda: cog.send_verification(client_metadata=bad),
        lambda: cog.initiate_forgot_password(client_metadata=bad),
        lambda: cog.confirm_forgot_password("123456", PASSWORD, client_metadata=bad),
        lambda: cog.admin_update_profile(name, {"given_name": "B"}, client_metadata=bad),
        lambda: cog.admin_reset_password(name, bad),
        lambda: cog.admin_create_user(name, client_metadata=bad),
        lambda: cog.admin_create_user(name, additional_kwargs={"ClientMetadata": bad}),
        lambda: cog.authenticate(PASSWORD, client_metadata=bad),
        lambda: cog.admin_authenticate(PASSWORD, client_metadata=bad),
        lambda: cog.new_password_challenge(PASSWORD, PASSWORD + "2", client_metadata=bad),
        lambda: cog.respond_to_sms_mfa_challenge("123456", client_metadata=bad),
        lambda: cog.respond_to_software_token_mfa_challenge("123456", client_metadata=bad),
        lambda: cog.renew_access_token(client_metadata=bad),
        lambda: cog.check_token(client_metadata=bad),
        lambda: cog.sign_in(auth_flow="CUSTOM_AUTH", client_metadata=bad),
    ]
    for call in calls:
        with pytest.raises(TypeError, match="client_metadata"):
            call()
    assert m.pool.client_metadata() == []  # nothing was sent


def metadata_of(m: M, operation: str) -> list[Any]:
    return [c["client_metadata"] for c in m.pool.client_metadata(operation)]


def user(m: M, **attributes: str) -> Driver:
    name = f"a-{uuid.uuid4().hex[:8]}"
    m.emulator.create_user(m.pool.pool_id, name, PASSWORD, email=f"{name}@example.com", **attributes)
    return m.client(name)


def test_sign_in_and_renewal_send_their_metadata(m: M) -> None:
    cog = user(m)
    cog.authenticate(PASSWORD, client_metadata={"s": "srp"})
    # SRP's two requests (InitiateAuth, then the PASSWORD_VERIFIER answer) both carry it.
    assert metadata_of(m, "InitiateAuth") == [{"s": "srp"}]
    assert metadata_of(m, "RespondToAuthChallenge") == [{"s": "srp"}]
    cog.admin_authenticate(PASSWORD, client_metadata={"s": "admin"})
    assert metadata_of(m, "AdminInitiateAuth") == [{"s": "admin"}]
    cog.renew_access_token(client_metadata={"s": "renew"})
    assert metadata_of(m, "InitiateAuth")[-1] == {"s": "renew"}
    # An access token past its exp: check_token renews, with the metadata given.
    cog.client.access_token = make_jwt({"username": cog.username, "exp": 1, "token_use": "access"})
    assert cog.check_token(client_metadata={"s": "check"}) is True
    assert metadata_of(m, "InitiateAuth")[-1] == {"s": "check"}
    assert cog.access_claims["username"] == cog.username  # renewed, verified and stored
    assert cog.check_token(client_metadata={"s": "not sent"}) is False
    assert metadata_of(m, "InitiateAuth")[-1] == {"s": "check"}


def test_renewal_on_a_rotating_client_sends_its_metadata(m: M) -> None:
    cog = user(m)
    cog.authenticate(PASSWORD)
    m.emulator.set_refresh_token_rotation(cog.client_id, True, 5)
    cog.renew_access_token(client_metadata={"s": "rot"})
    assert metadata_of(m, "GetTokensFromRefreshToken") == [{"s": "rot"}]


def test_challenge_answers_send_their_metadata(m: M) -> None:
    cog = user(m, phone_number="+15555550100")
    m.emulator.enable_sms_mfa(m.pool.pool_id, cog.username)
    with pytest.raises(SMSMFAChallengeException):
        cog.authenticate(PASSWORD, client_metadata={"s": "first"})
    cog.respond_to_sms_mfa_challenge(m.code(cog.username, "mfa"), client_metadata={"s": "mfa"})
    assert cog.access_token
    assert metadata_of(m, "RespondToAuthChallenge") == [{"s": "first"}, {"s": "mfa"}]

    admin = m.client()
    name = f"t-{uuid.uuid4().hex[:8]}"
    admin.admin_create_user(name, temporary_password="Temp0rary!", email=f"{name}@example.com")
    m.client(name).new_password_challenge("Temp0rary!", "N3wPassword!", client_metadata={"s": "np"})
    assert metadata_of(m, "RespondToAuthChallenge")[-2:] == [{"s": "np"}, {"s": "np"}]
