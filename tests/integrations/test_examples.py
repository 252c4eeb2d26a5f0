"""The tour (``python -m fastcognito tour``) and the example apps run to the end."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LABEL_BEFORE = re.compile(r"(\b\w+='?|\b\w+: |'\w+': ')$")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=180, env=env, check=False)


def test_tour_runs() -> None:
    out = run("-m", "fastcognito", "tour")
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.strip().splitlines()
    assert lines[-1].startswith("tour complete"), lines[-5:]
    assert "== part 1: cognitopy-style (CognitoPy, AsyncCognitoPy)" in lines
    assert "== part 2: mandate-style (Cognito)" in lines
    assert "== part 3: choice-based sign-in (sign_in, confirm_sign_in)" in lines
    assert "== part 4: passkeys (WebAuthn, with a software authenticator as the browser)" in lines
    said = dict(line.split(". ", 1)[-1].rsplit(": ", 1) for line in lines if re.match(r"\s*\d+\. .*: ", line))
    assert said["confirm_sign_in with the signed assertion: signed in"] == "True"
    assert said["delete_passkey, then list_passkeys"] == "[]"
    # Every UUID shown (a sub, an internal username) says what it is: `name=`, `name='`, `name: ` or
    # `'name': '` right before it.
    for line in lines:
        for found in UUID.finditer(line):
            assert LABEL_BEFORE.search(line[: found.start()]), f"unlabelled UUID: {line!r}"
    # A page's NextToken is shown on its own, never as one of the items.
    assert not [line for line in lines if re.search(r"\[[^\]]*NextToken", line)]
    assert any(line.split(". ", 1)[-1].startswith("NextToken of that page") for line in lines)


@pytest.mark.parametrize("script", ["fastapi_app.py", "flask_app.py"])
def test_example_app_runs(script: str) -> None:
    pytest.importorskip("fastapi" if script.startswith("fastapi") else "flask")
    out = run(str(EXAMPLES / script))
    assert out.returncode == 0, out.stderr[-3000:]
    assert "GET /admin (in admins)" in out.stdout
    said = {}
    for line in out.stdout.strip().splitlines():
        step, arrow, answer = line.partition("->")
        assert arrow, line
        said[step.strip()] = answer.strip()
    assert said["GET /me without a token"] == "401"
    assert "'username': 'alice'" in said["GET /me"]
    assert said["GET /admin (no group)"] == "403"
    assert said["GET /admin (in admins)"] == "{'admin': 'alice', 'groups': ['admins']}"
