"""The tour and the examples run to the end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize(
    ("script", "last_words"),
    [("tour.py", "tour complete"), ("mandate_style.py", "changed password and logged out")],
)
def test_example_runs(script: str, last_words: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    out = subprocess.run([sys.executable, str(EXAMPLES / script)], capture_output=True, text=True, timeout=180, env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    assert last_words in out.stdout.strip().splitlines()[-1]
