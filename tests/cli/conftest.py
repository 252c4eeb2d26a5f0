"""The CLI tests' fixtures: one ``fastcognito local --json`` process for the whole package
(each one starts a moto server) and the local user's tokens."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.cli.support import REAL_LOOKING_KEYS, Local, base_env, run, start_local, stop


@pytest.fixture(scope="package")
def local() -> Iterator[Local]:
    proc, errors, lines = start_local("--json", env=base_env(**REAL_LOOKING_KEYS))
    try:
        line = lines.next()
        for value in REAL_LOOKING_KEYS.values():
            assert value not in line, "`fastcognito local` printed the caller's AWS keys"
        printed = json.loads(line)
        assert set(printed) == {"env", "unset", "secret_client_id", "client_secret", "username", "password"}
        assert {"AWS_SESSION_TOKEN", "AWS_PROFILE"} <= set(printed["unset"])
        yield Local(**printed)
    finally:
        code = stop(proc)
        errors.seek(0)
        stderr = errors.read()
        errors.close()
        assert code == 0, f"`fastcognito local` ended with {code} on SIGTERM: {stderr[-2000:]}"


@pytest.fixture(scope="package")
def tokens(local: Local) -> dict[str, Any]:
    """The local user's tokens, from `fastcognito login` (public client)."""
    out = run(["login", "--password-stdin"], local.environ(), stdin=local.password + "\n")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]
