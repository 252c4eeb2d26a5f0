"""The ``fastcognito`` command's help, usage errors and exit-status table, and ``main()`` in process."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

import fastcognito.cli
from fastcognito.cli import EXIT_CODES
from tests.cli.support import Local, console_script, run, tampered

# --- help -------------------------------------------------------------------------------------

SUBCOMMANDS = {
    "tour": ["usage: fastcognito tour", "emulator"],
    "local": ["--json", "--port", "--host", "--username", "--password", "--email", "--callback-url", "--first-factors"],
    "login": ["--password-stdin", "--pool-id", "--client-id", "--client-secret", "--endpoint-url", "username"],
    "verify": ["--token-use", "--pool-id", "--client-id", "--endpoint-url", "token"],
    "get-user": ["username", "--pool-id", "--region", "--endpoint-url"],
    "create-user": ["--attribute", "--temporary-password", "--suppress", "--pool-id"],
    "add-to-group": ["username", "group", "--pool-id"],
    "list-users": ["--filter", "--limit", "--attribute", "--pool-id"],
}


def test_top_level_help_lists_every_command_and_exit_status() -> None:
    out = run(["--help"], cmd=[console_script()])
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("usage: fastcognito")
    for command in SUBCOMMANDS:
        assert command in out.stdout
    assert "exit status:" in out.stdout
    for _, code, _what in EXIT_CODES:
        assert f"{code:<3} " in out.stdout
    assert "130" in out.stdout


def test_python_m_and_console_script_agree() -> None:
    via_m = run(["--version"])
    via_script = run(["--version"], cmd=[console_script()])
    assert via_m.returncode == via_script.returncode == 0
    assert via_m.stdout == via_script.stdout
    assert via_m.stdout.strip() == f"fastcognito {fastcognito.__version__}"


@pytest.mark.parametrize("command", sorted(SUBCOMMANDS))
def test_subcommand_help(command: str) -> None:
    out = run([command, "--help"])
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"usage: fastcognito {command}")
    for word in SUBCOMMANDS[command]:
        assert word in out.stdout, f"{command} --help does not mention {word}"


def test_no_command_and_unknown_option_are_usage_errors() -> None:
    assert run([]).returncode == 2
    out = run(["login", "--no-such-option"])
    assert out.returncode == 2
    assert "unrecognized arguments" in out.stderr


# --- in process -------------------------------------------------------------------------------


def test_main_in_process(
    local: Local, tokens: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.startswith("FASTCOGNITO_"):
            monkeypatch.delenv(name)
    pool = ["--pool-id", local.pool_id, "--client-id", local.env["FASTCOGNITO_CLIENT_ID"], "--endpoint-url", local.url]

    assert fastcognito.cli.main(["verify", tokens["access_token"], *pool]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["username"] == local.username
    assert err == ""

    assert fastcognito.cli.main(["verify", tampered(tokens["access_token"]), *pool]) == 4
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("fastcognito verify: TokenVerificationException")

    assert fastcognito.cli.main(["get-user", local.username]) == 2
    out, err = capsys.readouterr()
    assert "missing --pool-id" in err

    with pytest.raises(SystemExit) as exited:
        fastcognito.cli.main(["--help"])
    assert exited.value.code == 0
    assert "usage: fastcognito" in capsys.readouterr().out


def test_exit_code_table() -> None:
    from fastcognito.cli import exit_code
    from fastcognito.exceptions import (
        EndpointConnectionError,
        KeysUnavailableError,
        TokenVerificationError,
        exception_for_code,
    )

    assert exit_code(exception_for_code("NotAuthorizedException")("no")) == 3
    assert exit_code(TokenVerificationError("bad")) == 4
    assert exit_code(EndpointConnectionError("down")) == 6
    assert exit_code(KeysUnavailableError("no keys")) == 6
    assert exit_code(ValueError("x")) == 2
    assert exit_code(RuntimeError("x")) == 1


def test_local_without_moto_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "moto" else real_find_spec(name, *a)
    )
    assert fastcognito.cli.main(["local"]) == 11
    err = capsys.readouterr().err
    assert "pip install 'fastcognito[emulator]'" in err and "Traceback" not in err


def test_login_without_a_password_is_a_bad_argument(local: Local) -> None:
    out = run(["login"], local.environ(), stdin="")  # no terminal, nothing on stdin: EOF
    assert out.returncode == 2, out.stderr
    assert "no password given" in out.stderr and "Traceback" not in out.stderr


def test_local_with_a_weak_password_is_a_bad_argument() -> None:
    out = run(["local", "--password", "weak"], timeout=120)
    assert out.returncode == 2, out.stderr
    assert "8+ characters" in out.stderr and "Traceback" not in out.stderr


def test_login_missing_username_names_the_argument() -> None:
    out = run(["login", "--pool-id", "us-east-1_x", "--client-id", "c"], stdin="pw\n")
    assert out.returncode == 2 and "missing USERNAME" in out.stderr
