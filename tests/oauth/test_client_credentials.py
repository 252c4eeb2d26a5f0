"""Machine-to-machine tokens: cached per scope set until shortly before expiry, one request
for 100 concurrent callers (threads, and asyncio tasks), and the token endpoint's refusals."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from fastcognito import AsyncOAuthClient, OAuthClient, TokenVerifier
from fastcognito.exceptions import InvalidClientError, InvalidScopeError, UnauthorizedClientError
from fastcognito.testing import Emulator, Pool


@pytest.fixture
def m2m(emulator: Emulator) -> Pool:
    return emulator.setup(resource_server={"identifier": "api", "scopes": ["read", "write"]})


def sent(emulator: Emulator, pool: Pool) -> int:
    assert pool.m2m_client_id is not None
    return emulator.requests(pool.m2m_client_id).get("oauth2/token", 0)


def m2m_client(emulator: Emulator, pool: Pool, cls: Any = OAuthClient, **kwargs: Any) -> Any:
    assert pool.m2m_client_id is not None
    secret = kwargs.pop("secret", pool.m2m_client_secret)
    return cls("myapp", pool.m2m_client_id, secret, endpoint_url=emulator.url, **kwargs)


def test_a_token_is_fetched_once_and_verifies(emulator: Emulator, m2m: Pool) -> None:
    client = m2m_client(emulator, m2m)
    first = client.client_credentials("api/read")
    assert set(first) == {"access_token", "expires_in", "token_type"} and first["token_type"] == "Bearer"
    second = client.client_credentials(["api/read"])
    assert second["access_token"] == first["access_token"] and 0 < second["expires_in"] <= first["expires_in"]
    assert sent(emulator, m2m) == 1
    claims = TokenVerifier(m2m.pool_id, m2m.m2m_client_id or "", endpoint_url=emulator.url).verify(
        first["access_token"]
    )
    assert claims["scope"] == "api/read" and claims["sub"] == m2m.m2m_client_id and "username" not in claims


def test_each_scope_set_has_its_own_token(emulator: Emulator, m2m: Pool) -> None:
    client = m2m_client(emulator, m2m)
    both = client.client_credentials(["api/read", "api/write"])
    assert client.client_credentials("api/write api/read")["access_token"] == both["access_token"]
    assert client.client_credentials(["api/write", "api/read", "api/read"])["access_token"] == both["access_token"]
    assert sent(emulator, m2m) == 1
    read = client.client_credentials("api/read")
    every = client.client_credentials()
    assert len({both["access_token"], read["access_token"], every["access_token"]}) == 3
    assert sent(emulator, m2m) == 3
    client.clear_cache()
    assert client.client_credentials("api/read")["access_token"] != read["access_token"]
    assert sent(emulator, m2m) == 4


def test_a_hundred_threads_send_one_request(emulator: Emulator, m2m: Pool) -> None:
    client = m2m_client(emulator, m2m)
    start = threading.Barrier(100)

    def call(_: int) -> str:
        start.wait()
        token: str = client.client_credentials("api/read")["access_token"]
        return token

    with ThreadPoolExecutor(100) as pool:
        tokens = set(pool.map(call, range(100)))
    assert len(tokens) == 1 and sent(emulator, m2m) == 1


def test_a_hundred_tasks_send_one_request(emulator: Emulator, m2m: Pool) -> None:
    client = m2m_client(emulator, m2m, AsyncOAuthClient)

    async def main() -> set[str]:
        answers = await asyncio.gather(*(client.client_credentials("api/write") for _ in range(100)))
        return {a["access_token"] for a in answers}

    assert len(asyncio.run(main())) == 1 and sent(emulator, m2m) == 1


def test_threads_and_tasks_together_send_one_request(emulator: Emulator, m2m: Pool) -> None:
    # One client shared by four threads, each running 50 tasks on an event loop of its own.
    client = m2m_client(emulator, m2m, AsyncOAuthClient)

    async def tasks() -> list[dict[str, Any]]:
        return await asyncio.gather(*(client.client_credentials("api/read") for _ in range(50)))

    def in_thread() -> list[dict[str, Any]]:
        return asyncio.run(tasks())

    with ThreadPoolExecutor(4) as pool:
        results = [t for batch in pool.map(lambda _: in_thread(), range(4)) for t in batch]
    assert len({r["access_token"] for r in results}) == 1 and sent(emulator, m2m) == 1


def test_refusals(emulator: Emulator, m2m: Pool, pool: Pool) -> None:
    client = m2m_client(emulator, m2m)
    with pytest.raises(InvalidScopeError) as scope:
        client.client_credentials("api/delete")
    assert scope.value.error == "invalid_scope" and "api/delete" in (scope.value.error_description or "")
    with pytest.raises(InvalidClientError) as bad:
        m2m_client(emulator, m2m, secret="wrong-secret-value").client_credentials("api/read")
    assert bad.value.http_status == 401 and "wrong-secret-value" not in repr(bad.value) + str(bad.value)
    user_client = OAuthClient("myapp", pool.secret_client_id, pool.client_secret, endpoint_url=emulator.url)
    with pytest.raises(UnauthorizedClientError):
        user_client.client_credentials("api/read")
    # Nothing failed was kept: the next call asks again, and succeeds.
    assert client.client_credentials("api/read")["access_token"]


def test_a_public_client_is_refused_before_any_request(emulator: Emulator, pool: Pool) -> None:
    with pytest.raises(ValueError, match="secret"):
        OAuthClient("myapp", pool.public_client_id, endpoint_url=emulator.url).client_credentials("api/read")
    awaited = AsyncOAuthClient("myapp", pool.public_client_id, endpoint_url=emulator.url)
    with pytest.raises(ValueError, match="secret"):
        asyncio.run(awaited.client_credentials("api/read"))
    assert emulator.requests(pool.public_client_id).get("oauth2/token", 0) == 0
