"""Choice-based sign-in in mandate's family (Cognito awaited, SyncCognito blocking): the
object's username, and a finished sign-in leaves its tokens stored and verified."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fastcognito import SignInStep
from fastcognito.exceptions import CodeMismatchException, NotAuthorizedException
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD, Driver
from tests.mandate_api.test_mandate import FLAVOURS, M


@pytest.fixture(params=FLAVOURS)
def m(request: pytest.FixtureRequest, emulator: Emulator) -> M:
    cls, with_secret = request.param
    pool: Pool = emulator.setup(first_factors=["PASSWORD", "EMAIL_OTP", "SMS_OTP"])
    return M(emulator, pool, cls, with_secret)


def new_user(m: M, **attrs: Any) -> tuple[str, Driver]:
    name = f"m-{uuid.uuid4().hex[:8]}"
    attrs.setdefault("email", f"{name}@example.com")
    m.emulator.create_user(m.pool.pool_id, name, PASSWORD, **attrs)
    return name, m.client(username=name)


def assert_stored(cog: Driver, name: str) -> None:
    assert cog.access_token and cog.id_token and cog.refresh_token
    assert cog.access_claims is not None and cog.access_claims["username"] == name  # verified claims
    assert cog.id_claims is not None and cog.id_claims["cognito:username"] == name
    assert cog.token_type == "Bearer"


def test_email_otp_leaves_the_tokens_set_and_verified(m: M) -> None:
    name, cog = new_user(m)
    step = cog.sign_in(preferred_challenge="EMAIL_OTP")
    assert isinstance(step, SignInStep) and step.challenge_name == "EMAIL_OTP"
    assert cog.access_token is None
    done = cog.confirm_sign_in(step, code=m.emulator.code(m.pool.pool_id, name, "email_otp"))
    assert done.signed_in
    assert_stored(cog, name)
    assert done.tokens is not None and done.tokens["access_token"] == cog.access_token
    cog.check_token()  # the stored token is current: nothing to renew
    assert cog.get_user().username == name


def test_sms_otp_through_select_challenge(m: M) -> None:
    name, cog = new_user(m, phone_number="+15550009876")
    step = cog.sign_in()
    assert step.available_challenges == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]
    step = cog.confirm_sign_in(step, answer="SMS_OTP")
    cog.confirm_sign_in(step, code=m.emulator.code(m.pool.pool_id, name, "sms_otp"))
    assert_stored(cog, name)


@pytest.mark.parametrize("choice", ["PASSWORD", "PASSWORD_SRP"])
def test_password_completes_inside_sign_in(m: M, choice: str) -> None:
    name, cog = new_user(m)
    step = cog.sign_in(preferred_challenge=choice, password=PASSWORD)
    assert step.signed_in
    assert_stored(cog, name)


@pytest.mark.parametrize("choice", ["PASSWORD", "PASSWORD_SRP"])
def test_password_through_select_challenge(m: M, choice: str) -> None:
    name, cog = new_user(m)
    step = cog.sign_in()
    cog.confirm_sign_in(step, answer=choice, password=PASSWORD)
    assert_stored(cog, name)


def test_the_legacy_flows(m: M) -> None:
    name, cog = new_user(m)
    assert cog.sign_in(auth_flow="USER_SRP_AUTH", password=PASSWORD).signed_in
    assert_stored(cog, name)
    assert cog.sign_in(auth_flow="USER_PASSWORD_AUTH", password=PASSWORD).signed_in


def test_email_mfa_after_a_password(m: M) -> None:
    name, cog = new_user(m)
    m.emulator.set_user_mfa(m.pool.pool_id, name, "EMAIL_OTP", preferred=True)
    step = cog.sign_in(preferred_challenge="PASSWORD_SRP", password=PASSWORD)
    assert step.challenge_name == "EMAIL_OTP" and cog.access_token is None
    cog.confirm_sign_in(step, code=m.emulator.code(m.pool.pool_id, name, "email_mfa"))
    assert_stored(cog, name)


def test_select_mfa_type(m: M) -> None:
    name, cog = new_user(m, phone_number="+15550001111")
    m.emulator.set_user_mfa(m.pool.pool_id, name, "EMAIL_OTP")
    m.emulator.set_user_mfa(m.pool.pool_id, name, "SMS_MFA")
    step = cog.sign_in(preferred_challenge="PASSWORD", password=PASSWORD)
    assert step.challenge_name == "SELECT_MFA_TYPE"
    step = cog.confirm_sign_in(step, answer="SMS_MFA")
    assert step.challenge_name == "SMS_MFA"
    cog.confirm_sign_in(step, code=m.emulator.code(m.pool.pool_id, name, "mfa"))
    assert_stored(cog, name)


def test_a_wrong_code_then_the_right_one(m: M) -> None:
    name, cog = new_user(m)
    step = cog.sign_in(preferred_challenge="EMAIL_OTP")
    right = m.emulator.code(m.pool.pool_id, name, "email_otp")
    with pytest.raises(CodeMismatchException):
        cog.confirm_sign_in(step, code="000000" if right != "000000" else "111111")
    assert cog.access_token is None
    cog.confirm_sign_in(step, code=right)
    assert_stored(cog, name)
    with pytest.raises(NotAuthorizedException, match="only be used once"):
        cog.confirm_sign_in(step, code=right)


def test_an_expired_session(m: M) -> None:
    name, cog = new_user(m)
    step = cog.sign_in(preferred_challenge="EMAIL_OTP")
    m.emulator.expire_sign_in_sessions(m.pool.pool_id)
    with pytest.raises(NotAuthorizedException, match="session is expired"):
        cog.confirm_sign_in(step, code=m.emulator.code(m.pool.pool_id, name, "email_otp"))
    assert cog.access_token is None


def test_a_username_is_needed(m: M) -> None:
    with pytest.raises(ValueError, match="username"):
        m.client().sign_in(preferred_challenge="EMAIL_OTP")


def test_a_wrong_argument_is_sent_nowhere(m: M) -> None:
    cog = Driver(m.cls("us-east-1_x", "cid", username="u", endpoint_url="http://127.0.0.1:9", max_attempts=1))
    step = SignInStep(username="u", challenge_name="EMAIL_OTP", session="s" * 40)
    with pytest.raises(ValueError, match="the EMAIL_OTP step needs code="):
        cog.confirm_sign_in(step, answer="EMAIL_OTP")
    with pytest.raises(ValueError, match="needs password="):
        cog.sign_in(preferred_challenge="PASSWORD")
