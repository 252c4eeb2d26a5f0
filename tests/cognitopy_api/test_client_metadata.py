"""client_metadata= on the cognitopy family: what each call sent reaches the pool's Lambda
triggers (Python callables in the emulator), and a bad value is refused before any call."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fastcognito.cognitopy import ChallengeRequired, DesiredDelivery, MessageAction
from fastcognito.exceptions import UserLambdaValidationException, UserNotFoundException
from fastcognito.testing import Pool
from tests.helpers import PASSWORD, Api, make_jwt

META = {"campaign": "spring", "locale": "fr-FR"}


def record(pool: Pool) -> None:
    """Every trigger but the CUSTOM_AUTH ones, answering with their defaults."""
    for trigger in ("PreSignUp", "PostConfirmation", "CustomMessage"):
        pool.set_trigger(trigger, lambda event: event)


def seen(pool: Pool) -> list[tuple[str, Any]]:
    return [(e["event"]["triggerSource"], e["event"]["request"].get("clientMetadata")) for e in pool.trigger_events()]


def test_sign_up_confirm_and_resend_hand_their_metadata_to_the_triggers(api: Api) -> None:
    record(api.pool)
    name = f"u-{uuid.uuid4().hex[:8]}"
    api.api.register(name, PASSWORD, {"email": f"{name}@example.com"}, client_metadata=META)
    api.api.resend_confirmation_code(name, client_metadata={"step": "resend"})
    api.api.confirm_register(name, api.codes(name)["signup"], client_metadata={"step": "confirm"})
    assert seen(api.pool) == [
        ("PreSignUp_SignUp", META),
        ("CustomMessage_SignUp", META),
        ("CustomMessage_ResendCode", {"step": "resend"}),
        ("PostConfirmation_ConfirmSignUp", {"step": "confirm"}),
    ]
    pre = api.pool.trigger_events("PreSignUp")[0]["event"]
    assert pre["request"]["userAttributes"] == {"email": f"{name}@example.com"}
    assert pre["callerContext"]["clientId"] == api.client_id
    message = api.pool.trigger_events("CustomMessage")[0]["event"]["request"]
    assert message["codeParameter"] == "{####}" and message["userAttributes"]["email"] == f"{name}@example.com"
    assert [c["client_metadata"] for c in api.pool.client_metadata()] == [META, {"step": "resend"}, {"step": "confirm"}]


def test_password_recovery_hands_its_metadata_to_the_triggers(api: Api) -> None:
    name = api.confirmed()
    record(api.pool)
    api.api.initiate_forgot_password(name, client_metadata={"step": "forgot"})
    code = api.codes(name)["forgot"]
    api.api.confirm_forgot_password(name, code, PASSWORD + "2", client_metadata={"step": "reset"})
    assert seen(api.pool) == [
        ("CustomMessage_ForgotPassword", {"step": "forgot"}),
        ("PostConfirmation_ConfirmForgotPassword", {"step": "reset"}),
    ]
    assert api.api.login(name, PASSWORD + "2")["access_token"]


def test_admin_calls_hand_their_metadata_to_the_triggers(api: Api) -> None:
    pending, verified = api.registered(), api.confirmed(email_verified="true")
    record(api.pool)
    name = f"a-{uuid.uuid4().hex[:8]}"
    api.api.admin_create_user(
        name, {"email": f"{name}@example.com"}, False, None, [DesiredDelivery.EMAIL], client_metadata={"by": "admin"}
    )
    api.api.admin_create_user(
        f"q-{name}", {}, False, MessageAction.SUPPRESS, [], "Temp0rary!pw", client_metadata={"by": "quiet"}
    )
    api.api.admin_confirm_register(pending, client_metadata={"by": "confirm"})
    api.api.admin_reset_user_password(verified, client_metadata={"by": "reset"})
    api.api.admin_reset_password(verified, client_metadata={"by": "reset-2"})
    assert seen(api.pool) == [
        ("PreSignUp_AdminCreateUser", {"by": "admin"}),
        ("CustomMessage_AdminCreateUser", {"by": "admin"}),
        ("PreSignUp_AdminCreateUser", {"by": "quiet"}),  # a suppressed message runs no CustomMessage
        ("PostConfirmation_ConfirmSignUp", {"by": "confirm"}),
        ("CustomMessage_ForgotPassword", {"by": "reset"}),
        ("CustomMessage_ForgotPassword", {"by": "reset-2"}),
    ]
    admin = [e["event"]["callerContext"]["clientId"] for e in api.pool.trigger_events()]
    assert set(admin) == {"CLIENT_ID_NOT_APPLICABLE"}  # admin calls name no app client


def test_without_metadata_the_triggers_get_an_empty_map(api: Api) -> None:
    record(api.pool)
    name = api.registered()
    assert seen(api.pool) == [("PreSignUp_SignUp", {}), ("CustomMessage_SignUp", {})]
    assert api.pool.client_metadata("SignUp") == [{"operation": "SignUp", "client_metadata": None}]
    assert api.codes(name)["signup"]


def test_pre_sign_up_decides_as_cognito(api: Api) -> None:
    def auto(event: dict[str, Any]) -> dict[str, Any]:
        if event["request"]["clientMetadata"].get("invited") == "yes":
            event["response"].update(autoConfirmUser=True, autoVerifyEmail=True)
        return event

    api.pool.set_trigger("PreSignUp", auto)
    name = f"i-{uuid.uuid4().hex[:8]}"
    result = api.api.register(name, PASSWORD, {"email": f"{name}@example.com"}, client_metadata={"invited": "yes"})
    assert result.confirmed is True and result.delivery_details is None
    assert api.codes(name)["signup"] is None  # no code was sent
    user = api.api.admin_get_user(name)
    assert user["user_status"] == "CONFIRMED" and user["email_verified"] == "true"
    assert api.api.login(name, PASSWORD)["access_token"]

    def refuse(event: dict[str, Any]) -> None:
        raise ValueError("invitation only")

    api.pool.set_trigger("PreSignUp", refuse)
    with pytest.raises(UserLambdaValidationException, match="PreSignUp failed with error invitation only"):
        api.api.register(f"x-{name}", PASSWORD, {"email": "x@example.com"})
    with pytest.raises(UserNotFoundException):
        api.api.admin_get_user(f"x-{name}")


BAD = [["a", "b"], {"n": 1}, {1: "n"}, {"a": None}, "k=v"]


@pytest.mark.parametrize("bad", BAD, ids=lambda b: repr(b))
def test_bad_metadata_is_refused_before_any_call(api: Api, bad: Any) -> None:
    name = api.confirmed()
    calls = [
        lambda: api.api.register(f"n-{name}", PASSWORD, {}, client_metadata=bad),
        lambda: api.api.resend_confirmation_code(name, client_metadata=bad),
        lambda: api.api.confirm_register(name, "123456", client_metadata=bad),
        lambda: api.api.initiate_forgot_password(name, client_metadata=bad),
        lambda: api.api.confirm_forgot_password(name, "123456", PASSWORD, client_metadata=bad),
        lambda: api.api.admin_confirm_register(name, client_metadata=bad),
        lambda: api.api.admin_reset_user_password(name, client_metadata=bad),
        lambda: api.api.admin_reset_password(name, client_metadata=bad),
        lambda: api.api.admin_create_user(f"c-{name}", {}, False, None, [], client_metadata=bad),
        lambda: api.api.login(name, PASSWORD, client_metadata=bad),
        lambda: api.api.admin_login(name, PASSWORD, client_metadata=bad),
        lambda: api.api.renew_access_token(make_jwt({"username": name}), "refresh", client_metadata=bad),
        lambda: api.api.admin_renew_access_token(make_jwt({"username": name}), "refresh", client_metadata=bad),
        lambda: api.api.resolve_challenge_challenge_sms_mfa("session", "123456", name, client_metadata=bad),
        lambda: api.api.resolve_challenge_sms_mfa("session", "123456", name, client_metadata=bad),
        lambda: api.api.resolve_challenge_new_password("session", name, PASSWORD, client_metadata=bad),
        lambda: api.api.sign_in(name, auth_flow="CUSTOM_AUTH", client_metadata=bad),
    ]
    before = len(api.pool.client_metadata())
    for call in calls:
        with pytest.raises(TypeError, match="client_metadata"):
            call()
    assert len(api.pool.client_metadata()) == before  # nothing was sent


def metadata_of(api: Api, operation: str) -> list[Any]:
    return [c["client_metadata"] for c in api.pool.client_metadata(operation)]


def test_sign_in_and_renewal_send_their_metadata(api: Api) -> None:
    name = api.confirmed()
    tokens = api.api.login(name, PASSWORD, client_metadata={"s": "login"})
    admin = api.api.admin_login(name, PASSWORD, client_metadata={"s": "admin-login"})
    assert api.api.renew_access_token(tokens["access_token"], tokens["refresh_token"], client_metadata={"s": "renew"})
    access, refresh = admin["access_token"], admin["refresh_token"]
    assert api.api.admin_renew_access_token(access, refresh, client_metadata={"s": "admin-renew"})
    assert metadata_of(api, "InitiateAuth") == [{"s": "login"}, {"s": "renew"}]
    assert metadata_of(api, "AdminInitiateAuth") == [{"s": "admin-login"}, {"s": "admin-renew"}]
    api.api.login(name, PASSWORD)
    assert metadata_of(api, "InitiateAuth")[-1] is None  # none given, none sent


def test_renewal_on_a_rotating_client_sends_its_metadata(api: Api) -> None:
    api.emulator.set_refresh_token_rotation(api.client_id, True, 5)
    name = api.confirmed()
    tokens = api.api.login(name, PASSWORD)
    assert api.api.renew_access_token(tokens["access_token"], tokens["refresh_token"], client_metadata={"s": "rot"})
    assert metadata_of(api, "GetTokensFromRefreshToken")[-1] == {"s": "rot"}


@pytest.mark.parametrize("method", ["resolve_challenge_challenge_sms_mfa", "resolve_challenge_sms_mfa"])
def test_sms_mfa_answers_send_their_metadata(api: Api, method: str) -> None:
    name = api.confirmed(phone_number="+15555550100")
    api.emulator.enable_sms_mfa(api.pool.pool_id, name)
    with pytest.raises(ChallengeRequired) as info:
        api.api.login(name, PASSWORD, client_metadata={"s": "first"})
    code = api.codes(name)["mfa"]
    resolve = getattr(api.api, method)
    tokens = resolve(info.value.session, code, name, client_metadata={"s": "mfa"})
    assert tokens["access_token"]
    assert metadata_of(api, "InitiateAuth") == [{"s": "first"}]
    assert metadata_of(api, "AdminRespondToAuthChallenge") == [{"s": "mfa"}]


def test_the_new_password_answer_sends_its_metadata(api: Api) -> None:
    name = f"t-{uuid.uuid4().hex[:8]}"
    api.new_client().admin_create_user(
        name, {"email": f"{name}@example.com"}, False, "SUPPRESS", ["EMAIL"], "Temp0rary!"
    )
    with pytest.raises(ChallengeRequired) as info:
        api.api.admin_login(name, "Temp0rary!", client_metadata={"s": "temp"})
    tokens = api.api.resolve_challenge_new_password(
        info.value.session, name, "N3wPassword!", client_metadata={"s": "np"}
    )
    assert tokens["access_token"]
    assert metadata_of(api, "AdminInitiateAuth") == [{"s": "temp"}]
    assert metadata_of(api, "AdminRespondToAuthChallenge") == [{"s": "np"}]
