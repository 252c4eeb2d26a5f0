"""The emulator's port serves Cognito only. Before this layer, each request below reached
moto: ``/moto-api/data.json`` answered 200 with every user's password and client secret,
``Access-Control-Allow-Origin`` echoed any origin, any ``Host`` was answered, and STS
answered its own target."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from fastcognito.testing import Emulator, Pool
from fastcognito.testing.surface import is_loopback


def _request(
    emulator: Emulator, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    url = urlsplit(emulator.url)
    conn = http.client.HTTPConnection(url.hostname or "", url.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def _cognito(target: str, body: dict[str, object], **headers: str) -> dict[str, str]:
    return {"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1", **headers}


@pytest.mark.parametrize(
    "path", ["/moto-api/data.json", "/moto-api/reset", "/moto-api/recorder/replay-recording", "/anything"]
)
def test_moto_paths_are_not_served(emulator: Emulator, pool: Pool, path: str) -> None:
    status, _, body = _request(emulator, "GET", path)
    assert status == 404
    assert pool.client_secret.encode() not in body


def test_other_services_are_not_served(emulator: Emulator) -> None:
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    status, _, _ = _request(emulator, "POST", "/", {"Content-Type": "application/x-www-form-urlencoded"}, body)
    assert status == 404
    status, _, _ = _request(emulator, "POST", "/", _cognito("AWSLambda.ListFunctions", {}), b"{}")
    assert status == 404


def test_cognito_and_the_key_set_are_served_without_cors(emulator: Emulator, pool: Pool) -> None:
    origin = {"Origin": "https://evil.example"}
    body = json.dumps({"UserPoolId": pool.pool_id}).encode()
    headers = _cognito("AWSCognitoIdentityProviderService.DescribeUserPool", {}, **origin)
    status, got, answer = _request(emulator, "POST", "/", headers, body)
    assert status == 200 and json.loads(answer)["UserPool"]["Id"] == pool.pool_id
    assert not [k for k in got if k.startswith("access-control-")]
    status, got, answer = _request(emulator, "GET", f"/{pool.pool_id}/.well-known/jwks.json", origin)
    assert status == 200 and json.loads(answer)["keys"]
    assert not [k for k in got if k.startswith("access-control-")]


def test_a_preflight_gets_no_cors_grant(emulator: Emulator) -> None:
    headers = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    status, got, _ = _request(emulator, "OPTIONS", "/", headers)
    assert status == 404
    assert "access-control-allow-origin" not in got


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "10.0.0.5", "[2001:db8::1]:9"])
def test_a_foreign_host_header_is_refused(emulator: Emulator, pool: Pool, host: str) -> None:
    body = json.dumps({"UserPoolId": pool.pool_id}).encode()
    headers = _cognito("AWSCognitoIdentityProviderService.DescribeUserPool", {}, Host=host)
    status, _, answer = _request(emulator, "POST", "/", headers, body)
    assert status == 421
    assert pool.pool_id.encode() not in answer


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.1.2.3", "::1", "app.localhost"])
def test_loopback_names(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "0.0.0.0", "10.0.0.1", ""])
def test_not_loopback_names(host: str) -> None:
    assert not is_loopback(host)


def test_binding_off_loopback_warns_and_answers_any_host() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "fastcognito.testing.server", "--host", "0.0.0.0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None and server.stderr is not None
        port = int(server.stdout.readline().split()[1])
        warning = server.stderr.readline()
        assert "WARNING" in warning and "0.0.0.0" in warning
        emu = Emulator(port=port)
        emu.url = f"http://127.0.0.1:{port}"
        headers = _cognito("AWSCognitoIdentityProviderService.ListUserPools", {}, Host="my-laptop.lan:4566")
        status, _, _ = _request(emu, "POST", "/", headers, b'{"MaxResults": 1}')
        assert status == 200
    finally:
        server.communicate(timeout=30)  # closing stdin stops it
