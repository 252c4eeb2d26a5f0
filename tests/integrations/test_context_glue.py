"""The web glue builds a UserContext from the current request (FastAPI/Starlette:
``CognitoAuth.context(request)``; Flask: ``user_context()``): the client's address (from
X-Forwarded-For only behind trusted proxies, the right-most untrusted one), the Host as
ServerName, the path as ServerPath, the headers without Authorization and Cookie. The context
reaches the strict emulator with a public and an admin sign-in."""

# No `from __future__ import annotations`: FastAPI must see the real Request class in the
# endpoints defined inside a function.

import uuid
from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, CognitoPy, UserContext
from fastcognito._context import client_ip, trusted_networks
from fastcognito.testing import Emulator, Pool
from fastcognito.verifier import TokenVerifier
from tests.helpers import PASSWORD

TRUSTED = ["10.0.0.0/8", "2001:db8:ffff::/48"]
BROWSER = {"User-Agent": "Mozilla/5.0 (pytest)", "Accept-Language": "de-DE", "Authorization": "Bearer secret-tok"}


# ---- the client's address ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("198.51.100.4", ["203.0.113.1"], "198.51.100.4"),  # untrusted peer: X-Forwarded-For ignored
        ("10.0.0.2", [], "10.0.0.2"),  # trusted, nothing forwarded
        ("10.0.0.2", ["203.0.113.1"], "203.0.113.1"),
        ("10.0.0.2", ["6.6.6.6, 203.0.113.1, 10.9.9.9"], "203.0.113.1"),  # right-most untrusted
        ("10.0.0.2", ["6.6.6.6", "203.0.113.1"], "203.0.113.1"),  # several header lines, in order
        ("10.0.0.2", ["10.1.1.1, 10.2.2.2"], "10.1.1.1"),  # all trusted: the left-most
        ("10.0.0.2", ["203.0.113.1, garbage, 10.3.3.3"], "10.3.3.3"),  # stops at a malformed entry
        ("10.0.0.2", ["203.0.113.1:4711"], "203.0.113.1"),  # a port is dropped
        ("2001:db8:ffff::1", ["[2001:db8::7]:443"], "2001:db8::7"),
        ("not-an-ip", ["203.0.113.1"], None),
        (None, ["203.0.113.1"], None),
    ],
)
def test_client_ip_behind_trusted_proxies(peer: str | None, forwarded: list[str], expected: str | None) -> None:
    assert client_ip(peer, forwarded, trusted_networks(TRUSTED)) == expected


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert client_ip("10.0.0.2", ["203.0.113.1"], trusted_networks(None)) == "10.0.0.2"
    assert client_ip("10.0.0.2", ["203.0.113.1"], trusted_networks([])) == "10.0.0.2"


@pytest.mark.parametrize(("value", "error"), [("10.0.0.0/8", TypeError), ([5], TypeError), (["nope"], ValueError)])
def test_trusted_proxies_are_checked(value: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        trusted_networks(value)


# ---- FastAPI ----------------------------------------------------------------------------------


def carried(pool: Pool, operation: str) -> list[dict[str, Any]]:
    return [c.get("UserContextData") or c.get("ContextData") for c in pool.context_data(operation)]


def _user(emulator: Emulator, pool: Pool) -> str:
    return emulator.create_user(pool.pool_id, f"g-{uuid.uuid4().hex[:8]}", PASSWORD).username


def fastapi_app(emulator: Emulator, pool: Pool) -> Any:
    fastapi = pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastcognito.integrations.starlette import CognitoAuth, user_context

    auth = CognitoAuth(TokenVerifier(pool.pool_id, pool.public_client_id), trusted_proxies=TRUSTED)
    client = AsyncCognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)
    app = fastapi.FastAPI()

    @app.post("/login/{name}")
    async def login(name: str, request: fastapi.Request) -> dict[str, Any]:
        await client.login(name, PASSWORD, context=auth.context(request))
        return {"ok": True}

    @app.post("/admin/login/{name}")
    async def admin_login(name: str, request: fastapi.Request) -> dict[str, Any]:
        await client.admin_login(name, PASSWORD, context=auth.context(request))
        return {"ok": True}

    @app.get("/untrusted")
    async def untrusted(request: fastapi.Request) -> dict[str, Any]:
        return {"ip": user_context(request).ip_address}

    return app


