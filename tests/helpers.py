"""Helpers shared by the tests (conftest.py holds only fixtures and hooks): the password test
users get, the Driver that calls blocking and awaitable clients alike, the client flavours the
``api`` fixture runs over, and a token helper."""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, Cognito, CognitoPy
from fastcognito.testing import Emulator, Pool

PASSWORD = "Passw0rd!x"


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


#: The cognitopy flavours the ``api`` fixture runs each test over: (class, with a secret).
FLAVOURS = [
    pytest.param((CognitoPy, False), id="sync-public"),
    pytest.param((CognitoPy, True), id="sync-secret"),
    pytest.param((AsyncCognitoPy, False), id="async-public"),
    pytest.param((AsyncCognitoPy, True), id="async-secret"),
]


def make_jwt(claims: dict[str, Any]) -> str:
    """An unsigned JWT with the given claims (for the local token helpers)."""

    def seg(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{seg({'alg': 'RS256', 'kid': 'k'})}.{seg(claims)}.c2ln"


def raises_code(code: str) -> Callable[..., Any]:
    """``pytest.raises`` for the class fastcognito raises for a Cognito error code."""
    from fastcognito.exceptions import exception_for_code

    return pytest.raises(exception_for_code(code))  # type: ignore[return-value]
