"""Calls made with the user's own access token, and the local token helpers."""

from __future__ import annotations

import time

import pytest

from fastcognito import CognitoPy
from fastcognito.cognitopy import ExceptionJWTCognito, ExceptionTokenExpired
from fastcognito.exceptions import NotAuthorizedException, UnsupportedTokenTypeException, UserNotFoundException
from tests.helpers import PASSWORD, Api, make_jwt


def test_delete_user(api: Api) -> None:
    name, tokens = api.logged_in()
    assert api.api.delete_user(tokens["access_token"]) is None
    with pytest.raises(UserNotFoundException):
        api.new_client().admin_get_user(name)
    with pytest.raises(NotAuthorizedException):
        api.api.delete_user(tokens["access_token"])


def test_delete_user_refuses_an_expired_token_locally(api: Api) -> None:
    expired = make_jwt({"sub": "x", "exp": int(time.time()) - 10})
    with pytest.raises(ExceptionTokenExpired, match="Token expired"):
        api.api.delete_user(expired)
    with pytest.raises(ExceptionJWTCognito, match="Error decoding token claims."):
        api.api.delete_user("garbage")


def test_change_password(api: Api) -> None:
    name, tokens = api.logged_in()
    assert api.api.change_password(PASSWORD, "Chang3dPassword", tokens["access_token"]) is None
    assert api.api.login(name, "Chang3dPassword")["access_token"]
    with pytest.raises(NotAuthorizedException):
        api.api.change_password("Wr0ngOldPassword", "An0therPassword", tokens["access_token"])
    expired = make_jwt({"sub": "x", "exp": int(time.time()) - 1})
    with pytest.raises(ExceptionTokenExpired):
        api.api.change_password(PASSWORD, "X", expired)


def test_revoke_refresh_token(api: Api) -> None:
    _name, tokens = api.logged_in()
    assert api.api.revoke_refresh_token(tokens["refresh_token"]) is None
    with pytest.raises(NotAuthorizedException):
        api.api.renew_access_token(tokens["access_token"], tokens["refresh_token"])
    with pytest.raises(UnsupportedTokenTypeException):
        api.api.revoke_refresh_token(tokens["access_token"])


def test_revoke_with_a_wrong_client_secret_fails(api: Api) -> None:
    if not api.with_secret:
        pytest.skip("public clients have no secret to get wrong")
    _name, tokens = api.logged_in()
    wrong = api.cls(api.pool.pool_id, api.client_id, "wrong-secret", True, endpoint_url=api.emulator.url)
    from tests.helpers import Driver

    with pytest.raises(NotAuthorizedException):
        Driver(wrong).revoke_refresh_token(tokens["refresh_token"])


def test_get_info_user_by_token(api: Api) -> None:
    token = make_jwt({"sub": "s-1", "username": "u-1", "cognito:groups": ["admins"], "exp": 1})
    assert api.api.get_info_user_by_token(token) == {"username": "u-1", "sub": "s-1", "groups": ["admins"]}
    assert api.api.get_info_user_by_token(make_jwt({"sub": "s-2"})) == {"username": "s-2", "sub": "s-2", "groups": []}
    with pytest.raises(ExceptionJWTCognito):
        api.api.get_info_user_by_token("a.b.c")
    with pytest.raises(ExceptionJWTCognito):
        api.api.get_info_user_by_token(make_jwt({"groups": []}))


def test_check_expired_token(api: Api) -> None:
    now = int(time.time())
    assert api.api.check_expired_token(make_jwt({"exp": now - 5})) is True
    assert api.api.check_expired_token(make_jwt({"exp": now + 300})) is False
    with pytest.raises(ExceptionJWTCognito):
        api.api.check_expired_token(make_jwt({"sub": "no-exp"}))
    with pytest.raises(ExceptionJWTCognito):
        api.api.check_expired_token("not a token")


def test_check_expired_token_is_a_staticmethod() -> None:
    assert CognitoPy.check_expired_token(make_jwt({"exp": 1})) is True
    assert CognitoPy.check_expired_token(access_token=make_jwt({"exp": int(time.time()) + 60})) is False
