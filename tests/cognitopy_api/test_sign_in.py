"""Choice-based sign-in (USER_AUTH) and the other flows through ``sign_in``/``confirm_sign_in``,
in the four cognitopy flavours (blocking/awaited x public client/with a secret)."""

from __future__ import annotations

import uuid

import pytest

from fastcognito import SignInStep
from fastcognito.enums import AuthFlow
from fastcognito.exceptions import (
    CodeMismatchException,
    ExpiredCodeException,
    NotAuthorizedException,
)
from fastcognito.testing import _moto
from tests.helpers import PASSWORD, Api

ALL_FACTORS = ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]


def user(api: Api, *, factors: list[str] = ALL_FACTORS, phone: bool = True) -> str:
    """A confirmed user with an email (and a phone), in a pool allowing ``factors`` first."""
    api.emulator.set_first_factors(api.pool.pool_id, factors)
    name = f"user-{uuid.uuid4().hex[:10]}"
    attrs = {"email": f"{name}@example.com"}
    if phone:
        attrs["phone_number"] = "+15550001234"
    api.emulator.create_user(api.pool.pool_id, name, PASSWORD, **attrs)
    return name


def code(api: Api, username: str, purpose: str) -> str:
    return api.emulator.code(api.pool.pool_id, username, purpose)


def assert_signed_in(step: SignInStep) -> None:
    assert step.signed_in and step.challenge_name is None
    assert step.tokens is not None
    assert set(step.tokens) == {"access_token", "refresh_token", "id_token", "expires_in", "token_type"}
    assert step.tokens["access_token"].count(".") == 2 and step.tokens["refresh_token"]


def test_email_otp_as_preferred_challenge(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name, preferred_challenge="EMAIL_OTP")
    assert step.challenge_name == "EMAIL_OTP" and not step.signed_in
    assert step.parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    assert step.parameters["CODE_DELIVERY_DESTINATION"].startswith(name[0] + "***@")
    done = api.api.confirm_sign_in(step, code=code(api, name, "email_otp"))
    assert_signed_in(done)
    # The tokens are real: GetUser-backed calls accept them.
    assert api.api.get_info_user_by_token(done.tokens["access_token"])["username"] == name


def test_select_challenge_lists_the_users_options_then_sms_otp(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name)
    assert step.challenge_name == "SELECT_CHALLENGE"
    assert step.available_challenges == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]
    step = api.api.confirm_sign_in(step, answer="SMS_OTP")
    assert step.challenge_name == "SMS_OTP"
    assert step.parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    assert_signed_in(api.api.confirm_sign_in(step, code=code(api, name, "sms_otp")))


def test_a_user_without_a_phone_is_not_offered_sms_otp(api: Api) -> None:
    name = user(api, phone=False)
    assert "SMS_OTP" not in api.api.sign_in(name).available_challenges


def test_the_pools_first_factors_limit_the_choice(api: Api) -> None:
    name = user(api, factors=["PASSWORD"])
    step = api.api.sign_in(name)
    assert step.available_challenges == ["PASSWORD", "PASSWORD_SRP"]
    with pytest.raises(Exception, match="not available"):
        api.api.sign_in(name, preferred_challenge="EMAIL_OTP")


@pytest.mark.parametrize("choice", ["PASSWORD", "PASSWORD_SRP"])
def test_password_through_select_challenge(api: Api, choice: str) -> None:
    name = user(api)
    step = api.api.sign_in(name)
    assert_signed_in(api.api.confirm_sign_in(step, answer=choice, password=PASSWORD))


@pytest.mark.parametrize("choice", ["PASSWORD", "PASSWORD_SRP"])
def test_password_as_preferred_challenge_completes_in_the_call(api: Api, choice: str) -> None:
    name = user(api)
    assert_signed_in(api.api.sign_in(name, preferred_challenge=choice, password=PASSWORD))


@pytest.mark.parametrize("choice", ["PASSWORD", "PASSWORD_SRP"])
def test_a_wrong_password_is_refused(api: Api, choice: str) -> None:
    name = user(api)
    with pytest.raises(NotAuthorizedException):
        api.api.sign_in(name, preferred_challenge=choice, password="Wr0ngPassword")


