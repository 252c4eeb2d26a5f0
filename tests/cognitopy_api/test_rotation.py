"""Refresh tokens in the cognitopy family: ``refresh_tokens`` (GetTokensFromRefreshToken) on
clients with and without rotation, and the renew methods on a rotating client."""

from __future__ import annotations

import time

import pytest

from fastcognito.exceptions import (
    InvalidParameterException,
    NotAuthorizedException,
    RefreshTokenReuseException,
)
from tests.helpers import Api

GRACE = 0.4  # seconds: the emulator's grace period may be a fraction of Cognito's whole seconds


def rotate(api: Api, grace: float = GRACE) -> None:
    api.emulator.set_refresh_token_rotation(api.client_id, True, grace)


def requests(api: Api, op: str) -> int:
    return api.emulator.requests(api.client_id).get(op, 0)


def test_refresh_tokens_rotates_and_the_old_token_dies_after_the_grace_period(api: Api) -> None:
    rotate(api)
    username, tokens = api.logged_in()
    first = api.api.refresh_tokens(tokens["refresh_token"])
    assert set(first) == {"access_token", "refresh_token", "id_token", "expires_in", "token_type"}
    assert first["refresh_token"] and first["refresh_token"] != tokens["refresh_token"]
    assert api.api.get_info_user_by_token(first["access_token"])["username"] == username
    assert api.api.get_user_auth_factors(first["access_token"])["username"] == username
    # Within the grace period the old token still works (a client's retry)...
    retry = api.api.refresh_tokens(tokens["refresh_token"])
    assert retry["refresh_token"] not in (None, tokens["refresh_token"])
    time.sleep(GRACE + 0.2)
    # ...then it is refused, and the new ones keep working.
    with pytest.raises(RefreshTokenReuseException):
        api.api.refresh_tokens(tokens["refresh_token"])
    second = api.api.refresh_tokens(first["refresh_token"])
    assert second["refresh_token"] not in (None, first["refresh_token"])
    api.api.refresh_tokens(retry["refresh_token"])


def test_without_a_grace_period_the_old_token_is_refused_at_once(api: Api) -> None:
    rotate(api, 0)
    _username, tokens = api.logged_in()
    api.api.refresh_tokens(tokens["refresh_token"])
    with pytest.raises(RefreshTokenReuseException):
        api.api.refresh_tokens(tokens["refresh_token"])


def test_refresh_tokens_on_a_client_without_rotation(api: Api) -> None:
    username, tokens = api.logged_in()
    for _ in range(2):  # the same refresh token, again and again
        renewed = api.api.refresh_tokens(tokens["refresh_token"], username=username)
        assert renewed["refresh_token"] is None
        assert renewed["access_token"] and renewed["id_token"] and renewed["token_type"] == "Bearer"
        assert api.api.get_info_user_by_token(renewed["access_token"])["username"] == username
    assert requests(api, "GetTokensFromRefreshToken") == 2


def test_refresh_tokens_refuses_revoked_and_unknown_tokens(api: Api) -> None:
    _username, tokens = api.logged_in()
    api.api.revoke_refresh_token(tokens["refresh_token"])
    with pytest.raises(NotAuthorizedException):
        api.api.refresh_tokens(tokens["refresh_token"])
    with pytest.raises(NotAuthorizedException):
        api.api.refresh_tokens("not-a-refresh-token")


def test_refresh_tokens_needs_the_right_client_secret(api: Api) -> None:
    if not api.with_secret:
        pytest.skip("only an app client with a secret checks one")
    _username, tokens = api.logged_in()
    wrong = api.cls(api.pool.pool_id, api.client_id, "x" * 40, True, endpoint_url=api.emulator.url)
    from tests.helpers import Driver

    with pytest.raises(NotAuthorizedException):
        Driver(wrong).refresh_tokens(tokens["refresh_token"])


def test_renew_methods_are_transparent_on_a_rotating_client(api: Api) -> None:
    rotate(api, 0)
    username, tokens = api.logged_in()
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    # The caller keeps the refresh token it has: each renewal rotates it, and the next one
    # follows the rotation (the first refusal of REFRESH_TOKEN_AUTH is remembered).
    for renew in (api.api.renew_access_token, api.api.admin_renew_access_token, api.api.renew_access_token):
        renewed = renew(access, refresh)
        assert renewed != access
        assert api.api.get_info_user_by_token(renewed)["username"] == username
    assert requests(api, "GetTokensFromRefreshToken") == 3
    assert requests(api, "InitiateAuth") == 2  # the login, and the one refused refresh


def test_refresh_token_auth_is_refused_on_a_rotating_client(api: Api) -> None:
    rotate(api)
    _username, tokens = api.logged_in()
    core = api.api.client._core
    internal = api.api.get_info_user_by_token(tokens["access_token"])["username"]
    with pytest.raises(InvalidParameterException):
        core.initiate_auth("REFRESH_TOKEN_AUTH", {"REFRESH_TOKEN": tokens["refresh_token"]}, internal).wait()


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((None,), {}, ValueError),
        (("",), {}, ValueError),
        (("token",), {"username": 5}, ValueError),
        (("token",), {"client_metadata": ["a"]}, TypeError),
        (("token",), {"client_metadata": {"a": 1}}, TypeError),
    ],
)
def test_refresh_tokens_checks_its_arguments_before_any_call(api: Api, args: tuple, kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        api.api.refresh_tokens(*args, **kwargs)
    assert requests(api, "GetTokensFromRefreshToken") == 0


def test_client_metadata_is_sent(api: Api) -> None:
    _username, tokens = api.logged_in()
    renewed = api.api.refresh_tokens(tokens["refresh_token"], client_metadata={"app": "web"})
    assert renewed["access_token"]
