"""Each OAuth2 error class, raised blocking and awaited: from the emulator where it can answer
that code, from a loopback server answering as told otherwise; failures before an answer."""

from __future__ import annotations

import asyncio
import json
import pickle
import socket
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from fastcognito import AsyncOAuthClient, OAuthClient
from fastcognito import exceptions as exc
from fastcognito.testing import Emulator, Pool
from tests.core.fault_server import FaultServer
from tests.oauth.support import CALLBACK, Driver, Flavour

OAUTH_CLASSES = {
    "invalid_request": exc.InvalidRequestError,
    "invalid_client": exc.InvalidClientError,
    "invalid_grant": exc.InvalidGrantError,
    "unauthorized_client": exc.UnauthorizedClientError,
    "unsupported_grant_type": exc.UnsupportedGrantTypeError,
    "invalid_scope": exc.InvalidScopeError,
    "invalid_token": exc.InvalidTokenError,
    "unsupported_token_type": exc.UnsupportedTokenTypeError,
    "server_error": exc.ServerError,
}


@pytest.fixture
def server() -> Iterator[FaultServer]:
    srv = FaultServer().start()
    yield srv
    srv.stop()


@pytest.fixture(params=[OAuthClient, AsyncOAuthClient], ids=["sync", "async"])
def cls(request: pytest.FixtureRequest) -> Any:
    return request.param


def answering(server: FaultServer, status: int, body: Any, cls: Any, **kwargs: Any) -> Driver:
    server.status = status
    server.body = json.dumps(body).encode() if isinstance(body, dict) else body
    server.content_type = "application/json" if isinstance(body, dict) else "text/html"
    return Driver(cls("myapp", "cid", "secret-xyz", redirect_uri=CALLBACK, endpoint_url=server.url, **kwargs))


def test_every_code_has_its_class() -> None:
    for code, cls in OAUTH_CLASSES.items():
        assert exc.exception_for_code(code) is cls and cls.code == code
        assert issubclass(cls, exc.OAuthError) and cls.__name__ in exc.__all__
    e = exc.InvalidGrantError("bad code")
    assert (e.error, e.error_description, str(e)) == ("invalid_grant", "bad code", "bad code")
    copy = pickle.loads(pickle.dumps(e))
    assert type(copy) is exc.InvalidGrantError and copy.error_description == "bad code"


@pytest.mark.parametrize("code", sorted(OAUTH_CLASSES))
def test_each_code_from_the_token_endpoint(server: FaultServer, cls: Any, code: str) -> None:
    client = answering(server, 400, {"error": code, "error_description": f"why {code}"}, cls)
    with pytest.raises(OAUTH_CLASSES[code]) as info:
        client.refresh("a-refresh-token")
    e = info.value
    assert type(e) is OAUTH_CLASSES[code]
    assert (e.error, e.error_description, e.http_status, e.operation) == (code, f"why {code}", 400, "OAuth2Token")
    assert str(e) == f"why {code}" and "secret-xyz" not in repr(e) + str(e)


def test_what_has_no_oauth2_error(server: FaultServer, cls: Any) -> None:
    client = answering(server, 400, {"error": "access_denied"}, cls)
    with pytest.raises(exc.OAuthError) as unknown:
        client.refresh("r")
    assert type(unknown.value) is exc.OAuthError
    assert (unknown.value.error, unknown.value.error_description, str(unknown.value)) == (
        "access_denied",
        None,
        "access_denied",
    )
    with pytest.raises(exc.InvalidClientError) as no_body:
        answering(server, 401, b"", cls).client_credentials()
    assert no_body.value.http_status == 401 and no_body.value.error_description is None
    with pytest.raises(exc.InvalidTokenError):
        answering(server, 401, b"", cls).userinfo("an-access-token")
    with pytest.raises(exc.ServerError):
        answering(server, 502, b"<html>Bad gateway</html>", cls).revoke("r")
    with pytest.raises(exc.MalformedResponseError) as not_oauth:
        answering(server, 404, b"<html>Not found</html>", cls).exchange_code("c", "v" * 43)
    assert not_oauth.value.http_status == 404
    with pytest.raises(exc.MalformedResponseError):
        answering(server, 200, b"<html>login</html>", cls).refresh("r")


def test_no_answer_in_time_or_no_server(server: FaultServer, cls: Any) -> None:
    server.mode = "silent"
    client = Driver(cls("myapp", "cid", "s", endpoint_url=server.url, read_timeout=0.3))
    with pytest.raises(exc.ReadTimeoutError, match="did not answer"):
        client.client_credentials()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    closed = Driver(cls("myapp", "cid", "s", endpoint_url=f"http://127.0.0.1:{port}"))
    with pytest.raises(exc.EndpointConnectionError, match="connection refused"):
        closed.client_credentials()


def test_codes_the_emulator_answers(flavour: Flavour) -> None:
    client = flavour.client()
    tokens = flavour.signed_in(client, flavour.user())
    with pytest.raises(exc.UnsupportedTokenTypeError):
        client.revoke(tokens["access_token"])  # only refresh tokens can be revoked
    secret = flavour.pool.secret_client_id if not flavour.with_secret else flavour.pool.public_client_id
    other = Driver(
        flavour.cls(
            "myapp",
            secret,
            flavour.pool.client_secret if not flavour.with_secret else None,
            endpoint_url=flavour.emulator.url,
        )
    )
    with pytest.raises(exc.UnauthorizedClientError):
        other.revoke(tokens["refresh_token"])  # issued to another client
    with pytest.raises(exc.InvalidTokenError):
        client.userinfo("not-a-token")


def test_invalid_request_and_invalid_client_from_the_emulator(emulator: Emulator, pool: Pool) -> None:
    cognito = boto3.client("cognito-idp", region_name=pool.region, endpoint_url=emulator.url)
    made = cognito.create_user_pool_client(
        UserPoolId=pool.pool_id,
        ClientName="no-revocation",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid"],
        CallbackURLs=[CALLBACK],
        EnableTokenRevocation=False,
    )["UserPoolClient"]
    client = OAuthClient("myapp", made["ClientId"], endpoint_url=emulator.url)
    with pytest.raises(exc.InvalidRequestError) as info:
        client.revoke("some-refresh-token")
    assert "revocation" in (info.value.error_description or "").lower()
    wrong = AsyncOAuthClient("myapp", pool.secret_client_id, "not-the-secret", endpoint_url=emulator.url)
    with pytest.raises(exc.InvalidClientError) as bad:
        asyncio.run(wrong.refresh("whatever"))
    assert bad.value.http_status == 401
