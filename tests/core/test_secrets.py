"""Known password, client-secret and token values never appear in a repr, a str, an exception
message, a traceback or a log record (logging captured at DEBUG), across both APIs."""

from __future__ import annotations

import asyncio
import logging
import traceback
from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, Cognito, CognitoPy, SyncCognito
from fastcognito.testing import Emulator, Pool
from tests.helpers import Driver

PASSWORD = "Pw-SENTINEL-9f3e2a!X1"
WRONG_PASSWORD = "Pw-WRONG-SENTINEL-77b1!X1"
NEW_PASSWORD = "Pw-NEW-SENTINEL-c0ffee!X1"
SECRET = "client-secret-SENTINEL-0b7d41"
FAKE_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJTRU5USU5FTCI6MX0.SENTINELSIGNATURE"
FAKE_REFRESH = "refresh-SENTINEL-4d2c"


def check(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text, f"a secret leaked into: {text[:300]!r}"


def assert_nothing_leaked(
    client: Any, errors: list[BaseException], caplog: pytest.LogCaptureFixture, secrets: list[str]
) -> None:
    check(repr(client) + str(client) + repr(client._core), secrets)
    for e in errors:
        check(str(e) + repr(e) + "".join(traceback.format_exception_only(type(e), e)) + repr(e.args), secrets)
    check("\n".join(r.getMessage() + repr(r.args) for r in caplog.records), secrets)


def exercise(client: Any, calls: list[tuple[str, tuple, dict]]) -> list[BaseException]:
    """Runs each call, collecting the exceptions (most calls here are meant to fail)."""
    errors = []
    for name, args, kwargs in calls:
        try:
            result = getattr(client, name)(*args, **kwargs)
            if asyncio.iscoroutine(result):
                asyncio.run(result)
        except Exception as e:  # noqa: BLE001
            errors.append(e)
    return errors


@pytest.mark.parametrize("cls", [CognitoPy, AsyncCognitoPy])
def test_cognitopy_never_shows_secrets(
    cls: type, emulator: Emulator, pool: Pool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    setup = Driver(CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url))
    setup.register("leaky", PASSWORD, {"email": "leaky@example.com"})
    setup.admin_confirm_register("leaky")
    tokens = setup.login("leaky", PASSWORD)
    real = [tokens["access_token"], tokens["refresh_token"], tokens["id_token"]]
    client = cls(pool.pool_id, pool.secret_client_id, SECRET, True, endpoint_url=emulator.url)
    calls = [
        ("login", ("leaky", WRONG_PASSWORD), {}),
        ("admin_login", ("leaky", WRONG_PASSWORD), {}),
        ("register", ("leaky", PASSWORD, {"email": "x@example.com"}), {}),
        ("renew_access_token", (FAKE_TOKEN, FAKE_REFRESH), {}),
        ("renew_access_token", (tokens["access_token"], tokens["refresh_token"]), {}),
        ("change_password", (WRONG_PASSWORD, NEW_PASSWORD, tokens["access_token"]), {}),
        ("change_password", (WRONG_PASSWORD, NEW_PASSWORD, FAKE_TOKEN), {}),
        ("delete_user", (FAKE_TOKEN,), {}),
        ("revoke_refresh_token", (FAKE_REFRESH,), {}),
        ("confirm_forgot_password", ("leaky", "123456", NEW_PASSWORD), {}),
        ("resolve_challenge_new_password", ("session-x", "leaky", NEW_PASSWORD), {}),
        ("get_info_user_by_token", ("not-a-token-SENTINEL",), {}),
        ("login", (1, PASSWORD), {}),
    ]
    errors = exercise(client, calls)
    assert len(errors) >= 10
    assert_nothing_leaked(
        client, errors, caplog, [PASSWORD, WRONG_PASSWORD, NEW_PASSWORD, SECRET, FAKE_TOKEN, FAKE_REFRESH, *real]
    )
    assert any(r.name == "fastcognito" for r in caplog.records)


@pytest.mark.parametrize("cls", [Cognito, SyncCognito])
def test_mandate_never_shows_secrets(
    cls: type, emulator: Emulator, pool: Pool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    owner = Driver(
        cls(
            pool.pool_id,
            pool.secret_client_id,
            username="leaky2",
            client_secret=SECRET.replace("S", "s"),
            endpoint_url=emulator.url,
        )
    )
    good = Driver(cls(pool.pool_id, pool.public_client_id, username="leaky2", endpoint_url=emulator.url))
    good.register(username="leaky2", password=PASSWORD, email="l2@example.com")
    good.admin_confirm_sign_up()
    good.authenticate(PASSWORD)
    real = [good.access_token, good.id_token, good.refresh_token]
    client = cls(
        pool.pool_id,
        pool.secret_client_id,
        None,
        "leaky2",
        FAKE_TOKEN,
        FAKE_TOKEN,
        FAKE_REFRESH,
        SECRET,
        endpoint_url=emulator.url,
    )
    calls = [
        ("authenticate", (WRONG_PASSWORD,), {}),
        ("admin_authenticate", (WRONG_PASSWORD,), {}),
        ("new_password_challenge", (WRONG_PASSWORD, NEW_PASSWORD), {}),
        ("renew_access_token", (), {}),
        ("change_password", (WRONG_PASSWORD, NEW_PASSWORD), {}),
        ("verify_token", (FAKE_TOKEN, "id_token", "id"), {}),
        ("verify_token", (good.access_token, "id_token", "id"), {}),
        ("get_user", (), {}),
        ("confirm_forgot_password", ("123456", NEW_PASSWORD), {}),
        ("logout", (), {}),
        ("register", (), {"username": "leaky2", "password": PASSWORD, "email": "l2@example.com"}),
    ]
    errors = exercise(client, calls) + exercise(owner.client, calls[:2])
    assert len(errors) >= 10
    assert_nothing_leaked(
        client, errors, caplog, [PASSWORD, WRONG_PASSWORD, NEW_PASSWORD, SECRET, FAKE_TOKEN, FAKE_REFRESH, *real]
    )


def test_logging_is_quiet_by_default() -> None:
    import subprocess
    import sys

    script = (
        "from fastcognito import CognitoPy\n"
        "c = CognitoPy('us-east-1_x', 'c', '', endpoint_url='http://127.0.0.1:9', max_attempts=1)\n"
        "try:\n    c.login('u', 'p')\nexcept Exception:\n    pass\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout == "" and out.stderr == ""
