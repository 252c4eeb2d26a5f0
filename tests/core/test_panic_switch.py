"""``_core._panicking_call`` (a call that panics on purpose) is not in a shipped module: it
exists only when the process starts with FASTCOGNITO_TEST_PANICS=1. Before, anyone could
import it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fastcognito import _core

HERE = Path(__file__).resolve().parent
PROBE = "import fastcognito._core as c; print(hasattr(c, '_panicking_call'))"


def _env(switch: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "FASTCOGNITO_TEST_PANICS"}
    if switch is not None:
        env["FASTCOGNITO_TEST_PANICS"] = switch
    return env


@pytest.mark.parametrize(("switch", "present"), [(None, "False"), ("0", "False"), ("yes", "False"), ("1", "True")])
def test_only_the_switch_adds_the_panicking_call(switch: str | None, present: str) -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, env=_env(switch))
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == present


def test_the_panic_tests_pass_with_the_switch_on() -> None:
    if hasattr(_core, "_panicking_call"):
        pytest.skip("the switch is on in this process: test_panics.py runs here")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(HERE / "test_panics.py")]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=_env("1"), cwd=HERE.parents[1])
    assert out.returncode == 0, out.stdout[-3000:]
    assert " passed" in out.stdout and "skipped" not in out.stdout
