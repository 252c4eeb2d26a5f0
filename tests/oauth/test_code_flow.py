"""The authorization-code + PKCE flow through OAuthClient / AsyncOAuthClient against the
emulator's managed login, with and without a client secret: tokens that verify, a wrong
verifier or a reused code refused, refresh, revocation, userInfo, logout."""

from __future__ import annotations

import urllib.request

import pytest

from fastcognito import TokenVerifier
from fastcognito._core import unverified_claims
from fastcognito.exceptions import InvalidGrantError, InvalidTokenError, OAuthError, ServiceError
from tests.oauth.support import CALLBACK, Flavour


def test_the_full_flow_gives_tokens_that_verify(flavour: Flavour) -> None:
    client = flavour.client()
    name = flavour.user()
    tokens = flavour.signed_in(client, name, nonce="n-1")
    assert set(tokens) == {"access_token", "id_token", "refresh_token", "expires_in", "token_type"}
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] > 0
    pool = flavour.pool
    access = TokenVerifier(pool.pool_id, flavour.client_id, endpoint_url=flavour.emulator.url).verify(
        tokens["access_token"]
    )
    assert access["username"] == name and access["client_id"] == flavour.client_id
    assert set(access["scope"].split()) == {"openid", "email", "profile"}
    ident = TokenVerifier(pool.pool_id, flavour.client_id, "id", endpoint_url=flavour.emulator.url).verify(
        tokens["id_token"]
    )
    assert ident["cognito:username"] == name and ident["email"] == f"{name}@example.com"
    assert ident["nonce"] == "n-1"


def test_a_wrong_verifier_is_refused(flavour: Flavour) -> None:
    client = flavour.client()
    code, _request = flavour.code(client, flavour.user())
    other = client.authorization_url(scopes="openid")  # a verifier of another request
    with pytest.raises(InvalidGrantError) as info:
        client.exchange_code(code, other.code_verifier)
    e = info.value
    assert e.error == "invalid_grant" and e.code == "invalid_grant" and e.http_status == 400
    assert e.error_description and "code_verifier" in e.error_description
    assert isinstance(e, OAuthError) and isinstance(e, ServiceError)
    assert other.code_verifier not in repr(e) + str(e)


def test_a_code_is_single_use_and_bound_to_its_redirect_uri(flavour: Flavour) -> None:
    client = flavour.client()
    name = flavour.user()
    code, request = flavour.code(client, name)
    client.exchange_code(code, request.code_verifier)
    with pytest.raises(InvalidGrantError):
        client.exchange_code(code, request.code_verifier)
    code, request = flavour.code(client, name)
    with pytest.raises(InvalidGrantError, match="redirect_uri"):
        client.exchange_code(code, request.code_verifier, redirect_uri="http://localhost/other")
    code, request = flavour.code(client, name)
    flavour.emulator.expire_authorization_codes(flavour.pool.pool_id)
    with pytest.raises(InvalidGrantError):
        client.exchange_code(code, request.code_verifier)


def test_refresh_then_revoke(flavour: Flavour) -> None:
    client = flavour.client()
    tokens = flavour.signed_in(client, flavour.user())
    renewed = client.refresh(tokens["refresh_token"])
    assert renewed["refresh_token"] == tokens["refresh_token"]  # not rotated: the same one to keep
    assert renewed["access_token"] != tokens["access_token"] and renewed["id_token"]
    before, after = unverified_claims(tokens["access_token"]), unverified_claims(renewed["access_token"])
    assert after["origin_jti"] == before["origin_jti"] and after["scope"] == before["scope"]
    assert client.revoke(tokens["refresh_token"]) is None
    with pytest.raises(InvalidGrantError):
        client.refresh(tokens["refresh_token"])
    with pytest.raises(InvalidTokenError):
        client.userinfo(renewed["access_token"])  # issued from the revoked refresh token


def test_userinfo_needs_openid(flavour: Flavour) -> None:
    client = flavour.client()
    name = flavour.user()
    info = client.userinfo(flavour.signed_in(client, name)["access_token"])
    assert info["username"] == name and info["email"] == f"{name}@example.com"
    without = flavour.signed_in(client, name, scopes=["aws.cognito.signin.user.admin"])
    with pytest.raises(InvalidTokenError) as refused:
        client.userinfo(without["access_token"])
    assert refused.value.error == "invalid_token" and refused.value.http_status == 401
    assert "openid" in (refused.value.error_description or "")


def test_a_given_state_and_login_hint_travel(flavour: Flavour) -> None:
    client = flavour.client()
    name = flavour.user()
    code, request = flavour.code(client, name, state="my-state", login_hint=name)
    assert request.state == "my-state" and "login_hint=" in request.url
    assert client.exchange_code(code, request.code_verifier)["access_token"]


def test_logout_url_redirects_to_the_registered_uri(flavour: Flavour) -> None:
    url = flavour.client().logout_url("http://localhost/")
    assert url.startswith(f"{flavour.emulator.url}/logout?client_id={flavour.client_id}&")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(url, timeout=10)
    assert answer.value.code == 302 and answer.value.headers["Location"] == "http://localhost/"


def test_the_client_closes_and_reopens(flavour: Flavour) -> None:
    client = flavour.client()
    tokens = flavour.signed_in(client, flavour.user())
    client.close()
    assert client.refresh(tokens["refresh_token"])["access_token"]
    assert CALLBACK == client.redirect_uri


def test_the_endpoint_variable_points_the_client_at_the_emulator(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", flavour.emulator.url)
    client = flavour.client(endpoint_url=None)
    assert client.base_url == flavour.emulator.url
    assert flavour.signed_in(client, flavour.user())["access_token"]