def test_fastapi_context_reaches_the_emulator(cognito_emulator: Emulator) -> None:
    from starlette.testclient import TestClient

    pool = cognito_emulator.setup()
    app = fastapi_app(cognito_emulator, pool)
    web = TestClient(app, client=("10.0.0.9", 50000))
    name = _user(cognito_emulator, pool)
    forwarded = {"X-Forwarded-For": "6.6.6.6, 198.51.100.40", "Cookie": "sid=abc"}
    assert web.post(f"/login/{name}", headers={**BROWSER, **forwarded}).status_code == 200
    assert carried(pool, "InitiateAuth") == [{"IpAddress": "198.51.100.40"}]
    assert web.post(f"/admin/login/{name}", headers={**BROWSER, **forwarded}).status_code == 200
    (data,) = carried(pool, "AdminInitiateAuth")
    assert data["IpAddress"] == "198.51.100.40"
    assert (data["ServerName"], data["ServerPath"]) == ("testserver", f"/admin/login/{name}")
    sent = {h["headerName"].lower(): h["headerValue"] for h in data["HttpHeaders"]}
    assert sent["user-agent"] == BROWSER["User-Agent"] and sent["accept-language"] == "de-DE"
    assert "authorization" not in sent and "cookie" not in sent


def test_fastapi_untrusted_peer_keeps_its_own_address(cognito_emulator: Emulator) -> None:
    from starlette.testclient import TestClient

    app = fastapi_app(cognito_emulator, cognito_emulator.setup())
    web = TestClient(app, client=("10.0.0.9", 50000))
    assert web.get("/untrusted", headers={"X-Forwarded-For": "203.0.113.5"}).json() == {"ip": "10.0.0.9"}


def test_cognito_auth_checks_trusted_proxies() -> None:
    pytest.importorskip("starlette")
    from fastcognito.integrations.starlette import CognitoAuth

    with pytest.raises(TypeError):
        CognitoAuth(TokenVerifier("us-east-1_x", "cid"), trusted_proxies="10.0.0.0/8")


# ---- Flask ------------------------------------------------------------------------------------


def flask_app(emulator: Emulator, pool: Pool) -> Any:
    flask = pytest.importorskip("flask")
    from fastcognito.integrations.flask import user_context

    client = CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)
    app = flask.Flask(__name__)

    @app.post("/login/<name>")
    def login(name: str) -> dict[str, Any]:
        client.login(name, PASSWORD, context=user_context(trusted_proxies=TRUSTED))
        return {"ok": True}

    @app.post("/admin/login/<name>")
    def admin_login(name: str) -> dict[str, Any]:
        client.admin_login(name, PASSWORD, context=user_context(trusted_proxies=TRUSTED))
        return {"ok": True}

    @app.get("/context")
    def context() -> dict[str, Any]:
        ctx: UserContext = user_context()
        return {"ip": ctx.ip_address, "headers": [n for n, _ in ctx.headers], "name": ctx.server_name}

    return app


def test_flask_context_reaches_the_emulator(cognito_emulator: Emulator) -> None:
    pool = cognito_emulator.setup()
    web = flask_app(cognito_emulator, pool).test_client()
    name = _user(cognito_emulator, pool)
    env = {"REMOTE_ADDR": "10.20.30.40"}
    headers = {**BROWSER, "X-Forwarded-For": "192.0.2.77", "Host": "flask.example"}
    assert web.post(f"/login/{name}", headers=headers, environ_base=env).status_code == 200
    assert carried(pool, "InitiateAuth") == [{"IpAddress": "192.0.2.77"}]
    assert web.post(f"/admin/login/{name}", headers=headers, environ_base=env).status_code == 200
    (data,) = carried(pool, "AdminInitiateAuth")
    assert (data["IpAddress"], data["ServerName"], data["ServerPath"]) == (
        "192.0.2.77",
        "flask.example",
        f"/admin/login/{name}",
    )
    names = {h["headerName"].lower() for h in data["HttpHeaders"]}
    assert "user-agent" in names and "authorization" not in names


def test_flask_without_trusted_proxies_ignores_forwarded_for(cognito_emulator: Emulator) -> None:
    web = flask_app(cognito_emulator, cognito_emulator.setup()).test_client()
    answer = web.get(
        "/context",
        headers={"X-Forwarded-For": "192.0.2.77", "Authorization": "Bearer t", "Host": "h.example"},
        environ_base={"REMOTE_ADDR": "10.20.30.40"},
    )
    body = answer.get_json()
    assert body["ip"] == "10.20.30.40" and body["name"] == "h.example"
    assert "Authorization" not in body["headers"] and "X-Forwarded-For" in body["headers"]