@pytest.mark.parametrize("flow", ["USER_SRP_AUTH", AuthFlow.USER_PASSWORD_AUTH])
def test_the_password_flows(api: Api, flow: object) -> None:
    name = user(api)
    assert_signed_in(api.api.sign_in(name, auth_flow=flow, password=PASSWORD))


def test_email_mfa_after_a_password(api: Api) -> None:
    name = user(api)
    api.emulator.set_user_mfa(api.pool.pool_id, name, "EMAIL_OTP", preferred=True)
    step = api.api.sign_in(name, preferred_challenge="PASSWORD_SRP", password=PASSWORD)
    assert step.challenge_name == "EMAIL_OTP"
    assert step.username == name
    assert_signed_in(api.api.confirm_sign_in(step, code=code(api, name, "email_mfa")))


def test_an_email_otp_sign_in_asks_for_no_mfa(api: Api) -> None:
    name = user(api)
    api.emulator.set_user_mfa(api.pool.pool_id, name, "SMS_MFA", preferred=True)
    step = api.api.sign_in(name, preferred_challenge="EMAIL_OTP")
    assert_signed_in(api.api.confirm_sign_in(step, code=code(api, name, "email_otp")))


@pytest.mark.parametrize("choice", ["SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA"])
def test_select_mfa_type(api: Api, choice: str) -> None:
    name = user(api)
    for factor in ("SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA"):
        api.emulator.set_user_mfa(api.pool.pool_id, name, factor)
    step = api.api.sign_in(name, preferred_challenge="PASSWORD", password=PASSWORD)
    assert step.challenge_name == "SELECT_MFA_TYPE"
    assert "MFAS_CAN_CHOOSE" in step.parameters
    with pytest.raises(ValueError, match="SELECT_MFA_TYPE step needs answer="):
        api.api.confirm_sign_in(step, answer="WEB_AUTHN")
    step = api.api.confirm_sign_in(step, answer=choice)
    assert step.challenge_name == choice
    if choice == "SOFTWARE_TOKEN_MFA":
        answer = _moto.totp_code("asdfasdfasdf")  # moto's one TOTP secret
    else:
        answer = code(api, name, "mfa" if choice == "SMS_MFA" else "email_mfa")
    assert_signed_in(api.api.confirm_sign_in(step, code=answer))


def test_a_wrong_code_keeps_the_session_for_a_retry(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name, preferred_challenge="EMAIL_OTP")
    with pytest.raises(CodeMismatchException):
        api.api.confirm_sign_in(step, code="000000" if code(api, name, "email_otp") != "000000" else "111111")
    assert_signed_in(api.api.confirm_sign_in(step, code=code(api, name, "email_otp")))


def test_three_wrong_codes_end_the_session(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name, preferred_challenge="EMAIL_OTP")
    right = code(api, name, "email_otp")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(3):
        with pytest.raises(CodeMismatchException):
            api.api.confirm_sign_in(step, code=wrong)
    with pytest.raises(NotAuthorizedException, match="session"):
        api.api.confirm_sign_in(step, code=right)


def test_a_replayed_code_is_refused(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name, preferred_challenge="EMAIL_OTP")
    right = code(api, name, "email_otp")
    assert_signed_in(api.api.confirm_sign_in(step, code=right))
    with pytest.raises(NotAuthorizedException, match="only be used once"):
        api.api.confirm_sign_in(step, code=right)
    # Nor does the spent code open a new sign-in.
    fresh = api.api.sign_in(name, preferred_challenge="EMAIL_OTP")
    if code(api, name, "email_otp") != right:
        with pytest.raises(CodeMismatchException):
            api.api.confirm_sign_in(fresh, code=right)


def test_an_expired_session_is_refused(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name, preferred_challenge="EMAIL_OTP")
    assert api.emulator.expire_sign_in_sessions(api.pool.pool_id) == 1
    with pytest.raises(NotAuthorizedException, match="session is expired"):
        api.api.confirm_sign_in(step, code=code(api, name, "email_otp"))


