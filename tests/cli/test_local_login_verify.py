"""``fastcognito local``, ``login`` and ``verify``, run as real subprocesses against ``fastcognito local``."""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
import uuid
from typing import Any

import pytest

from tests.cli.support import (
    UNREACHABLE,
    Local,
    base_env,
    console_script,
    new_name,
    reachable,
    run,
    start_local,
    stop,
    tampered,
)

# --- local, login, verify ---------------------------------------------------------------------


def test_local_json_points_at_a_running_emulator(local: Local) -> None:
    assert reachable(local.url)
    assert local.username == local.env["FASTCOGNITO_USERNAME"] == "demo"
    assert local.env["AWS_EC2_METADATA_DISABLED"] == "true"
    assert local.env["AWS_ACCESS_KEY_ID"] == local.env["AWS_SECRET_ACCESS_KEY"] == "local"
    assert local.env["FASTCOGNITO_CLIENT_ID"] != local.secret_client_id
    assert local.client_secret


def test_login_prints_tokens_and_verify_accepts_them(local: Local, tokens: dict[str, Any]) -> None:
    assert set(tokens) == {"id_token", "access_token", "refresh_token", "token_type", "expires_in"}
    assert tokens["token_type"] == "Bearer"
    assert 0 < tokens["expires_in"] <= 3600
    assert all(tokens[k].count(".") == 2 for k in ("id_token", "access_token"))

    out = run(["verify", tokens["access_token"]], local.environ())
    assert out.returncode == 0, out.stderr
    claims = json.loads(out.stdout)
    assert claims["username"] == local.username
    assert claims["token_use"] == "access"
    assert claims["client_id"] == local.env["FASTCOGNITO_CLIENT_ID"]


def login_at_a_terminal(env: dict[str, str], password: str) -> tuple[int, str]:
    """Runs `fastcognito login` on a pseudo-terminal (its controlling tty, as in a shell),
    answers the password prompt, and returns the exit status and everything shown."""
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: exec at once, nothing else
        os.execve(sys.executable, [sys.executable, "-m", "fastcognito", "login"], env)
    shown, answered, deadline = b"", False, time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        if not answered and b"Password for" in shown:
            os.write(fd, password.encode() + b"\n")
            answered = True
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_login_prompts_for_the_password_without_echoing_it(local: Local) -> None:
    code, shown = login_at_a_terminal(local.environ(), local.password)
    assert code == 0, shown[-2000:]
    assert f"Password for {local.username}:" in shown
    assert local.password not in shown  # typed at the prompt, not echoed
    tokens = json.loads(shown[shown.index("{") :])
    assert tokens["access_token"].count(".") == 2

    code, shown = login_at_a_terminal(local.environ(), "Wr0ng!password")
    assert code == 3 and "NotAuthorizedException" in shown
    assert "Wr0ng!password" not in shown


def test_verify_reads_the_token_from_stdin_and_checks_id_tokens(local: Local, tokens: dict[str, Any]) -> None:
    out = run(["verify", "-", "--token-use", "id"], local.environ(), stdin=tokens["id_token"] + "\n")
    assert out.returncode == 0, out.stderr
    claims = json.loads(out.stdout)
    assert claims["cognito:username"] == local.username
    assert claims["aud"] == local.env["FASTCOGNITO_CLIENT_ID"]


def test_login_takes_the_username_as_an_argument(local: Local) -> None:
    env = local.environ()
    del env["FASTCOGNITO_USERNAME"]
    out = run(["login", local.username, "--password-stdin"], env, stdin=local.password + "\n")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["access_token"]


def test_login_with_the_secret_client(local: Local) -> None:
    env = local.environ(FASTCOGNITO_CLIENT_ID=local.secret_client_id, FASTCOGNITO_CLIENT_SECRET=local.client_secret)
    out = run(["login", "--password-stdin"], env, stdin=local.password + "\n")
    assert out.returncode == 0, out.stderr
    access = json.loads(out.stdout)["access_token"]
    verified = run(["verify", access], env)
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout)["client_id"] == local.secret_client_id
    # ... and that token is not one of the public client's.
    assert run(["verify", access], local.environ()).returncode == 4


def test_login_with_a_wrong_client_secret_is_refused(local: Local) -> None:
    wrong = "x" * len(local.client_secret)
    env = local.environ(FASTCOGNITO_CLIENT_ID=local.secret_client_id, FASTCOGNITO_CLIENT_SECRET=wrong)
    out = run(["login", "--password-stdin"], env, stdin=local.password + "\n")
    assert out.returncode == 3, (out.stdout, out.stderr)
    assert out.stdout == ""
    assert out.stderr.startswith("fastcognito login: ")
    assert wrong not in out.stderr


def test_wrong_password_exits_3_without_echoing_it(local: Local) -> None:
    password = "Wr0ng!secret-" + uuid.uuid4().hex[:6]
    out = run(["login", "--password-stdin"], local.environ(), stdin=password + "\n")
    assert out.returncode == 3
    assert "NotAuthorizedException" in out.stderr
    assert out.stderr.count("\n") == 1  # one line, no traceback
    assert password not in out.stderr
    assert password not in out.stdout
    assert out.stdout == ""


def test_unknown_user_exits_3(local: Local) -> None:
    out = run(["login", new_name(), "--password-stdin"], local.environ(), stdin=local.password + "\n")
    assert out.returncode == 3
    assert "Exception" in out.stderr


