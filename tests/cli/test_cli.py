"""The ``fastcognito`` command, run as a real subprocess against ``fastcognito local``.

One ``fastcognito local --json`` process serves the whole module (each one starts a moto
server); one more, in text mode, checks the ``export`` lines and Ctrl-C.
"""

from __future__ import annotations

import json
import os
import queue
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

import fastcognito.cli
from fastcognito import CognitoPy
from fastcognito.cli import EXIT_CODES

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


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def tokens(local: Local) -> dict[str, Any]:
    """The local user's tokens, from `fastcognito login` (public client)."""
    out = run(["login", "--password-stdin"], local.environ(), stdin=local.password + "\n")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def new_name() -> str:
    return f"cli-{uuid.uuid4().hex[:10]}"


# --- help -------------------------------------------------------------------------------------

SUBCOMMANDS = {
    "tour": ["usage: fastcognito tour", "emulator"],
    "local": ["--json", "--port", "--host", "--username", "--password", "--email"],
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


def tampered(token: str) -> str:
    """The token with one character in the middle of its signature changed."""
    head, payload, signature = token.split(".")
    i = len(signature) // 2
    swapped = "A" if signature[i] != "A" else "B"
    return ".".join((head, payload, signature[:i] + swapped + signature[i + 1 :]))


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


# --- admin commands ---------------------------------------------------------------------------


def create_user(local: Local, name: str, *extra: str) -> dict[str, Any]:
    out = run(["create-user", name, "--suppress", *extra], local.environ())
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_create_user_and_get_user(local: Local) -> None:
    name = new_name()
    created = create_user(local, name, "-a", f"email={name}@example.com", "--attribute", "given_name=Ada")
    assert created["username"] == name
    assert created["email"] == f"{name}@example.com"
    assert created["given_name"] == "Ada"
    assert created["user_status"] == "FORCE_CHANGE_PASSWORD"  # Cognito made up a password

    got = run(["get-user", name], local.environ())
    assert got.returncode == 0, got.stderr
    user = json.loads(got.stdout)
    assert user == created


def test_get_user_of_a_missing_user_exits_3(local: Local) -> None:
    out = run(["get-user", new_name()], local.environ())
    assert out.returncode == 3
    assert "UserNotFoundException" in out.stderr


def test_create_user_twice_exits_3(local: Local) -> None:
    name = new_name()
    create_user(local, name)
    out = run(["create-user", name, "--suppress"], local.environ())
    assert out.returncode == 3
    assert "UsernameExistsException" in out.stderr


def test_create_user_with_a_malformed_attribute_exits_2(local: Local) -> None:
    name = new_name()
    out = run(["create-user", name, "-a", "no-equals-sign"], local.environ())
    assert out.returncode == 2
    assert "NAME=VALUE" in out.stderr
    assert run(["get-user", name], local.environ()).returncode == 3  # nothing was created


def test_add_to_group(local: Local) -> None:
    name, group = new_name(), f"g-{uuid.uuid4().hex[:8]}"
    create_user(local, name)

    missing = run(["add-to-group", name, group], local.environ())
    assert missing.returncode == 3
    assert "ResourceNotFoundException" in missing.stderr

    with local.admin() as admin:
        admin.admin_create_group(group, "a group", 1)
        out = run(["add-to-group", name, group], local.environ())
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == {"username": name, "group": group, "added": True}
        groups = [g["GroupName"] for g in admin.admin_list_groups_for_user(name)]
    assert groups == [group]


def list_users(local: Local, *args: str) -> list[dict[str, Any]]:
    out = run(["list-users", *args], local.environ())
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_list_users_filter_and_limit(local: Local) -> None:
    names = [new_name() for _ in range(3)]
    for name in names:
        create_user(local, name, "-a", f"email={name}@example.com", "-a", "given_name=Ada")

    found = list_users(local, "--filter", f'username = "{names[1]}"')
    assert [u["username"] for u in found] == [names[1]]

    everyone = {u["username"] for u in list_users(local)}
    assert set(names) | {local.username} <= everyone

    limited = list_users(local, "--limit", "2")
    assert len(limited) == 2
    assert {u["username"] for u in limited} <= everyone

    only_email = list_users(local, "-f", f'email = "{names[2]}@example.com"', "-a", "email")
    assert [u["username"] for u in only_email] == [names[2]]
    assert only_email[0]["email"] == f"{names[2]}@example.com"
    assert "given_name" not in only_email[0]
    assert list_users(local, "-f", f'username = "{names[2]}"')[0]["given_name"] == "Ada"

    bad = run(["list-users", "--limit", "0"], local.environ())
    assert bad.returncode == 2
    assert "--limit" in bad.stderr


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