def test_an_expired_code_is_refused(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name, preferred_challenge="SMS_OTP")
    api.emulator.expire_sign_in_codes(api.pool.pool_id)
    with pytest.raises(ExpiredCodeException):
        api.api.confirm_sign_in(step, code=code(api, name, "sms_otp"))


def test_the_answer_must_be_the_challenge_the_session_asked(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name, preferred_challenge="EMAIL_OTP")
    forged = SignInStep(username=step.username, challenge_name="SMS_OTP", session=step.session)
    with pytest.raises(Exception, match="expects the EMAIL_OTP challenge"):
        api.api.confirm_sign_in(forged, code="123456")


def test_the_step_repr_hides_session_and_tokens(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name, preferred_challenge="EMAIL_OTP")
    assert step.session and step.session not in repr(step)
    assert "EMAIL_OTP" in repr(step)
    done = api.api.confirm_sign_in(step, code=code(api, name, "email_otp"))
    assert done.tokens is not None
    for token in (done.tokens["access_token"], done.tokens["refresh_token"], done.tokens["id_token"]):
        assert token not in repr(done)


def test_client_metadata_is_accepted(api: Api) -> None:
    name = user(api)
    step = api.api.sign_in(name, preferred_challenge="EMAIL_OTP", client_metadata={"app": "tests"})
    done = api.api.confirm_sign_in(step, code=code(api, name, "email_otp"), client_metadata={"app": "tests"})
    assert done.signed_in


def test_sign_in_by_alias_with_the_internal_username(emulator: object, client_cls: type) -> None:
    from fastcognito.testing import Emulator

    assert isinstance(emulator, Emulator)
    pool = emulator.setup(username_attributes=["email"], first_factors=ALL_FACTORS)
    email = f"a-{uuid.uuid4().hex[:8]}@example.com"
    emulator.create_user(pool.pool_id, email, PASSWORD, email=email)
    for with_secret in (False, True):
        holder = Api(emulator, pool, client_cls, with_secret, None)  # type: ignore[arg-type]
        client = holder.new_client()
        step = client.sign_in(email, preferred_challenge="EMAIL_OTP")
        assert step.username != email  # Cognito's internal name: what SECRET_HASH is keyed on
        done = client.confirm_sign_in(step, code=emulator.code(pool.pool_id, email, "email_otp"))
        assert done.signed_in
        step = client.sign_in(email)
        assert client.confirm_sign_in(step, answer="PASSWORD_SRP", password=PASSWORD).signed_in


# ---- arguments checked before anything is sent: the client points at a closed port ---------
def offline(client_cls: type) -> object:
    from tests.helpers import Driver

    return Driver(client_cls("us-east-1_x", "cid", "", endpoint_url="http://127.0.0.1:9", max_attempts=1))


