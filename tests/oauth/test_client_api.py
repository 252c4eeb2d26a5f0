"""OAuthClient without a server: domain forms, the authorization and logout URLs (PKCE S256,
RFC 7636's vector), argument checks before any call, reprs without secrets, the twins."""

from __future__ import annotations

import asyncio
import inspect
import pickle
import urllib.parse
from typing import Any

import pytest

import fastcognito
from fastcognito import AsyncOAuthClient, AuthorizationRequest, OAuthClient, _core

CB = "https://app.example.com/callback"


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(url).query, strict_parsing=True).items()}


@pytest.fixture(autouse=True)
def no_endpoint_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)


def test_rfc7636_appendix_b() -> None:
    assert _core.pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == (
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


@pytest.mark.parametrize(
    ("domain", "region", "base"),
    [
        ("myapp", "eu-west-1", "https://myapp.auth.eu-west-1.amazoncognito.com"),
        ("auth.example.com", None, "https://auth.example.com"),
        ("https://auth.example.com/", None, "https://auth.example.com"),
        ("https://login.example.com:8443", None, "https://login.example.com:8443"),
    ],
)
def test_domain_forms(domain: str, region: str | None, base: str) -> None:
    client = OAuthClient(domain, "cid", region=region, redirect_uri=CB)
    assert client.base_url == base
    assert client.authorization_url(scopes="openid").url.startswith(f"{base}/oauth2/authorize?")
    assert client.logout_url("https://app.example.com/") == (
        f"{base}/logout?client_id=cid&logout_uri=https%3A%2F%2Fapp.example.com%2F"
    )


def test_the_region_of_a_prefix_and_the_endpoint_override(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="region"):
        OAuthClient("myapp", "cid")
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    assert OAuthClient("myapp", "cid").base_url == "https://myapp.auth.ap-south-1.amazoncognito.com"
    monkeypatch.setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "http://127.0.0.1:5000/")
    assert OAuthClient("auth.example.com", "cid").base_url == "http://127.0.0.1:5000"
    assert OAuthClient("myapp", "cid", endpoint_url="http://emu:1").base_url == "http://emu:1"


@pytest.mark.parametrize("domain", ["", "My_App", "-app", "http://auth.example.com", "https://nodots", "a b"])
def test_bad_domains(domain: str) -> None:
    with pytest.raises(ValueError):
        OAuthClient(domain, "cid", region="us-east-1")


def test_the_authorization_url() -> None:
    client = OAuthClient("myapp", "cid", region="us-east-1", redirect_uri=CB)
    request = client.authorization_url(
        scopes=["openid", "email", "api/read"], identity_provider="Google", login_hint="a+b@x.io", prompt="login"
    )
    assert isinstance(request, AuthorizationRequest)
    q = query(request.url)
    assert q == {
        "response_type": "code",
        "client_id": "cid",
        "redirect_uri": CB,
        "state": request.state,
        "scope": "openid email api/read",
        "code_challenge": _core.pkce_challenge(request.code_verifier),
        "code_challenge_method": "S256",
        "identity_provider": "Google",
        "login_hint": "a+b@x.io",
        "prompt": "login",
    }
    assert "scope=openid%20email%20api%2Fread" in request.url and "a%2Bb%40x.io" in request.url
    assert len(request.code_verifier) == 43 and len(request.state) == 43
    again = client.authorization_url(scopes="openid email", state="kept", redirect_uri="http://localhost/cb", nonce="n")
    assert again.state == "kept" and again.code_verifier != request.code_verifier
    assert query(again.url)["redirect_uri"] == "http://localhost/cb" and query(again.url)["nonce"] == "n"
    assert "scope" not in query(client.authorization_url(scopes=[]).url)


def test_the_request_hides_its_verifier() -> None:
    request = OAuthClient("myapp", "cid", region="r", redirect_uri=CB).authorization_url(scopes="openid")
    url, state, verifier = request
    assert request.code_verifier == verifier and request.url == url and request.state == state
    assert verifier not in repr(request) and "hidden" in repr(request)
    assert pickle.loads(pickle.dumps(request)) == request


BAD_CALLS: list[tuple[str, dict[str, Any], type[Exception]]] = [
    ("authorization_url", {"scopes": 3}, TypeError),
    ("authorization_url", {"scopes": ["openid", 3]}, TypeError),
    ("authorization_url", {"scopes": ["two words"]}, ValueError),
    ("authorization_url", {"scopes": ["openid"], "prompt": "always"}, ValueError),
    ("authorization_url", {"scopes": ["openid"], "state": ""}, ValueError),
    ("authorization_url", {"scopes": ["openid"], "login_hint": 5}, TypeError),
    ("logout_url", {"logout_uri": ""}, ValueError),
]


