"""A Rust panic inside a call never crashes the interpreter: it becomes InternalError, blocking
or awaited, and the runtime keeps working (``_core._panicking_call`` panics on purpose; it exists
only in a process started with FASTCOGNITO_TEST_PANICS=1, so where it is absent these tests run
in such a child process: tests/core/test_panic_switch.py)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import Generator
from typing import Any

import pytest

from fastcognito import CognitoPy, _core
from fastcognito._calls import run_async, run_sync
from fastcognito.exceptions import InternalError
from fastcognito.testing import Emulator, Pool

pytestmark = pytest.mark.skipif(
    not hasattr(_core, "_panicking_call"), reason="FASTCOGNITO_TEST_PANICS is off: run by test_panic_switch.py"
)


def plan() -> Generator[Any, Any, Any]:
    return (yield _core._panicking_call())


def test_a_panic_while_blocking_is_an_internal_error(emulator: Emulator, pool: Pool) -> None:
    with pytest.raises(InternalError, match="Rust panic"):
        run_sync(plan())
    # The runtime's worker survived: real calls still run, blocking and awaited.
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as cognito:
        assert cognito.list_groups() == []


def test_a_panic_while_awaited_is_an_internal_error(emulator: Emulator, pool: Pool) -> None:
    async def main() -> None:
        with pytest.raises(InternalError, match="Rust panic"):
            await run_async(plan())
        results = await asyncio.gather(*(run_async(plan()) for _ in range(20)), return_exceptions=True)
        assert all(isinstance(r, InternalError) for r in results)

    asyncio.run(main())
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as cognito:
        assert cognito.list_groups() == []


def test_the_interpreter_goes_on_and_exits_cleanly() -> None:
    script = textwrap.dedent(
        """
        import asyncio
        from fastcognito import _core
        from fastcognito._calls import run_async, run_sync
        from fastcognito.exceptions import InternalError

        def plan():
            return (yield _core._panicking_call())

        for _ in range(3):
            try:
                run_sync(plan())
            except InternalError as e:
                print("blocking:", e.code)
            try:
                asyncio.run(run_async(plan()))
            except InternalError as e:
                print("awaited:", e.code)
        print("still here")
        """
    )
    env = {**os.environ, "FASTCOGNITO_TEST_PANICS": "1"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["blocking:", "InternalError", "awaited:", "InternalError"] * 3 + ["still", "here"]
    assert "deliberate panic" in out.stderr  # Rust's panic hook reported it; nothing aborted


def test_a_call_runs_once() -> None:
    call = _core._panicking_call()
    with pytest.raises(InternalError):
        call.wait()
    with pytest.raises(RuntimeError, match="already been run"):
        call.wait()