def waiting(name: str, **kwargs: object) -> SignInStep:
    return SignInStep(username="u", challenge_name=name, session="s" * 40, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("step", "kwargs", "message"),
    [
        (waiting("EMAIL_OTP"), {}, r"the EMAIL_OTP step needs code= .*missing code"),
        (waiting("EMAIL_OTP"), {"answer": "x"}, r"the EMAIL_OTP step needs code="),
        (waiting("SMS_OTP"), {"code": "1", "password": "p"}, r"SMS_OTP step needs code=.*password does not apply"),
        (waiting("SMS_MFA"), {"new_password": "p"}, r"SMS_MFA step needs code="),
        (waiting("SOFTWARE_TOKEN_MFA"), {}, r"SOFTWARE_TOKEN_MFA step needs code="),
        (waiting("SELECT_CHALLENGE", available_challenges=["EMAIL_OTP"]), {}, r"needs answer= \(one of EMAIL_OTP\)"),
        (waiting("SELECT_CHALLENGE", available_challenges=["EMAIL_OTP"]), {"answer": "SMS_OTP"}, "not one of them"),
        (
            waiting("SELECT_CHALLENGE", available_challenges=["PASSWORD"]),
            {"answer": "PASSWORD"},
            "missing password",
        ),
        (waiting("SELECT_CHALLENGE", available_challenges=["EMAIL_OTP"]), {"answer": "EMAIL_OTP", "code": "1"}, "code"),
        (waiting("NEW_PASSWORD_REQUIRED"), {"password": "p"}, r"needs new_password="),
        (waiting("WEB_AUTHN"), {}, r"needs credential="),
        (waiting("CUSTOM_CHALLENGE"), {"code": "1"}, r"CUSTOM_CHALLENGE step needs answer="),
        (waiting("SELECT_MFA_TYPE", parameters={"MFAS_CAN_CHOOSE": '["SMS_MFA"]'}), {"answer": "X"}, "SMS_MFA"),
        (waiting("DEVICE_SRP_AUTH"), {"answer": "x"}, "cannot answer a DEVICE_SRP_AUTH step"),
        (SignInStep(username="u", tokens={"access_token": "a"}), {"code": "1"}, "signed in already"),
    ],
)
def test_confirm_sign_in_refuses_what_the_step_does_not_need(
    client_cls: type, step: SignInStep, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        offline(client_cls).confirm_sign_in(step, **kwargs)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"preferred_challenge": "PASSWORD"}, ValueError, "needs password="),
        ({"preferred_challenge": "PASSWORD_SRP"}, ValueError, "needs password="),
        ({"auth_flow": "USER_SRP_AUTH"}, ValueError, "needs password="),
        ({"preferred_challenge": "EMAIL_OTP", "password": "p"}, ValueError, "password= goes with"),
        ({"preferred_challenge": "TOTP"}, ValueError, "preferred_challenge must be one of"),
        ({"auth_flow": "REFRESH_TOKEN_AUTH"}, ValueError, "auth_flow must be one of"),
        ({"auth_flow": AuthFlow.REFRESH_TOKEN_AUTH}, ValueError, "auth_flow must be one of"),
        ({"auth_flow": "CUSTOM_AUTH", "preferred_challenge": "EMAIL_OTP"}, ValueError, "goes with auth_flow"),
        ({"client_metadata": {"a": 1}}, TypeError, "client_metadata must be a dict of str to str"),
        ({"client_metadata": "x"}, TypeError, "client_metadata must be a dict of str to str"),
    ],
)
def test_sign_in_checks_its_arguments_before_sending(
    client_cls: type, kwargs: dict[str, object], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        offline(client_cls).sign_in("alice", **kwargs)  # type: ignore[attr-defined]


def test_confirm_sign_in_needs_a_step(client_cls: type) -> None:
    with pytest.raises(TypeError, match="SignInStep"):
        offline(client_cls).confirm_sign_in({"ChallengeName": "EMAIL_OTP"}, code="1")  # type: ignore[attr-defined]


def test_new_password_required_through_confirm_sign_in(api: Api) -> None:
    name = f"user-{uuid.uuid4().hex[:10]}"
    api.api.admin_create_user(name, {"email": f"{name}@example.com"}, False, "SUPPRESS", ["EMAIL"], "Temp0rary!x")
    step = api.api.sign_in(name, auth_flow="USER_PASSWORD_AUTH", password="Temp0rary!x")
    assert step.challenge_name == "NEW_PASSWORD_REQUIRED"
    with pytest.raises(ValueError, match="needs new_password="):
        api.api.confirm_sign_in(step, password="Fresh-Passw0rd")
    assert_signed_in(api.api.confirm_sign_in(step, new_password="Fresh-Passw0rd"))
    assert api.api.login(name, "Fresh-Passw0rd")["access_token"]


def test_sms_mfa_after_a_legacy_password_flow(api: Api) -> None:
    name = user(api)
    api.emulator.enable_sms_mfa(api.pool.pool_id, name)
    step = api.api.sign_in(name, auth_flow="USER_SRP_AUTH", password=PASSWORD)
    assert step.challenge_name == "SMS_MFA"
    with pytest.raises(CodeMismatchException):
        api.api.confirm_sign_in(step, code="not-it")
    step = api.api.sign_in(name, auth_flow="USER_SRP_AUTH", password=PASSWORD)
    assert_signed_in(api.api.confirm_sign_in(step, code=code(api, name, "mfa")))
