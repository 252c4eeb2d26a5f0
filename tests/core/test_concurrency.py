"""Many callers on one client: asyncio tasks (half cancelled midway), threads, and a
multiprocessing pool started with fork after the parent used the client."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import textwrap
import threading
import warnings
import weakref
from concurrent.futures import ThreadPoolExecutor

from fastcognito import AsyncCognitoPy, CognitoPy
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_thousand_tasks_half_cancelled(emulator: Emulator, pool: Pool) -> None:
    client = AsyncCognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)

    async def main() -> tuple[int, int, int]:
        await client.register("many", PASSWORD, {})
        await client.admin_confirm_register("many")
        tasks = [asyncio.create_task(client.admin_get_user("many")) for _ in range(1000)]
        await asyncio.sleep(0.05)
        for task in tasks[::2]:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        ok = sum(1 for r in results if isinstance(r, dict) and r["username"] == "many")
        cancelled = sum(1 for r in results if isinstance(r, asyncio.CancelledError))
        other = len(results) - ok - cancelled
        # The client still works afterwards.
        assert (await client.admin_get_user("many"))["user_status"] == "CONFIRMED"
        return ok, cancelled, other

    threads_before, fds_before = threading.active_count(), open_fds()
    ok, cancelled, other = asyncio.run(main())
    assert other == 0, f"{other} calls failed"
    assert cancelled >= 400 and ok >= 500 and ok + cancelled == 1000
    # No Python thread left behind, and no pile of open sockets.
    assert threading.active_count() == threads_before
    assert open_fds() < fds_before + 64


def test_a_burst_of_awaited_calls_keeps_its_connections_bounded(emulator: Emulator, pool: Pool) -> None:
    """600 calls started at once share at most 128 connections (the client's bound on calls in
    flight), instead of one socket each."""
    client = AsyncCognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)
    peak = 0
    sampling = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not sampling.is_set():
            peak = max(peak, open_fds())
            sampling.wait(0.001)

    async def main() -> list[dict[str, object]]:
        await client.register("burst", PASSWORD, {})
        await client.admin_confirm_register("burst")
        return await asyncio.gather(*(client.admin_get_user("burst") for _ in range(600)))

    before = open_fds()
    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        results = asyncio.run(main())
    finally:
        sampling.set()
        sampler.join()
    assert all(r["username"] == "burst" for r in results)
    assert peak - before <= 128 + 16, f"{peak - before} descriptors opened for 600 calls"


def test_an_event_loop_never_closed_is_still_freed(emulator: Emulator, pool: Pool) -> None:
    """Awaited results reach a loop through a hub fastcognito registers with it; that must not keep
    alive a loop its program forgets to close (each holds a selector and sockets)."""
    client = AsyncCognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)
    asyncio.run(client.register("forgotten-loop", PASSWORD, {}))
    before = open_fds()
    for _ in range(3):
        loop = asyncio.new_event_loop()
        user = loop.run_until_complete(client.admin_get_user("forgotten-loop"))
        assert user["username"] == "forgotten-loop"
        freed = weakref.ref(loop)
        del loop
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)  # "unclosed event loop": the point here
            gc.collect()
        assert freed() is None, gc.get_referrers(freed())
    assert open_fds() <= before + 4


def test_sixty_four_threads(emulator: Emulator, pool: Pool) -> None:
    client = CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)
    client.register("threads", PASSWORD, {})
    client.admin_confirm_register("threads")

    def work(i: int) -> bool:
        if i % 2:
            return client.admin_get_user("threads")["username"] == "threads"
        return bool(client.login("threads", PASSWORD)["access_token"])

    with ThreadPoolExecutor(max_workers=64) as executor:
        assert all(executor.map(work, range(320)))


def test_multiprocessing_pool_with_fork(emulator: Emulator, pool: Pool) -> None:
    script = textwrap.dedent(
        f"""
        import multiprocessing as mp
        from fastcognito import CognitoPy
        client = CognitoPy({pool.pool_id!r}, {pool.public_client_id!r}, "", endpoint_url={emulator.url!r})
        client.register("pooled", {PASSWORD!r}, {{}})
        client.admin_confirm_register("pooled")
        assert client.login("pooled", {PASSWORD!r})["access_token"]

        def child(i):
            return client.admin_get_user("pooled")["username"], client.login("pooled", {PASSWORD!r})["token_type"]

        if __name__ == "__main__":
            with mp.get_context("fork").Pool(4) as workers:
                results = workers.map(child, range(12), chunksize=1)
            assert results == [("pooled", "Bearer")] * 12, results
            assert client.admin_get_user("pooled")["username"] == "pooled"
            print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "ok"
