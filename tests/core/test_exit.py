"""Interpreter exit with calls finished or still in flight neither crashes nor hangs.

On CPython < 3.14 a thread that takes the GIL back during finalization is ended with
pthread_exit, which aborts a process whose thread has Rust frames; fastcognito's atexit hook
prevents that. These run in subprocesses and check the exit status."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from fastcognito.testing import Emulator, Pool
from tests.core.test_runtime import silent_server  # noqa: F401  (fixture)


def run(script: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=timeout
    )


def test_exit_right_after_awaited_calls(emulator: Emulator, pool: Pool) -> None:
    script = f"""
        import asyncio
        from fastcognito import Cognito
        c = Cognito({pool.pool_id!r}, {pool.public_client_id!r}, username="nobody", endpoint_url={emulator.url!r})
        async def main():
            for _ in range(3):
                try:
                    await c.verify_token("garbage", "id_token", "id")
                except Exception:
                    pass
                try:
                    await c.admin_get_user()
                except Exception:
                    pass
        asyncio.run(main())
        c._core.close()
    """
    for _ in range(8):
        out = run(script)
        assert out.returncode == 0, (out.returncode, out.stderr[-2000:])


def test_exit_with_blocking_calls_in_flight(silent_server: str) -> None:  # noqa: F811
    script = f"""
        import threading, time
        from fastcognito import CognitoPy
        c = CognitoPy("us-east-1_x", "cid", "", endpoint_url={silent_server!r})
        for _ in range(4):
            threading.Thread(target=lambda: c.login("u", "p"), daemon=True).start()
        time.sleep(0.5)
        print("exiting")
    """
    start = time.monotonic()
    out = run(script, timeout=60)
    assert out.returncode == 0, (out.returncode, out.stderr[-2000:])
    assert out.stdout.strip() == "exiting"
    # The calls would have waited 30 s; exit cancels them instead.
    assert time.monotonic() - start < 15


def test_exit_with_awaited_calls_in_flight(silent_server: str) -> None:  # noqa: F811
    script = f"""
        import asyncio, threading
        from fastcognito import AsyncCognitoPy
        c = AsyncCognitoPy("us-east-1_x", "cid", "", endpoint_url={silent_server!r})
        def loop_thread():
            async def main():
                await asyncio.gather(*(c.login("u", "p") for _ in range(5)))
            asyncio.run(main())
        threading.Thread(target=loop_thread, daemon=True).start()
        import time; time.sleep(0.5)
        print("exiting")
    """
    start = time.monotonic()
    out = run(script, timeout=60)
    assert out.returncode == 0, (out.returncode, out.stderr[-2000:])
    assert time.monotonic() - start < 15
