"""The managed login's authorization-code flow with PKCE, over plain HTTP: the sign-in page,
the redirect with a single-use code and the state, the code's exchange (verifier, redirect_uri,
client checked), and the authorization errors Cognito answers with a page or a redirect."""

from __future__ import annotations

import pytest

from fastcognito import TokenVerifier
from fastcognito._core import unverified_claims
from fastcognito.testing import Emulator, EmulatorError, Pool
from tests.emulator.oauth_support import (
    CALLBACK,
    authorize_url,
    basic,
    code_for,
    http,
    pkce,
    query_of,
    signed_in,
    token,
    user,
)
from tests.helpers import PASSWORD


def exchange(emulator: Emulator, pool: Pool, code: str, verifier: str, **extra: str) -> tuple[int, dict[str, str]]:
    form = {
        "grant_type": "authorization_code",
        "client_id": pool.public_client_id,
        "code": code,
        "redirect_uri": CALLBACK,
        "code_verifier": verifier,
        **extra,
    }
    answer = token(emulator, form)
    return answer.status, answer.json()


def test_the_sign_in_page_is_a_form_posting_to_login(emulator: Emulator, pool: Pool) -> None:
    _, challenge = pkce()
    page = http(
        "GET", authorize_url(emulator, pool.public_client_id, code_challenge=challenge, code_challenge_method="S256")
    )
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.body.decode()
    assert '<form id="signin" method="post" action="/login">' in html
    assert 'name="password" type="password"' in html and challenge in html


def test_the_full_code_flow_with_pkce_gives_verifiable_tokens(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    verifier, challenge = pkce()
    url = authorize_url(
        emulator, pool.public_client_id, code_challenge=challenge, code_challenge_method="S256", nonce="n-0S6"
    )
    location = emulator.authorize(url, name, PASSWORD)
    assert location.startswith(CALLBACK + "?")
    params = query_of(location)
    assert params["state"] == "st-1" and params["code"]
    status, tokens = exchange(emulator, pool, params["code"], verifier)
    assert status == 200
    assert set(tokens) == {"access_token", "id_token", "refresh_token", "token_type", "expires_in"}
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    access = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url).verify(
        tokens["access_token"]
    )
    assert (
        access["token_use"] == "access" and access["username"] == name and access["client_id"] == pool.public_client_id
    )
    assert set(access["scope"].split()) == {"openid", "email", "profile", "aws.cognito.signin.user.admin"}
    assert access["origin_jti"] and access["jti"] and access["auth_time"] <= access["iat"]
    identity = TokenVerifier(pool.pool_id, pool.public_client_id, "id", endpoint_url=emulator.url).verify(
        tokens["id_token"]
    )
    assert identity["aud"] == pool.public_client_id and identity["cognito:username"] == name
    assert identity["email"] == f"{name}@example.com" and identity["nonce"] == "n-0S6"
    assert identity["origin_jti"] == access["origin_jti"] and identity["sub"] == access["sub"]


def test_the_tokens_carry_the_groups_and_the_requested_scopes(emulator: Emulator, pool: Pool) -> None:
    import boto3

    name = user(emulator, pool)
    cognito = boto3.client("cognito-idp", region_name=pool.region, endpoint_url=emulator.url)
    cognito.create_group(UserPoolId=pool.pool_id, GroupName="admins")
    cognito.admin_add_user_to_group(UserPoolId=pool.pool_id, Username=name, GroupName="admins")
    tokens = signed_in(emulator, pool, name, scope="openid email")
    access = unverified_claims(tokens["access_token"])
    assert access["scope"] == "openid email" and access["cognito:groups"] == ["admins"]
    assert unverified_claims(tokens["id_token"])["cognito:groups"] == ["admins"]


def test_without_openid_there_is_no_id_token(emulator: Emulator, pool: Pool) -> None:
    tokens = signed_in(emulator, pool, user(emulator, pool), scope="aws.cognito.signin.user.admin")
    assert "id_token" not in tokens and tokens["refresh_token"]