@pytest.mark.parametrize(("method", "kwargs", "error"), BAD_CALLS)
def test_url_arguments_are_checked(method: str, kwargs: dict[str, Any], error: type[Exception]) -> None:
    for cls in (OAuthClient, AsyncOAuthClient):
        with pytest.raises(error):
            getattr(cls("myapp", "cid", region="r", redirect_uri=CB), method)(**kwargs)


def test_a_redirect_uri_is_needed() -> None:
    client = OAuthClient("myapp", "cid", region="r")
    with pytest.raises(ValueError, match="redirect_uri"):
        client.authorization_url(scopes="openid")
    with pytest.raises(ValueError, match="redirect_uri"):
        client.exchange_code("code", "v" * 43)
    assert client.authorization_url(scopes="openid", redirect_uri=CB).url


CALL_CHECKS: list[tuple[str, tuple[Any, ...], type[Exception]]] = [
    ("exchange_code", ("", "v" * 43), ValueError),
    ("exchange_code", (None, "v" * 43), TypeError),
    ("exchange_code", ("code", "short"), ValueError),
    ("exchange_code", ("code", "v" * 42 + "+"), ValueError),
    ("exchange_code", ("code", b"v" * 43), TypeError),
    ("refresh", ("",), ValueError),
    ("refresh", (42,), TypeError),
    ("revoke", (None,), TypeError),
    ("userinfo", ("",), ValueError),
    ("client_credentials", (7,), TypeError),
]


@pytest.mark.parametrize(("method", "args", "error"), CALL_CHECKS)
def test_call_arguments_are_checked_before_any_request(method: str, args: tuple[Any, ...], error: type) -> None:
    # An endpoint nothing listens on: a request would be a connection error, not this.
    kwargs: dict[str, Any] = {"region": "r", "redirect_uri": CB, "endpoint_url": "http://127.0.0.1:9"}
    with pytest.raises(error):
        getattr(OAuthClient("myapp", "cid", "secret", **kwargs), method)(*args)
    with pytest.raises(error):
        asyncio.run(getattr(AsyncOAuthClient("myapp", "cid", "secret", **kwargs), method)(*args))


def test_constructor_checks() -> None:
    with pytest.raises(TypeError):
        OAuthClient(None, "cid")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        OAuthClient("myapp", "", region="r")
    with pytest.raises(TypeError):
        OAuthClient("myapp", "cid", 5, region="r")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        OAuthClient("myapp", "cid", region="r", connect_timeout=0)
    with pytest.raises(ValueError):
        OAuthClient("myapp", "cid", region="r", endpoint_url="ftp://x")


def test_no_secret_in_reprs() -> None:
    secret = "the-s3cret-value"
    for cls in (OAuthClient, AsyncOAuthClient):
        client = cls("myapp", "cid", secret, region="r")
        assert secret not in repr(client) + str(client) + repr(client._core)
        assert repr(client) == f"{cls.__name__}(base_url='https://myapp.auth.r.amazoncognito.com', client_id='cid')"


def test_the_twins() -> None:
    for name in ("exchange_code", "refresh", "revoke", "userinfo", "client_credentials"):
        assert inspect.iscoroutinefunction(getattr(AsyncOAuthClient, name)), name
        assert not inspect.iscoroutinefunction(getattr(OAuthClient, name)), name
        assert inspect.signature(getattr(AsyncOAuthClient, name)) == inspect.signature(getattr(OAuthClient, name))
    for name in ("authorization_url", "logout_url", "close", "clear_cache"):
        assert not inspect.iscoroutinefunction(getattr(AsyncOAuthClient, name)), name
    assert {"OAuthClient", "AsyncOAuthClient", "AuthorizationRequest"} <= set(fastcognito.__all__)


def test_context_managers_close() -> None:
    with OAuthClient("myapp", "cid", region="r") as client:
        assert isinstance(client, OAuthClient)

    async def main() -> None:
        async with AsyncOAuthClient("myapp", "cid", region="r") as aclient:
            assert isinstance(aclient, AsyncOAuthClient)

    asyncio.run(main())
    assert not client._core.is_open
