"""login, admin_login, renew/admin_renew_access_token and the challenge answers."""

from __future__ import annotations

import pytest

from fastcognito.cognitopy import ChallengeRequired, ExceptionAuthCognito
from fastcognito.exceptions import (
    CodeMismatchException,
    NotAuthorizedException,
    ResourceNotFoundException,
    UserNotConfirmedException,
    UserNotFoundException,
)
from tests.helpers import PASSWORD, Api

TOKEN_KEYS = {"access_token", "refresh_token", "id_token", "expires_in", "token_type"}


def test_login_returns_every_token(api: Api) -> None:
    name = api.confirmed()
    tokens = api.api.login(name, PASSWORD)
    assert set(tokens) == TOKEN_KEYS
    assert tokens["access_token"].count(".") == 2 and tokens["id_token"].count(".") == 2
    assert tokens["refresh_token"] and tokens["expires_in"] == 3600 and tokens["token_type"] == "Bearer"
    info = api.api.get_info_user_by_token(tokens["access_token"])
    assert info["username"] == name


def test_login_errors(api: Api) -> None:
    name = api.confirmed()
    with pytest.raises(NotAuthorizedException) as info:
        api.api.login(name, "Wr0ngPassword")
    err = info.value
    assert isinstance(err, ExceptionAuthCognito)
    assert err.code == "NotAuthorizedException" and err.operation == "InitiateAuth"
    assert err.response["Error"]["Code"] == "NotAuthorizedException"
    assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Wr0ngPassword" not in str(err) and "Wr0ngPassword" not in repr(err)
    with pytest.raises(UserNotFoundException):
        api.api.login("ghost", PASSWORD)
    unconfirmed = api.registered()
    with pytest.raises(UserNotConfirmedException):
        api.api.login(unconfirmed, PASSWORD)


def test_admin_login(api: Api) -> None:
    name = api.confirmed()
    tokens = api.api.admin_login(name, PASSWORD)
    assert set(tokens) == TOKEN_KEYS and tokens["access_token"]
    with pytest.raises(NotAuthorizedException):
        api.api.admin_login(name, "Wr0ngPassword")


@pytest.mark.parametrize("method", ["renew_access_token", "admin_renew_access_token"])
def test_renew_access_token(api: Api, method: str) -> None:
    _name, tokens = api.logged_in()
    renew = getattr(api.api, method)
    fresh = renew(tokens["access_token"], tokens["refresh_token"])
    assert isinstance(fresh, str) and fresh.count(".") == 2 and fresh != tokens["access_token"]
    with pytest.raises(NotAuthorizedException):
        renew(tokens["access_token"], "not-a-refresh-token")


def test_renew_keys_secret_hash_on_the_internal_username(api: Api, emulator, pool) -> None:
    """With email as the username, the internal username is the sub; the SECRET_HASH for
    refresh must be computed on it (the emulator checks)."""
    alias_pool = emulator.setup(username_attributes=["email"])
    holder = Api(emulator, alias_pool, api.cls, api.with_secret, api.api)
    holder.api = holder.new_client()
    email = "alias@example.com"
    holder.api.register(email, PASSWORD, {"email": email})
    internal = holder.new_client().admin_get_user(email)["username"]
    assert internal != email
    holder.api.confirm_register(email, holder.codes(email)["signup"])
    tokens = holder.api.login(email, PASSWORD)
    assert holder.api.get_info_user_by_token(tokens["access_token"])["username"] == internal
    assert holder.api.renew_access_token(tokens["access_token"], tokens["refresh_token"])


def _force_change_user(api: Api) -> str:
    name = "temp-user"
    admin = api.new_client()
    admin.admin_create_user(name, {"email": "t@example.com"}, False, "SUPPRESS", ["EMAIL"], "Temp0rary!")
    return name


def test_new_password_challenge(api: Api) -> None:
    name = _force_change_user(api)
    with pytest.raises(ChallengeRequired) as info:
        api.api.login(name, "Temp0rary!")
    challenge = info.value
    assert isinstance(challenge, ExceptionAuthCognito)
    assert challenge.challenge_name == "NEW_PASSWORD_REQUIRED" and challenge.session
    assert str(challenge).startswith(
        "The user must complete challenge auth use function admin_respond_to_auth_challenge"
    )
    assert f"challenge_name=NEW_PASSWORD_REQUIRED, the session is {challenge.session}." in str(challenge)
    with pytest.raises(ResourceNotFoundException):
        api.api.resolve_challenge_new_password("not-a-session", name, "N3wPassword!")
    tokens = api.api.resolve_challenge_new_password(challenge.session, name, "N3wPassword!")
    assert tokens["access_token"] and tokens["refresh_token"]
    assert api.api.login(name, "N3wPassword!")["id_token"]


def test_admin_login_challenge(api: Api) -> None:
    name = _force_change_user(api)
    with pytest.raises(ChallengeRequired) as info:
        api.api.admin_login(name, "Temp0rary!")
    assert info.value.challenge_name == "NEW_PASSWORD_REQUIRED"


@pytest.mark.parametrize("method", ["resolve_challenge_challenge_sms_mfa", "resolve_challenge_sms_mfa"])
def test_sms_mfa_challenge(api: Api, method: str) -> None:
    name = api.confirmed(phone_number="+15555550100")
    api.emulator.enable_sms_mfa(api.pool.pool_id, name)
    with pytest.raises(ChallengeRequired) as info:
        api.api.login(name, PASSWORD)
    assert info.value.challenge_name == "SMS_MFA"
    code = api.codes(name)["mfa"]
    resolve = getattr(api.api, method)
    with pytest.raises(CodeMismatchException):
        resolve(session=info.value.session, sms_mfa_code="000000" if code != "000000" else "1", username=name)
    with pytest.raises(ChallengeRequired) as again:
        api.api.login(name, PASSWORD)
    tokens = resolve(session=again.value.session, sms_mfa_code=api.codes(name)["mfa"], username=name)
    assert tokens["access_token"]
