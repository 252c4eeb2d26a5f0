"""The managed login after sign-in, over plain HTTP: refresh, revocation (the refresh token
and every token issued from it refused afterwards), userInfo (openid needed), logout,
client credentials (resource-server scopes), the discovery document and the request count."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest

from fastcognito import CognitoPy, TokenVerifier
from fastcognito._core import unverified_claims
from fastcognito.testing import Emulator, Pool
from tests.emulator.oauth_support import Answer, basic, http, signed_in, token, user
from tests.helpers import PASSWORD


def refresh(emulator: Emulator, pool: Pool, refresh_token: str) -> Answer:
    form = {"grant_type": "refresh_token", "client_id": pool.public_client_id, "refresh_token": refresh_token}
    return token(emulator, form)


def user_info(emulator: Emulator, access_token: str, method: str = "GET") -> Answer:
    return http(method, f"{emulator.url}/oauth2/userInfo", headers={"Authorization": f"Bearer {access_token}"})


def revoke(emulator: Emulator, form: dict[str, str], headers: dict[str, str] | None = None) -> Answer:
    return http("POST", f"{emulator.url}/oauth2/revoke", form, headers)


@pytest.fixture
def m2m_pool(emulator: Emulator) -> Pool:
    return emulator.setup(resource_server={"identifier": "api", "scopes": ["read", "write"]})


def test_refresh_keeps_the_scopes_and_auth_time(emulator: Emulator, pool: Pool) -> None:
    tokens = signed_in(emulator, pool, user(emulator, pool), scope="openid email")
    answer = refresh(emulator, pool, tokens["refresh_token"])
    assert answer.status == 200
    renewed = answer.json()
    assert set(renewed) == {"access_token", "id_token", "token_type", "expires_in"}
    before, after = unverified_claims(tokens["access_token"]), unverified_claims(renewed["access_token"])
    assert after["scope"] == "openid email" and after["auth_time"] == before["auth_time"]
    assert after["origin_jti"] == before["origin_jti"] and after["jti"] != before["jti"]
    TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url).verify(renewed["access_token"])


def test_an_unknown_refresh_token_or_another_clients_is_invalid_grant(emulator: Emulator, pool: Pool) -> None:
    tokens = signed_in(emulator, pool, user(emulator, pool))
    assert refresh(emulator, pool, "not-a-token").json()["error"] == "invalid_grant"
    form = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    answer = token(emulator, form, basic(pool.secret_client_id, pool.client_secret))
    assert answer.status == 400 and answer.json()["error"] == "invalid_grant"


def test_an_oauth_refresh_token_works_with_refresh_token_auth(emulator: Emulator, pool: Pool) -> None:
    tokens = signed_in(emulator, pool, user(emulator, pool))
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as client:
        renewed = client.renew_access_token(tokens["access_token"], tokens["refresh_token"])
        # The OAuth access token is one the API knows too.
        assert client.get_info_user_by_token(tokens["access_token"])["username"] == "ann"
    assert unverified_claims(renewed)["client_id"] == pool.public_client_id


def test_user_info_answers_the_scopes_attributes(emulator: Emulator, pool: Pool) -> None:
    tokens = signed_in(emulator, pool, user(emulator, pool), scope="openid email")
    for method in ("GET", "POST"):
        answer = user_info(emulator, tokens["access_token"], method)
        assert answer.status == 200
        info = answer.json()
        assert info["username"] == "ann" and info["email"] == "ann@example.com" and info["email_verified"] == "true"
        assert info["sub"] == unverified_claims(tokens["access_token"])["sub"]


def test_user_info_refuses_tokens_without_openid_or_from_the_api(emulator: Emulator, pool: Pool) -> None:
    tokens = signed_in(emulator, pool, user(emulator, pool), scope="aws.cognito.signin.user.admin")
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as client:
        api_tokens = client.login("ann", PASSWORD)
    for access in (tokens["access_token"], api_tokens["access_token"], "garbage"):
        answer = user_info(emulator, access)
        assert answer.status == 401 and 'error="invalid_token"' in answer.headers["WWW-Authenticate"]
    answer = http("GET", f"{emulator.url}/oauth2/userInfo")
    assert answer.status == 401 and "WWW-Authenticate" in answer.headers


def test_revoke_refuses_the_refresh_token_and_the_tokens_from_it(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    tokens = signed_in(emulator, pool, name)
    renewed = refresh(emulator, pool, tokens["refresh_token"]).json()
    other = signed_in(emulator, pool, name)  # another sign-in: untouched
    answer = revoke(emulator, {"token": tokens["refresh_token"], "client_id": pool.public_client_id})
    assert answer.status == 200 and answer.body == b""
    assert refresh(emulator, pool, tokens["refresh_token"]).json()["error"] == "invalid_grant"
    for access in (tokens["access_token"], renewed["access_token"]):
        assert user_info(emulator, access).status == 401
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as client:
        with pytest.raises(Exception, match="NotAuthorized|revoked|Invalid"):
            client.renew_access_token(tokens["access_token"], tokens["refresh_token"])
    assert user_info(emulator, other["access_token"]).status == 200
    # Revoking again, or an unknown token, is a success (RFC 7009).
    assert revoke(emulator, {"token": tokens["refresh_token"], "client_id": pool.public_client_id}).status == 200


def test_revoke_errors(emulator: Emulator, pool: Pool) -> None:
    tokens = signed_in(emulator, pool, user(emulator, pool))
    answer = revoke(emulator, {"token": tokens["access_token"], "client_id": pool.public_client_id})
    assert answer.status == 400 and answer.json()["error"] == "unsupported_token_type"
    answer = revoke(emulator, {"client_id": pool.public_client_id})
    assert answer.status == 400 and answer.json()["error"] == "invalid_request"
    answer = revoke(emulator, {"token": tokens["refresh_token"], "client_id": pool.secret_client_id})
    assert answer.status == 401 and answer.json()["error"] == "invalid_client"
    answer = revoke(emulator, {"token": tokens["refresh_token"]}, basic(pool.secret_client_id, pool.client_secret))
    assert answer.status == 400 and answer.json()["error"] == "unauthorized_client"
    assert refresh(emulator, pool, tokens["refresh_token"]).status == 200  # still valid
    assert emulator.requests(pool.secret_client_id) == {"oauth2/revoke": 2}


def test_logout_redirects_to_a_registered_uri_only(emulator: Emulator, pool: Pool) -> None:
    answer = http("GET", f"{emulator.url}/logout?client_id={pool.public_client_id}&logout_uri=http://localhost/")
    assert answer.status == 302 and answer.location == "http://localhost/"
    answer = http("GET", f"{emulator.url}/logout?client_id={pool.public_client_id}&logout_uri=https://evil.example/")
    assert answer.status == 400 and "Location" not in answer.headers
    answer = http("GET", f"{emulator.url}/logout?client_id=nobody&logout_uri=http://localhost/")
    assert answer.status == 400


def test_logout_with_a_redirect_uri_leads_to_the_sign_in_page(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    query = f"client_id={pool.public_client_id}&redirect_uri=http://localhost/callback&response_type=code&state=s2"
    answer = http("GET", f"{emulator.url}/logout?{query}")
    assert answer.status == 302 and answer.location.startswith("/login?")
    location = emulator.authorize(emulator.url + answer.location, name, PASSWORD)
    assert location.startswith("http://localhost/callback?code=") and location.endswith("&state=s2")


def test_client_credentials_give_a_token_with_resource_scopes(emulator: Emulator, m2m_pool: Pool) -> None:
    assert m2m_pool.m2m_client_id and m2m_pool.m2m_client_secret
    assert m2m_pool.m2m_client_secret not in repr(m2m_pool)
    auth = basic(m2m_pool.m2m_client_id, m2m_pool.m2m_client_secret)
    answer = token(emulator, {"grant_type": "client_credentials"}, auth)
    assert answer.status == 200
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    claims = TokenVerifier(m2m_pool.pool_id, m2m_pool.m2m_client_id, endpoint_url=emulator.url).verify(
        body["access_token"]
    )
    assert claims["scope"] == "api/read api/write" and claims["sub"] == m2m_pool.m2m_client_id
    assert claims["token_use"] == "access" and "username" not in claims
    answer = token(emulator, {"grant_type": "client_credentials", "scope": "api/read"}, auth)
    assert unverified_claims(answer.json()["access_token"])["scope"] == "api/read"
    form = {
        "grant_type": "client_credentials",
        "client_id": m2m_pool.m2m_client_id,
        "client_secret": m2m_pool.m2m_client_secret,
    }
    assert token(emulator, form).status == 200


def test_client_credentials_errors(emulator: Emulator, m2m_pool: Pool, pool: Pool) -> None:
    assert pool.m2m_client_id is None and pool.m2m_client_secret is None
    assert m2m_pool.m2m_client_id and m2m_pool.m2m_client_secret
    auth = basic(m2m_pool.m2m_client_id, m2m_pool.m2m_client_secret)
    answer = token(emulator, {"grant_type": "client_credentials", "scope": "api/admin"}, auth)
    assert answer.status == 400 and answer.json()["error"] == "invalid_scope"
    answer = token(emulator, {"grant_type": "client_credentials"}, basic(m2m_pool.m2m_client_id, "wrong"))
    assert answer.status == 401 and answer.json()["error"] == "invalid_client"
    assert answer.headers.get("WWW-Authenticate", "").startswith("Basic")
    answer = token(emulator, {"grant_type": "client_credentials", "client_id": m2m_pool.public_client_id})
    assert answer.status == 400 and answer.json()["error"] == "unauthorized_client"
    secret_auth = basic(m2m_pool.secret_client_id, m2m_pool.client_secret)
    answer = token(emulator, {"grant_type": "client_credentials"}, secret_auth)
    assert answer.json()["error"] == "unauthorized_client"
    answer = token(emulator, {"grant_type": "authorization_code", "code": "x"}, auth)
    assert answer.json()["error"] == "unauthorized_client"
    assert token(emulator, {"grant_type": "password"}, auth).json()["error"] == "unsupported_grant_type"
    assert token(emulator, {}, auth).json()["error"] == "invalid_request"
    answer = token(emulator, {"grant_type": "client_credentials", "client_id": "nobody"})
    assert answer.status == 401 and answer.json()["error"] == "invalid_client"


def test_resource_servers_made_through_the_api_are_honoured(emulator: Emulator, pool: Pool) -> None:
    cognito = boto3.client("cognito-idp", region_name=pool.region, endpoint_url=emulator.url)
    cognito.create_resource_server(
        UserPoolId=pool.pool_id,
        Identifier="orders",
        Name="orders",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}],
    )
    client = cognito.create_user_pool_client(
        UserPoolId=pool.pool_id,
        ClientName="worker",
        GenerateSecret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["orders/read"],
    )["UserPoolClient"]
    answer = token(emulator, {"grant_type": "client_credentials"}, basic(client["ClientId"], client["ClientSecret"]))
    assert answer.status == 200 and unverified_claims(answer.json()["access_token"])["scope"] == "orders/read"


def test_token_requests_are_counted_per_client(emulator: Emulator, m2m_pool: Pool) -> None:
    assert m2m_pool.m2m_client_id and m2m_pool.m2m_client_secret
    auth = basic(m2m_pool.m2m_client_id, m2m_pool.m2m_client_secret)
    results: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(token(emulator, {"grant_type": "client_credentials"}, auth).status)
        )
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 5
    assert emulator.requests(m2m_pool.m2m_client_id) == {"oauth2/token": 5}


def test_the_discovery_document_names_the_emulators_endpoints(emulator: Emulator) -> None:
    for issuer_format, host in (("original", "cognito-idp"), ("updated", "issuer-cognito-idp")):
        pool = emulator.setup(issuer_format=issuer_format)
        answer = http("GET", f"{emulator.url}/{pool.pool_id}/.well-known/openid-configuration")
        assert answer.status == 200
        document: dict[str, Any] = answer.json()
        assert document["issuer"] == f"https://{host}.{pool.region}.amazonaws.com/{pool.pool_id}"
        for key, path in (
            ("authorization_endpoint", "/oauth2/authorize"),
            ("token_endpoint", "/oauth2/token"),
            ("userinfo_endpoint", "/oauth2/userInfo"),
            ("revocation_endpoint", "/oauth2/revoke"),
            ("jwks_uri", f"/{pool.pool_id}/.well-known/jwks.json"),
        ):
            assert document[key] == emulator.url + path
        assert http("GET", document["jwks_uri"]).json()["keys"]
    assert http("GET", f"{emulator.url}/us-east-1_nopool/.well-known/openid-configuration").status == 404


def test_setup_refuses_malformed_options(emulator: Emulator) -> None:
    from fastcognito.testing import EmulatorError

    for options in (
        {"callback_urls": "http://localhost/callback"},
        {"resource_server": {"identifier": "api"}},
        {"resource_server": {"identifier": "", "scopes": ["read"]}},
    ):
        with pytest.raises(EmulatorError):
            emulator.setup(**options)
