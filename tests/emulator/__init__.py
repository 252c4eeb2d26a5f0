"""The strict local Cognito used by the tests and the tour (moto underneath).

>>> with Emulator() as emu:
...     pool = emu.setup()
...     print(emu.url, pool.pool_id)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "server.py")


@dataclass(frozen=True)
class Pool:
    region: str
    pool_id: str
    public_client_id: str
    secret_client_id: str
    client_secret: str


class Emulator:
    """A strict moto-based Cognito server in a child process on a free loopback port."""

    def __init__(self, host: str = "127.0.0.1", startup_timeout: float = 60.0) -> None:
        self.host = host
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> Emulator:
        self.process = subprocess.Popen(
            [sys.executable, SERVER, "--host", self.host, "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"the emulator did not start: {line!r}")
        self.url = f"http://{self.host}:{int(line.split()[1])}"
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def _control(self, name: str, body: dict[str, Any] | None = None, **query: str) -> Any:
        url = f"{self.url}/_emulator/{name}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body).encode() if body is not None else None
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as resp:
            return json.loads(resp.read())

    def setup(self, **options: Any) -> Pool:
        """A fresh pool with a public app client and one with a secret."""
        return Pool(**self._control("setup", options))

    def codes(self, pool_id: str, username: str) -> dict[str, str | None]:
        """The codes last "sent" to a user: ``{"signup": ..., "forgot": ..., "mfa": ...}``."""
        return self._control("codes", None, pool_id=pool_id, username=username)  # type: ignore[no-any-return]

    def enable_sms_mfa(self, pool_id: str, username: str) -> None:
        """Makes the user's next password login answer with an SMS_MFA challenge."""
        self._control("sms_mfa", {"pool_id": pool_id, "username": username})

    def reset(self) -> None:
        self._control("reset", {})
