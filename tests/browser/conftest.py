"""Real headless Chromium (Debian's ``chromium`` and ``chromium-driver``) driven by Selenium,
with a virtual authenticator from the DevTools ``WebAuthn`` domain, against the passkeys
example app (examples/passkeys_app) served by uvicorn in a thread, against the strict emulator.

The tests are skipped, saying why, only when Chromium or its driver is missing and the run
does not require them; ``scripts/test.sh`` (so ``.ci/run``) requires them
(``FASTCOGNITO_REQUIRE_BROWSER=1``, or ``CI`` set) and installs them when it can.

Each test saves a screenshot of its final page in ``tests/browser/screenshots/`` (git ignores
it; ``FASTCOGNITO_SCREENSHOTS`` names another directory); the run's summary lists them.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, OAuthClient
from fastcognito.testing import Emulator, Pool
from fastcognito.verifier import TokenVerifier

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CHROMIUM = os.environ.get("FASTCOGNITO_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("FASTCOGNITO_CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOTS = Path(os.environ.get("FASTCOGNITO_SCREENSHOTS") or Path(__file__).resolve().parent / "screenshots")
FIRST_FACTORS = ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"]
WAIT = 20.0  # seconds a page may take to show what a test waits for

_saved: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real headless Chromium (tests/browser)")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _saved:
        terminalreporter.write_sep("-", "screenshots of the browser tests' final pages")
        for path in _saved:
            terminalreporter.write_line(str(path))


def _required() -> bool:
    return os.environ.get("FASTCOGNITO_REQUIRE_BROWSER") == "1" or os.environ.get("CI", "").lower() in ("1", "true")


def _missing() -> str | None:
    absent = [p for p in (CHROMIUM, CHROMEDRIVER) if not (os.path.isfile(p) and os.access(p, os.X_OK))]
    if absent:
        return f"{' and '.join(absent)} not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -r requirements-dev.txt)"
    return None


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    missing = _missing()
    if missing is None:
        return
    if _required():
        pytest.fail(f"the browser tests must run here (CI or FASTCOGNITO_REQUIRE_BROWSER=1), but {missing}")
    pytest.skip(f"no headless browser: {missing}")


# ---- the example app, served -------------------------------------------------------------


class AppServer:
    """The passkeys example served by uvicorn in a daemon thread, on a socket bound up front
    (so the port, and thus the callback URL, is known before the pool is set up)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port: int = self.sock.getsockname()[1]
        self.server: Any = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The app's origin as the relying party expects it: ``localhost`` (an RP id is never an IP)."""
        return f"http://localhost:{self.port}"

    @property
    def ip_url(self) -> str:
        """The same app at another origin, which the passkeys' relying party does not cover."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, app: Any) -> None:
        import uvicorn

        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=lambda: asyncio.run(self.server.serve(sockets=[self.sock])), name="passkeys-app", daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + WAIT
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the example app did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)
        self.sock.close()


@dataclass
class Site:
    """The served app, its pool and emulator."""

    emulator: Emulator
    pool: Pool
    server: AppServer

    @property
    def url(self) -> str:
        return self.server.url

    def code(self, username: str, purpose: str) -> str:
        return self.emulator.code(self.pool.pool_id, username, purpose)


@pytest.fixture
def site(chromium_ready: None, emulator: Emulator) -> Iterator[Site]:
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    from passkeys_app.app import create_app, emulator_inbox

    server = AppServer()
    try:
        # As a user would set the pool up: code and passkey sign-in allowed, the app's callback registered.
        pool = emulator.setup(first_factors=FIRST_FACTORS, callback_urls=[f"{server.url}/callback"])
        client_id = pool.public_client_id
        app = create_app(
            AsyncCognitoPy(pool.pool_id, client_id, "", endpoint_url=emulator.url),
            OAuthClient("local", client_id, redirect_uri=f"{server.url}/callback", endpoint_url=emulator.url),
            TokenVerifier(pool.pool_id, client_id, endpoint_url=emulator.url),
            id_verifier=TokenVerifier(pool.pool_id, client_id, token_use="id", endpoint_url=emulator.url),
            secret_key=secrets.token_urlsafe(32),
            inbox=emulator_inbox(emulator.url, pool.pool_id),
        )
        server.start(app)
        yield Site(emulator, pool, server)
    finally:
        server.stop()


# ---- the browser -------------------------------------------------------------------------


class Page:
    """One headless Chromium tab (Selenium), with a virtual authenticator and helpers that
    wait for what the page shows."""

    def __init__(self, driver: Any, name: str) -> None:
        self.driver = driver
        self.name = name
        self.authenticator: str | None = None

    def cdp(self, command: str, params: dict[str, Any] | None = None) -> Any:
        return self.driver.execute_cdp_cmd(command, params or {})

    def add_authenticator(self, **overrides: Any) -> str:
        """A platform passkey provider: CTAP2, internal transport, resident keys, user
        verification that succeeds, presence confirmed at once."""
        self.cdp("WebAuthn.enable", {"enableUI": False})
        options = {
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": True,
            "hasUserVerification": True,
            "isUserVerified": True,
            "automaticPresenceSimulation": True,
            **overrides,
        }
        self.authenticator = self.cdp("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
        return self.authenticator

    def authenticator_call(self, command: str, **params: Any) -> Any:
        return self.cdp(f"WebAuthn.{command}", {"authenticatorId": self.authenticator, **params})

    def credentials(self) -> list[dict[str, Any]]:
        return self.authenticator_call("getCredentials")["credentials"]  # type: ignore[no-any-return]

    def open(self, url: str) -> None:
        self.driver.get(url)

    def el(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def wait(self, what: str, condition: Any) -> Any:
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.driver, WAIT, poll_frequency=0.1).until(lambda _d: condition())
        except Exception as exc:
            self.screenshot("timeout")
            raise AssertionError(f"the page did not show {what}; it shows: {self.text()!r}") from exc

    def text(self, css: str = "body") -> str:
        try:
            return str(self.el(css).text)
        except Exception:
            return ""

    def visible(self, css: str) -> bool:
        try:
            return bool(self.el(css).is_displayed())
        except Exception:
            return False

    def wait_text(self, css: str, expected: str) -> str:
        return str(self.wait(f"{expected!r} in {css}", lambda: expected in self.text(css) and self.text(css)))

    def fill(self, css: str, value: str) -> None:
        field = self.el(css)
        field.clear()
        field.send_keys(value)

    def click(self, css: str) -> None:
        self.el(css).click()

    def loaded(self) -> None:
        self.wait("the page loaded", lambda: self.text("#status") not in ("", "Loading..."))

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def js_async(self, script: str, *args: Any) -> Any:
        return self.driver.execute_async_script(script, *args)

    def screenshot(self, label: str = "final") -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{label}.png"
        self.driver.save_screenshot(str(path))
        _saved.append(path)
        return path


def _driver() -> Any:
    # Explicit paths: Selenium Manager must neither look for nor download a browser or driver.
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--no-proxy-server",  # the app and the emulator are on loopback
        "--window-size=1000,1000",
    ):
        options.add_argument(arg)
    service = Service(executable_path=CHROMEDRIVER, log_output=os.devnull)
    last: Exception | None = None
    for _ in range(2):  # a cold start on a loaded machine can miss chromedriver's deadline once
        try:
            driver = webdriver.Chrome(options=options, service=service)
            break
        except Exception as exc:
            last = exc
            time.sleep(1)
    else:
        raise RuntimeError(f"headless Chromium did not start: {last}")
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    return driver


@pytest.fixture
def page(chromium_ready: None, request: pytest.FixtureRequest) -> Iterator[Page]:
    driver = _driver()
    try:
        tab = Page(driver, request.node.name.replace("/", "_"))
        tab.add_authenticator()
        yield tab
    finally:
        driver.quit()
