"""What the CLI tests share: running ``fastcognito`` as a subprocess, and the one
``fastcognito local --json`` process (``Local``) that the fixtures in conftest.py start."""

import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from fastcognito import CognitoPy

PYTHON_M = [sys.executable, "-m", "fastcognito"]

UNREACHABLE = "http://127.0.0.1:1"
# Given to `fastcognito local`, which must not print them (it prints dummy keys instead).
REAL_LOOKING_KEYS = {
    "AWS_ACCESS_KEY_ID": "AKIAFASTCOGNITOTEST1",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI-not-a-real-secret-key",
}


def console_script() -> str:
    """The installed ``fastcognito`` console script (next to this interpreter, else on PATH)."""
    beside = Path(sys.executable).parent / "fastcognito"
    if beside.exists():
        return str(beside)
    found = shutil.which("fastcognito")
    assert found is not None, "the fastcognito console script is not installed"
    return found


def base_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that points at an endpoint or pool."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_ENDPOINT_URL", "FASTCOGNITO_")) and k != "AWS_PROFILE"
    }
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env.update(extra)
    return env


def run(
    args: Sequence[str],
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    cmd: Sequence[str] = PYTHON_M,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cmd, *args],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env if env is not None else base_env(),
    )


class Lines:
    """A child's stdout, line by line, with a deadline (a thread reads it: no hang, no
    lines lost in a buffer)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        self.proc = proc
        self.queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(proc.stdout,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self.queue.put(line)
        self.queue.put("")

    def next(self, timeout: float = 90) -> str:
        try:
            line = self.queue.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("`fastcognito local` printed nothing in time") from None
        assert line, f"`fastcognito local` ended early (exit {self.proc.poll()})"
        return line


def start_local(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], IO[str], Lines]:
    errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 -- not a pipe: nothing can block on a full buffer
    proc = subprocess.Popen(
        [*PYTHON_M, "local", *args],
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
        env=env if env is not None else base_env(),
    )
    return proc, errors, Lines(proc)


def stop(proc: subprocess.Popen[str]) -> int | None:
    """SIGTERM (so that `local` stops its emulator too), SIGKILL only if that fails;
    the exit status of a graceful stop, else None."""
    if proc.poll() is not None:
        return proc.returncode
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def reachable(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except urllib.error.HTTPError:
        return True  # it answered
    except OSError:
        return False
    return True


@dataclass
class Local:
    """What ``fastcognito local --json`` printed."""

    env: dict[str, str]
    unset: list[str]
    secret_client_id: str
    client_secret: str
    username: str
    password: str

    @property
    def url(self) -> str:
        return self.env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"]

    @property
    def pool_id(self) -> str:
        return self.env["FASTCOGNITO_POOL_ID"]

    def environ(self, **overrides: str) -> dict[str, str]:
        return {**base_env(), **self.env, **overrides}

    def admin(self) -> CognitoPy:
        return CognitoPy(self.pool_id, self.env["FASTCOGNITO_CLIENT_ID"], "", endpoint_url=self.url)


def new_name() -> str:
    return f"cli-{uuid.uuid4().hex[:10]}"


def tampered(token: str) -> str:
    """The token with one character in the middle of its signature changed."""
    head, payload, signature = token.split(".")
    i = len(signature) // 2
    swapped = "A" if signature[i] != "A" else "B"
    return ".".join((head, payload, signature[:i] + swapped + signature[i + 1 :]))