def test_a_wrong_or_missing_verifier_is_invalid_grant(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    _, challenge = pkce()
    other, _ = pkce()
    status, error = exchange(emulator, pool, code_for(emulator, pool, name, challenge), other)
    assert status == 400 and error["error"] == "invalid_grant"
    status, error = exchange(emulator, pool, code_for(emulator, pool, name, challenge), "")
    assert status == 400 and error["error"] == "invalid_grant"


def test_a_code_is_single_use_and_its_reuse_revokes_its_tokens(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    verifier, challenge = pkce()
    code = code_for(emulator, pool, name, challenge)
    status, tokens = exchange(emulator, pool, code, verifier)
    assert status == 200
    status, error = exchange(emulator, pool, code, verifier)
    assert status == 400 and error["error"] == "invalid_grant"
    refreshed = token(
        emulator,
        {"grant_type": "refresh_token", "client_id": pool.public_client_id, "refresh_token": tokens["refresh_token"]},
    )
    assert refreshed.status == 400 and refreshed.json()["error"] == "invalid_grant"


def test_the_redirect_uri_must_be_the_authorize_one(emulator: Emulator) -> None:
    pool = emulator.setup(callback_urls=[CALLBACK, "http://localhost/other"])
    name = user(emulator, pool)
    verifier, challenge = pkce()
    code = code_for(emulator, pool, name, challenge)
    status, error = exchange(emulator, pool, code, verifier, redirect_uri="http://localhost/other")
    assert status == 400 and error["error"] == "invalid_grant"


def test_a_code_belongs_to_its_client(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    verifier, challenge = pkce()
    code = code_for(emulator, pool, name, challenge)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier}
    answer = token(emulator, form, basic(pool.secret_client_id, pool.client_secret))
    assert answer.status == 400 and answer.json()["error"] == "invalid_grant"


def test_the_secret_client_authenticates_by_basic_or_body(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    for auth in ("basic", "post", "wrong"):
        verifier, challenge = pkce()
        code = code_for(emulator, pool, name, challenge, client_id=pool.secret_client_id)
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier}
        if auth == "basic":
            answer = token(emulator, form, basic(pool.secret_client_id, pool.client_secret))
        else:
            secret = pool.client_secret if auth == "post" else "not-the-secret"
            answer = token(emulator, dict(form, client_id=pool.secret_client_id, client_secret=secret))
        if auth == "wrong":
            assert answer.status == 401 and answer.json()["error"] == "invalid_client"
        else:
            assert answer.status == 200 and answer.json()["refresh_token"]


def test_the_implicit_flow_needs_the_client_to_allow_it(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    location = emulator.authorize(authorize_url(emulator, pool.public_client_id, response_type="token"), name, PASSWORD)
    assert query_of(location)["error"] == "unauthorized_client" and query_of(location)["state"] == "st-1"


def test_a_wrong_password_re_renders_the_page_with_an_error(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    _, challenge = pkce()
    url = authorize_url(emulator, pool.public_client_id, code_challenge=challenge, code_challenge_method="S256")
    with pytest.raises(EmulatorError, match="Incorrect username or password"):
        emulator.authorize(url, name, "Wrong-passw0rd")
    with pytest.raises(EmulatorError, match="Incorrect username or password"):
        emulator.authorize(url, "nobody", PASSWORD)
    page = http("POST", f"{emulator.url}/login", {**query_of(url), "username": name, "password": "nope"})
    assert page.status == 200 and "Incorrect username or password." in page.body.decode()
    assert challenge in page.body.decode()  # the request is still carried: the next try works


def test_an_unconfirmed_or_disabled_user_cannot_sign_in(emulator: Emulator, pool: Pool) -> None:
    import boto3

    name = user(emulator, pool)
    cognito = boto3.client("cognito-idp", region_name=pool.region, endpoint_url=emulator.url)
    cognito.admin_disable_user(UserPoolId=pool.pool_id, Username=name)
    with pytest.raises(EmulatorError, match="User is disabled"):
        emulator.authorize(authorize_url(emulator, pool.public_client_id), name, PASSWORD)
    cognito.sign_up(ClientId=pool.public_client_id, Username="newbie", Password=PASSWORD)
    with pytest.raises(EmulatorError, match="User is not confirmed"):
        emulator.authorize(authorize_url(emulator, pool.public_client_id), "newbie", PASSWORD)


def test_a_bad_client_or_redirect_uri_is_a_page_not_a_redirect(emulator: Emulator, pool: Pool) -> None:
    for url in (
        authorize_url(emulator, "no-such-client"),
        authorize_url(emulator, pool.public_client_id, redirect_uri="https://evil.example/cb"),
    ):
        page = http("GET", url)
        assert page.status == 400 and "Location" not in page.headers
        with pytest.raises(EmulatorError):
            emulator.authorize(url, "ann", PASSWORD)


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"response_type": "id_token"}, "unsupported_response_type"),
        ({"response_type": ""}, "invalid_request"),
        ({"code_challenge": "abc", "code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge_method": "S256"}, "invalid_request"),
        ({"scope": "openid api/admin"}, "invalid_scope"),
        ({"scope": "email"}, "invalid_scope"),
        ({"identity_provider": "Google"}, "invalid_request"),
    ],
)
def test_other_request_errors_are_redirected(
    emulator: Emulator, pool: Pool, params: dict[str, str], error: str
) -> None:
    answer = http("GET", authorize_url(emulator, pool.public_client_id, **params))
    assert answer.status == 302 and answer.location.startswith(CALLBACK + "?")
    assert query_of(answer.location)["error"] == error and query_of(answer.location)["state"] == "st-1"


