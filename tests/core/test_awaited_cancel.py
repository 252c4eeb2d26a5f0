"""A cancelled awaiting task stops its call: no retry goes out after the cancellation."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Iterator

import pytest

from fastcognito import AsyncCognitoPy, Cognito
from tests.core.fault_server import FaultServer


@pytest.fixture
def server() -> Iterator[FaultServer]:
    threads = threading.active_count()
    srv = FaultServer(mode="status", status=500, body=b'{"__type": "InternalErrorException"}').start()
    yield srv
    srv.stop()
    # The server's threads notice the stop within 0.1 s; later tests count threads.
    deadline = time.monotonic() + 2
    while threading.active_count() > threads and time.monotonic() < deadline:
        time.sleep(0.01)


async def _cancel_after_first_request(server: FaultServer, call: Awaitable[object]) -> None:
    task = asyncio.ensure_future(call)
    deadline = time.monotonic() + 5
    while server.requests < 1 and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert server.requests == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # The first retry of a 500 would go out within a second (standard retries: full jitter
    # of at most 1 s before the second attempt).
    await asyncio.sleep(1.5)


@pytest.mark.parametrize("family", ["cognitopy", "mandate"])
def test_cancelled_task_sends_no_retry(server: FaultServer, family: str) -> None:
    client: AsyncCognitoPy | Cognito
    if family == "cognitopy":
        client = AsyncCognitoPy("us-east-1_x", "cid", "", endpoint_url=server.url, max_attempts=5)
    else:
        client = Cognito("us-east-1_x", "cid", username="u", endpoint_url=server.url, max_attempts=5)

    async def main() -> None:
        # `async with` closes the connections, which ends the server's handler threads.
        async with client:
            if isinstance(client, AsyncCognitoPy):
                await _cancel_after_first_request(server, client.admin_get_user("u"))
            else:
                await _cancel_after_first_request(server, client.admin_get_user())

    asyncio.run(main())
    assert server.requests == 1


def test_calls_after_a_cancellation_still_work(server: FaultServer) -> None:
    client = AsyncCognitoPy("us-east-1_x", "cid", "", endpoint_url=server.url, max_attempts=5)

    async def main() -> None:
        async with client:
            await _cancel_after_first_request(server, client.admin_get_user("u"))
            server.status, server.body = 400, b'{"__type": "UserNotFoundException", "message": "no"}'
            with pytest.raises(Exception) as info:
                await client.admin_get_user("u")
            assert "UserNotFound" in type(info.value).__name__

    asyncio.run(main())
    assert server.requests == 2
