"""The passkeys example run as its README says, by hand: ``fastcognito local`` with the code
and passkey first factors and the app's callback, ``uvicorn --factory
passkeys_app.app:from_environment`` with the export lines, and a person at the browser who
reads the code from the page's local outbox."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser.conftest import WAIT, Page
from tests.cli.support import base_env, reachable, start_local, stop

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_example_by_hand_against_fastcognito_local(page: Page) -> None:
    port = free_port()
    app_url = f"http://localhost:{port}"
    local, errors, lines = start_local(
        "--json", "--first-factors", "PASSWORD,EMAIL_OTP,WEB_AUTHN", "--callback-url", f"{app_url}/callback"
    )
    app = None
    try:
        started = json.loads(lines.next())
        env = base_env(**started["env"], FASTCOGNITO_CALLBACK_URL=f"{app_url}/callback")
        app = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", "examples", "--factory"]
            + ["passkeys_app.app:from_environment", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + WAIT
        while not reachable(f"http://127.0.0.1:{port}/api/me"):
            assert app.poll() is None and time.monotonic() < deadline, "the example app did not start"
            time.sleep(0.1)

        page.open(f"{app_url}/")
        page.loaded()
        page.fill("#username", started["username"])
        page.click("#send-code")
        code = page.wait_text("#inbox", "says").rstrip(".").split()[-1]
        page.fill("#code", code)
        page.click("#verify-code")
        page.wait_text("#status", "Signed in as demo (via email code)")
        page.click("#register-passkey")
        page.wait_text("#message", "Passkey added.")
        page.click("#sign-out")
        page.wait_text("#status", "Signed out.")
        page.fill("#username", "demo")
        page.click("#passkey-sign-in")
        page.wait_text("#status", "Signed in as demo (via passkey)")
        page.click("#sign-out")
        page.wait_text("#status", "Signed out.")

        page.click("#managed-login")
        page.wait("the managed login's sign-in page", lambda: page.visible("#password"))
        page.fill("#username", started["username"])
        page.fill("#password", started["password"])
        page.click("#submit")
        page.wait_text("#status", "Signed in as demo (via managed login)")
        assert page.driver.current_url == f"{app_url}/claims"
        page.screenshot()
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
        stop(local)
        errors.close()