def test_a_client_without_oauth_flows_is_unauthorized(emulator: Emulator, pool: Pool) -> None:
    import boto3

    cognito = boto3.client("cognito-idp", region_name=pool.region, endpoint_url=emulator.url)
    created = cognito.create_user_pool_client(UserPoolId=pool.pool_id, ClientName="api-only", CallbackURLs=[CALLBACK])
    answer = http("GET", authorize_url(emulator, created["UserPoolClient"]["ClientId"]))
    assert query_of(answer.location)["error"] == "unauthorized_client"


def test_clients_made_through_the_api_are_honoured(emulator: Emulator, pool: Pool) -> None:
    import boto3

    name = user(emulator, pool)
    cognito = boto3.client("cognito-idp", region_name=pool.region, endpoint_url=emulator.url)
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool.pool_id,
        ClientName="spa",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code", "implicit"],
        AllowedOAuthScopes=["openid"],
        CallbackURLs=["myapp://signed-in"],
        SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]["ClientId"]
    url = authorize_url(emulator, client_id, redirect_uri="myapp://signed-in", response_type="token", state="s")
    location = emulator.authorize(url, name, PASSWORD)
    assert location.startswith("myapp://signed-in#")
    fragment = dict(p.split("=", 1) for p in location.split("#", 1)[1].split("&"))
    assert fragment["token_type"] == "Bearer" and fragment["state"] == "s" and "refresh_token" not in fragment
    assert unverified_claims(fragment["access_token"])["scope"] == "openid"
    cognito.update_user_pool_client(
        UserPoolId=pool.pool_id, ClientId=client_id, AllowedOAuthFlows=["code"], CallbackURLs=["myapp://signed-in"]
    )
    assert query_of(emulator.authorize(url, name, PASSWORD))["error"] == "unauthorized_client"


def test_updated_issuer_format_tokens_verify(emulator: Emulator) -> None:
    pool = emulator.setup(issuer_format="updated")
    tokens = signed_in(emulator, pool, user(emulator, pool))
    expected = f"https://issuer-cognito-idp.{pool.region}.amazonaws.com/{pool.pool_id}"
    verifier = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url)
    assert verifier.verify(tokens["access_token"])["iss"] == expected
    id_verifier = TokenVerifier(pool.pool_id, pool.public_client_id, "id", endpoint_url=emulator.url)
    assert id_verifier.verify(tokens["id_token"])["iss"] == expected


def test_an_expired_code_is_invalid_grant(emulator: Emulator, pool: Pool) -> None:
    name = user(emulator, pool)
    verifier, challenge = pkce()
    code = code_for(emulator, pool, name, challenge)
    assert emulator.expire_authorization_codes(pool.pool_id) == 1
    status, error = exchange(emulator, pool, code, verifier)
    assert status == 400 and error["error"] == "invalid_grant"


def test_a_pool_with_email_usernames_signs_in_by_email(emulator: Emulator) -> None:
    pool = emulator.setup(username_attributes=["email"])
    emulator.create_user(pool.pool_id, "eve@example.com", PASSWORD, email="eve@example.com")
    verifier, challenge = pkce()
    url = authorize_url(emulator, pool.public_client_id, code_challenge=challenge, code_challenge_method="S256")
    code = query_of(emulator.authorize(url, "eve@example.com", PASSWORD))["code"]
    status, tokens = exchange(emulator, pool, code, verifier)
    assert status == 200
    access, identity = unverified_claims(tokens["access_token"]), unverified_claims(tokens["id_token"])
    # As Cognito: the internal username of such a pool is the sub.
    assert access["username"] == access["sub"] == identity["cognito:username"]
    assert identity["email"] == "eve@example.com"
    answer = http(
        "GET", f"{emulator.url}/oauth2/userInfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert answer.status == 200 and answer.json()["email"] == "eve@example.com"
