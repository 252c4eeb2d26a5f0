"""What the managed-login client tests share: the four client flavours (blocking or awaited,
public or secret app client), a driver that calls both alike, and a signed-in user's tokens
through the whole authorization-code + PKCE flow."""

from __future__ import annotations

import asyncio
import inspect
import urllib.parse
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from fastcognito import AsyncOAuthClient, OAuthClient
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD

CALLBACK = "http://localhost/callback"

FLAVOURS = [
    pytest.param((OAuthClient, False), id="sync-public"),
    pytest.param((OAuthClient, True), id="sync-secret"),
    pytest.param((AsyncOAuthClient, False), id="async-public"),
    pytest.param((AsyncOAuthClient, True), id="async-secret"),
]


class Driver:
    """Runs a client's endpoint calls the same way whether they block or are coroutines."""

    def __init__(self, client: OAuthClient | AsyncOAuthClient) -> None:
        self.client = client
        self.is_async = isinstance(client, AsyncOAuthClient)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*args, **kwargs)
            if inspect.iscoroutine(result):
                assert self.is_async, f"{name} returned a coroutine on a blocking client"
                return asyncio.run(result)
            return result

        return call


@dataclass
class Flavour:
    emulator: Emulator
    pool: Pool
    cls: type[OAuthClient] | type[AsyncOAuthClient]
    with_secret: bool

    @property
    def client_id(self) -> str:
        return self.pool.secret_client_id if self.with_secret else self.pool.public_client_id

    def client(self, **kwargs: Any) -> Driver:
        secret = self.pool.client_secret if self.with_secret else None
        kwargs.setdefault("redirect_uri", CALLBACK)
        kwargs.setdefault("endpoint_url", self.emulator.url)
        return Driver(self.cls("myapp", self.client_id, secret, **kwargs))

    def user(self, name: str | None = None) -> str:
        name = name or f"u{uuid.uuid4().hex[:8]}"
        self.emulator.create_user(self.pool.pool_id, name, PASSWORD, email=f"{name}@example.com")
        return name

    def code(self, client: Driver, username: str, **kwargs: Any) -> tuple[str, Any]:
        """Signs ``username`` in on the emulator's page; (the callback's code, the request)."""
        kwargs.setdefault("scopes", ["openid", "email", "profile"])
        request = client.authorization_url(**kwargs)
        location = self.emulator.authorize(request.url, username, PASSWORD)
        query = callback_query(location)
        assert query["state"] == request.state
        return query["code"], request

    def signed_in(self, client: Driver, username: str, **kwargs: Any) -> dict[str, Any]:
        code, request = self.code(client, username, **kwargs)
        tokens: dict[str, Any] = client.exchange_code(code, request.code_verifier)
        return tokens


def callback_query(location: str) -> dict[str, str]:
    parsed = urllib.parse.urlparse(location)
    assert f"{parsed.scheme}://{parsed.netloc}{parsed.path}" == CALLBACK, location
    return {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query).items()}
