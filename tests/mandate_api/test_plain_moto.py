"""Against plain ``moto_server`` (no strict layer), where most users' own test suites run: SRP
login works although moto's SECRET_BLOCK is a UUID, not base64."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from fastcognito import Cognito, SyncCognito

PASSWORD = "Passw0rd!moto"
# moto's server answers every request without checking a signature; straight to loopback.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(url: str, operation: str, body: dict[str, Any]) -> Any:
    """One Cognito call as JSON over HTTP, without an SDK."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
            "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/cognito-idp/aws4_request, "
            "SignedHeaders=host, Signature=0",
        },
    )
    with _DIRECT.open(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


@dataclass(frozen=True)
class MotoPool:
    url: str
    pool_id: str
    client_id: str
    username: str


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _DIRECT.open(f"{url}/moto-api/", timeout=2).close()
                break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def moto_pool(moto_url: str) -> MotoPool:
    pool = _call(moto_url, "CreateUserPool", {"PoolName": "plain"})["UserPool"]
    client = _call(
        moto_url,
        "CreateUserPoolClient",
        {"UserPoolId": pool["Id"], "ClientName": "app", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]},
    )["UserPoolClient"]
    username = "alice"
    _call(moto_url, "AdminCreateUser", {"UserPoolId": pool["Id"], "Username": username, "MessageAction": "SUPPRESS"})
    _call(
        moto_url,
        "AdminSetUserPassword",
        {"UserPoolId": pool["Id"], "Username": username, "Password": PASSWORD, "Permanent": True},
    )
    return MotoPool(moto_url, pool["Id"], client["ClientId"], username)


def test_moto_sends_a_secret_block_that_is_not_base64(moto_pool: MotoPool) -> None:
    """What this file is about: were moto to send base64, the strict tests would cover it."""
    answer = _call(
        moto_pool.url,
        "InitiateAuth",
        {
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": moto_pool.client_id,
            "AuthParameters": {"USERNAME": moto_pool.username, "SRP_A": "ab" * 64},
        },
    )
    block = answer["ChallengeParameters"]["SECRET_BLOCK"]
    assert "-" in block  # a UUID


def test_sync_cognito_authenticates(moto_pool: MotoPool) -> None:
    cognito = SyncCognito(
        moto_pool.pool_id, moto_pool.client_id, username=moto_pool.username, endpoint_url=moto_pool.url
    )
    cognito.authenticate(PASSWORD)
    assert cognito.access_token and cognito.id_token
    assert cognito.access_claims is not None and cognito.access_claims["token_use"] == "access"
    assert cognito.id_claims is not None and cognito.id_claims["cognito:username"] == moto_pool.username


def test_cognito_authenticates(moto_pool: MotoPool) -> None:
    cognito = Cognito(moto_pool.pool_id, moto_pool.client_id, username=moto_pool.username, endpoint_url=moto_pool.url)
    asyncio.run(cognito.authenticate(PASSWORD))
    assert cognito.access_token and cognito.id_token
    assert cognito.access_claims is not None and cognito.access_claims["token_use"] == "access"
