"""Faults before or instead of a Cognito answer: each ends in a specific exception, in bounded time,
after the retries the client is configured for."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, Cognito, CognitoPy, SyncCognito
from fastcognito import exceptions as exc
from tests.core.fault_server import FaultServer
from tests.helpers import Driver


@pytest.fixture
def server() -> Iterator[FaultServer]:
    srv = FaultServer().start()
    yield srv
    srv.stop()


CLIENTS = [
    pytest.param(lambda url, **kw: CognitoPy("us-east-1_x", "cid", "", endpoint_url=url, **kw), id="CognitoPy"),
    pytest.param(
        lambda url, **kw: AsyncCognitoPy("us-east-1_x", "cid", "", endpoint_url=url, **kw), id="AsyncCognitoPy"
    ),
    pytest.param(
        lambda url, **kw: SyncCognito("us-east-1_x", "cid", username="u", endpoint_url=url, **kw), id="SyncCognito"
    ),
    pytest.param(lambda url, **kw: Cognito("us-east-1_x", "cid", username="u", endpoint_url=url, **kw), id="Cognito"),
]


def call(make: Any, url: str, **kw: Any) -> Any:
    client = Driver(make(url, **kw))
    if isinstance(client.client, (CognitoPy, AsyncCognitoPy)):
        return client.admin_get_user("u")
    return client.admin_get_user()


@pytest.mark.parametrize("make", CLIENTS)
def test_closed_mid_response(server: FaultServer, make: Any) -> None:
    server.mode = "close_mid"
    start = time.monotonic()
    with pytest.raises(exc.EndpointConnectionError):
        call(make, server.url, max_attempts=2)
    assert time.monotonic() - start < 10
    assert 1 <= server.requests <= 2


@pytest.mark.parametrize("make", CLIENTS)
def test_refused_connection_names_the_endpoint(make: Any) -> None:
    with pytest.raises(exc.EndpointConnectionError) as info:
        call(make, "http://127.0.0.1:9", max_attempts=1)
    assert "could not connect to http://127.0.0.1:9: connection refused" in str(info.value)
    assert "dispatch failure" not in str(info.value)


@pytest.mark.parametrize("make", CLIENTS)
def test_silent_server_times_out(server: FaultServer, make: Any) -> None:
    server.mode = "silent"
    start = time.monotonic()
    with pytest.raises(exc.ReadTimeoutError):
        call(make, server.url, read_timeout=0.5, max_attempts=1)
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("status", [500, 503])
@pytest.mark.parametrize("make", CLIENTS)
def test_server_errors_are_retried_then_raised(server: FaultServer, make: Any, status: int) -> None:
    server.status = status
    server.body = json.dumps({"__type": "InternalErrorException", "message": "boom"}).encode()
    start = time.monotonic()
    with pytest.raises(exc.InternalErrorException) as info:
        call(make, server.url, max_attempts=3)
    assert time.monotonic() - start < 30
    assert server.requests == 3
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == status


@pytest.mark.parametrize("make", CLIENTS)
def test_html_error_page(server: FaultServer, make: Any) -> None:
    server.status, server.body, server.content_type = 500, b"<html><body>oops</body></html>", "text/html"
    with pytest.raises(exc.CognitoError) as info:
        call(make, server.url, max_attempts=1)
    assert isinstance(info.value, (exc.MalformedResponseError, exc.ServiceError))
    assert info.value.http_status == 500


@pytest.mark.parametrize("code", ["ThrottlingException", "TooManyRequestsException"])
@pytest.mark.parametrize("make", CLIENTS)
def test_throttling_is_retried_with_backoff(server: FaultServer, make: Any, code: str) -> None:
    server.status = 400
    server.body = json.dumps({"__type": code, "message": "slow down"}).encode()
    start = time.monotonic()
    with pytest.raises(exc.exception_for_code(code)) as info:
        call(make, server.url, max_attempts=3)
    assert info.value.code == code and str(info.value) == "slow down"
    assert server.requests == 3
    assert time.monotonic() - start < 60


@pytest.mark.parametrize("make", CLIENTS)
def test_malformed_json(server: FaultServer, make: Any) -> None:
    server.status, server.body = 200, b'{"Username": "u", "UserAttributes": [ not json'
    with pytest.raises(exc.MalformedResponseError):
        call(make, server.url, max_attempts=1)


def test_not_retried_when_max_attempts_is_one(server: FaultServer) -> None:
    server.status = 400
    server.body = json.dumps({"__type": "ThrottlingException", "message": "x"}).encode()
    with pytest.raises(exc.ThrottlingException):
        CognitoPy("us-east-1_x", "cid", "", endpoint_url=server.url, max_attempts=1).admin_get_user("u")
    assert server.requests == 1
