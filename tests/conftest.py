"""Fixtures: one strict emulator per test session, a fresh pool per test, and each client
in its four flavours (blocking/awaitable x public/with secret)."""

from __future__ import annotations

import asyncio
import inspect
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from fastcognito.testing import Emulator, Pool
from fastcognito import AsyncCognitoPy, Cognito, CognitoPy

PASSWORD = "Passw0rd!x"

# Admin calls are SigV4-signed: give them dummy keys. Never let a test reach for IMDS.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
for _var in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_PROFILE"):
    os.environ.pop(_var, None)


pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def emulator(cognito_emulator: Emulator) -> Emulator:
    """The session's emulator, from fastcognito's own pytest plugin."""
    return cognito_emulator


@pytest.fixture
def pool(emulator: Emulator) -> Pool:
    return emulator.setup()


class Driver:
    """Calls a client's methods the same way whether they block or are coroutines, and
    checks that AsyncCognitoPy and Cognito really return coroutines."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.is_async = isinstance(client, (AsyncCognitoPy, Cognito))

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*args, **kwargs)
            if self.is_async:
                assert inspect.iscoroutine(result), f"{name} did not return a coroutine"
                return asyncio.run(result)
            assert not inspect.isawaitable(result)
            return result

        return call


@dataclass
class Api:
    """One client flavour against one pool, with helpers to make users."""

    emulator: Emulator
    pool: Pool
    cls: type
    with_secret: bool
    api: Driver

    @property
    def client_id(self) -> str:
        return self.pool.secret_client_id if self.with_secret else self.pool.public_client_id

    def new_client(self, **kwargs: Any) -> Driver:
        secret = self.pool.client_secret if self.with_secret else ""
        kwargs.setdefault("endpoint_url", self.emulator.url)
        return Driver(self.cls(self.pool.pool_id, self.client_id, secret, self.with_secret, **kwargs))

    def codes(self, username: str) -> dict[str, str | None]:
        return self.emulator.codes(self.pool.pool_id, username)

    def registered(self, username: str | None = None, **attributes: Any) -> str:
        username = username or f"user-{uuid.uuid4().hex[:10]}"
        attributes.setdefault("email", f"{username}@example.com")
        self.api.register(username, PASSWORD, attributes)
        return username

    def confirmed(self, username: str | None = None, **attributes: Any) -> str:
        username = self.registered(username, **attributes)
        code = self.codes(username)["signup"]
        assert code is not None
        self.api.confirm_register(username, code)
        return username

    def logged_in(self) -> tuple[str, dict[str, Any]]:
        username = self.confirmed()
        return username, self.api.login(username, PASSWORD)


FLAVOURS = [
    pytest.param((CognitoPy, False), id="sync-public"),
    pytest.param((CognitoPy, True), id="sync-secret"),
    pytest.param((AsyncCognitoPy, False), id="async-public"),
    pytest.param((AsyncCognitoPy, True), id="async-secret"),
]


@pytest.fixture(params=FLAVOURS)
def api(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> Api:
    cls, with_secret = request.param
    holder = Api(emulator, pool, cls, with_secret, Driver(None))
    holder.api = holder.new_client()
    return holder


@pytest.fixture(params=[pytest.param(CognitoPy, id="sync"), pytest.param(AsyncCognitoPy, id="async")])
def client_cls(request: pytest.FixtureRequest) -> type:
    return request.param  # type: ignore[no-any-return]


def make_jwt(claims: dict[str, Any]) -> str:
    """An unsigned JWT with the given claims (for the local token helpers)."""
    import base64
    import json

    def seg(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{seg({'alg': 'RS256', 'kid': 'k'})}.{seg(claims)}.c2ln"


def raises_code(code: str) -> Callable[..., Any]:
    from fastcognito.exceptions import exception_for_code

    return pytest.raises(exception_for_code(code))  # type: ignore[return-value]