def test_empty_password_is_a_bad_argument(local: Local) -> None:
    out = run(["login", "--password-stdin"], local.environ(), stdin="\n")
    assert out.returncode == 2
    assert "empty password" in out.stderr


def test_tampered_token_exits_4(local: Local, tokens: dict[str, Any]) -> None:
    bad = tampered(tokens["access_token"])
    out = run(["verify", bad], local.environ())
    assert out.returncode == 4
    assert out.stdout == ""
    assert "TokenVerificationException" in out.stderr
    assert bad not in out.stderr
    assert tokens["access_token"].split(".")[1] not in out.stderr


def test_id_token_verified_as_access_exits_4(local: Local, tokens: dict[str, Any]) -> None:
    out = run(["verify", tokens["id_token"]], local.environ())
    assert out.returncode == 4
    assert out.stdout == ""
    # and the other way round
    assert run(["verify", tokens["access_token"], "--token-use", "id"], local.environ()).returncode == 4


def test_garbage_token_exits_4(local: Local) -> None:
    out = run(["verify", "not-a-jwt"], local.environ())
    assert out.returncode == 4


def test_unreachable_endpoint_exits_6(local: Local) -> None:
    out = run(
        ["login", "--password-stdin", "--endpoint-url", UNREACHABLE], local.environ(), stdin=local.password + "\n"
    )
    assert out.returncode == 6, out.stderr
    assert "EndpointConnectionError" in out.stderr
    assert local.password not in out.stderr

    out = run(["get-user", local.username, "--endpoint-url", UNREACHABLE], local.environ())
    assert out.returncode == 6, out.stderr


def test_verify_against_an_unreachable_endpoint_exits_6(local: Local, tokens: dict[str, Any]) -> None:
    """Keys that cannot be fetched are not the token's fault: 6, not 4."""
    out = run(["verify", tokens["access_token"], "--endpoint-url", UNREACHABLE], local.environ())
    assert out.returncode == 6, out.stderr
    assert out.stderr.startswith("fastcognito verify: KeysUnavailable")
    assert out.stdout == ""
    for part in tokens["access_token"].split("."):
        assert part not in out.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["get-user", "someone"],
        ["list-users"],
        ["login", "someone", "--password-stdin"],
        ["verify", "a.b.c"],
    ],
    ids=lambda a: a[0],
)
def test_missing_pool_id_exits_2(args: list[str]) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "AWS_EC2_METADATA_DISABLED": "true"}
    out = run(args, env, stdin="Passw0rd!x\n", cmd=[console_script()])
    assert out.returncode == 2, out.stderr
    assert "missing --pool-id" in out.stderr
    assert "FASTCOGNITO_POOL_ID" in out.stderr
    assert out.stdout == ""


def test_force_change_password_user_exits_5(local: Local) -> None:
    name = new_name()
    created = run(
        ["create-user", name, "--temporary-password", "Temp0rary!pw", "--suppress", "-a", f"email={name}@example.com"],
        local.environ(),
    )
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["user_status"] == "FORCE_CHANGE_PASSWORD"

    out = run(["login", name, "--password-stdin"], local.environ(), stdin="Temp0rary!pw\n")
    assert out.returncode == 5, out.stderr
    assert "NEW_PASSWORD_REQUIRED" in out.stderr
    assert "Temp0rary!pw" not in out.stderr
    assert out.stdout == ""


def test_local_text_output_exports_a_working_environment() -> None:
    """`fastcognito local` without --json: `export NAME=value` lines (shell-quoted) that work
    the same once parsed; Ctrl-C (SIGINT) stops it with status 0, and its emulator with it."""
    proc, errors, output = start_local("--username", "bob o'neil", "--password", "Sp4ce & 'quote'!")
    try:
        lines = []
        while True:
            line = output.next().rstrip("\n")
            lines.append(line)
            if line.startswith("# Then:"):
                break
        env: dict[str, str] = {}
        secret: dict[str, str] = {}
        for line in lines:
            if line.startswith("export "):
                name, _, value = line[len("export ") :].partition("=")
                (word,) = shlex.split(value)
                env[name] = word
            elif line.startswith("#   export "):
                name, _, value = line[len("#   export ") :].partition("=")
                (secret[name],) = shlex.split(value)
        assert env["FASTCOGNITO_USERNAME"] == "bob o'neil"
        unset = [line for line in lines if line.startswith("unset ")]
        assert len(unset) == 1 and "AWS_SESSION_TOKEN" in unset[0].split()
        assert set(secret) == {"FASTCOGNITO_CLIENT_ID", "FASTCOGNITO_CLIENT_SECRET"}
        url = env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"]
        assert any(url in line for line in lines if line.startswith("# fastcognito local"))

        shell_env = {**base_env(), **env}
        out = run(["login", "--password-stdin"], shell_env, stdin="Sp4ce & 'quote'!\n")
        assert out.returncode == 0, out.stderr
        access = json.loads(out.stdout)["access_token"]
        verified = run(["verify", access], shell_env)
        assert verified.returncode == 0, verified.stderr
        assert json.loads(verified.stdout)["username"] == "bob o'neil"

        out = run(["login", "--password-stdin"], {**shell_env, **secret}, stdin="Sp4ce & 'quote'!\n")
        assert out.returncode == 0, out.stderr

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert not reachable(url), "the emulator outlived `fastcognito local`"
    finally:
        stop(proc)
        errors.close()


def test_local_rejects_a_bad_port() -> None:
    out = run(["local", "--port", "70000"])
    assert out.returncode == 2
    assert "--port" in out.stderr
