"""fastcognito's pytest plugin (fastcognito.testing.plugin) and the Emulator's helpers.

The plugin is registered through the ``pytest11`` entry point: a user's test file gets the
fixtures with no conftest and no ``pytest_plugins`` line.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from fastcognito import CognitoPy, SyncCognito
from fastcognito.exceptions import EndpointConnectionError, NotAuthorizedException
from fastcognito.testing import Emulator, EmulatorError, Pool, User
from fastcognito.testing.plugin import USER_PASSWORD

USER_TESTS = """
import os

import pytest

from fastcognito import CognitoPy

ENDPOINT = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"
seen = {}


def test_env_alone_reaches_the_emulator(cognito_env, cognito_user):
    assert os.environ[ENDPOINT] == cognito_env[ENDPOINT]
    assert cognito_env["FASTCOGNITO_POOL_ID"] == cognito_user.pool_id
    # No endpoint_url: only the environment points the client at the emulator.
    with CognitoPy(cognito_env["FASTCOGNITO_POOL_ID"], cognito_env["FASTCOGNITO_CLIENT_ID"], "") as cognito:
        tokens = cognito.login(cognito_user.username, cognito_user.password)
        info = cognito.get_info_user_by_token(tokens["access_token"])
        user = cognito.admin_get_user(cognito_user.username)  # signed with the env's dummy keys
    assert info["username"] == cognito_user.username
    assert user["email"] == cognito_user.attributes["email"]
    assert user["email_verified"] == "true"
    assert user["user_status"] == "CONFIRMED"
    seen["first"] = (cognito_env["FASTCOGNITO_POOL_ID"], cognito_env[ENDPOINT])


def test_env_is_undone_after_the_test():
    assert ENDPOINT not in os.environ
    assert "FASTCOGNITO_POOL_ID" not in os.environ


def test_a_fresh_pool_on_the_same_emulator(cognito_emulator, cognito_pool, cognito_env):
    pool_id, url = seen["first"]
    assert cognito_pool.pool_id == cognito_env["FASTCOGNITO_POOL_ID"] != pool_id
    assert cognito_emulator.url == url


def test_the_user_is_in_the_pool(cognito_pool, cognito_user):
    assert cognito_user.pool_id == cognito_pool.pool_id
"""


def test_plugin_is_registered_by_its_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user_app=USER_TESTS)
    assert not (pytester.path / "conftest.py").exists()
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_without_the_plugin_the_fixtures_do_not_exist(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user_app=USER_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:fastcognito")
    result.assert_outcomes(passed=1, errors=3)
    result.stdout.fnmatch_lines(["*fixture 'cognito_*' not found*"])


def test_a_failing_user_test_fails(pytester: pytest.Pytester) -> None:
    """A wrong password in the user's test is a real failure, not a pass."""
    pytester.makepyfile(
        test_wrong="""
        from fastcognito import CognitoPy

        def test_wrong_password(cognito_env, cognito_user):
            with CognitoPy(cognito_env["FASTCOGNITO_POOL_ID"], cognito_env["FASTCOGNITO_CLIENT_ID"], "") as c:
                c.login(cognito_user.username, cognito_user.password + "x")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*NotAuthorizedException*"])


# --- the fixtures, in this process ------------------------------------------------------------


def test_fixture_types(cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User) -> None:
    assert isinstance(cognito_emulator, Emulator)
    assert cognito_emulator.url.startswith("http://127.0.0.1:")
    assert cognito_user.pool_id == cognito_pool.pool_id
    assert cognito_user.password == USER_PASSWORD
    assert cognito_user.attributes == {"email": f"{cognito_user.username}@example.com"}
    assert cognito_pool.public_client_id != cognito_pool.secret_client_id
    assert cognito_pool.client_secret
    assert cognito_pool.client_secret not in repr(cognito_pool)
    assert USER_PASSWORD not in repr(cognito_user)


def test_cognito_user_logs_in_with_srp(cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User) -> None:
    cognito = SyncCognito(
        cognito_pool.pool_id,
        cognito_pool.public_client_id,
        username=cognito_user.username,
        endpoint_url=cognito_emulator.url,
    )
    cognito.authenticate(cognito_user.password)
    assert cognito.access_claims is not None
    assert cognito.access_claims["username"] == cognito_user.username
    assert cognito.id_claims is not None
    assert cognito.id_claims["cognito:username"] == cognito_user.username
    assert cognito.get_user().email == cognito_user.attributes["email"]


def test_cognito_user_with_the_secret_client(
    cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User
) -> None:
    cognito = SyncCognito(
        cognito_pool.pool_id,
        cognito_pool.secret_client_id,
        username=cognito_user.username,
        client_secret=cognito_pool.client_secret,
        endpoint_url=cognito_emulator.url,
    )
    cognito.authenticate(cognito_user.password)
    assert cognito.access_claims is not None
    assert cognito.access_claims["client_id"] == cognito_pool.secret_client_id

    wrong = SyncCognito(
        cognito_pool.pool_id,
        cognito_pool.secret_client_id,
        username=cognito_user.username,
        client_secret=cognito_pool.client_secret[::-1],
        endpoint_url=cognito_emulator.url,
    )
    with pytest.raises(NotAuthorizedException):
        wrong.authenticate(cognito_user.password)


def test_cognito_user_wrong_password(cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User) -> None:
    cognito = SyncCognito(
        cognito_pool.pool_id,
        cognito_pool.public_client_id,
        username=cognito_user.username,
        endpoint_url=cognito_emulator.url,
    )
    with pytest.raises(NotAuthorizedException):
        cognito.authenticate(cognito_user.password + "!")
    assert cognito.access_token is None


def test_cognito_env_in_this_process(
    cognito_env: dict[str, str], cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User
) -> None:
    assert cognito_env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] == cognito_emulator.url
    assert cognito_env["FASTCOGNITO_POOL_ID"] == cognito_pool.pool_id
    assert cognito_env["FASTCOGNITO_CLIENT_ID"] == cognito_pool.public_client_id
    assert cognito_env["AWS_DEFAULT_REGION"] == cognito_pool.region
    assert cognito_env["AWS_EC2_METADATA_DISABLED"] == "true"
    assert cognito_env["AWS_ACCESS_KEY_ID"] == cognito_env["AWS_SECRET_ACCESS_KEY"] == "local"  # dummies
    for name, value in cognito_env.items():
        assert os.environ[name] == value
    with CognitoPy(cognito_pool.pool_id, cognito_pool.public_client_id, "") as cognito:
        assert cognito.endpoint_url in (None, cognito_emulator.url)
        tokens = cognito.login(cognito_user.username, cognito_user.password)
    assert tokens["access_token"]


def test_cognito_env_is_undone() -> None:
    # Runs after test_cognito_env_in_this_process (file order).
    assert "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER" not in os.environ
    assert "FASTCOGNITO_POOL_ID" not in os.environ


_pools: dict[int, tuple[str, str]] = {}


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_its_own_pool(
    run: int, cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User
) -> None:
    _pools[run] = (cognito_pool.pool_id, cognito_emulator.url)
    if run == 2:
        assert 1 in _pools, "the first run did not happen"
        (first_pool, first_url), (second_pool, second_url) = _pools[1], _pools[2]
        assert first_pool != second_pool
        assert first_url == second_url  # one emulator for the session


# --- Emulator helpers -------------------------------------------------------------------------


def test_create_user_refuses_a_duplicate(cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User) -> None:
    with pytest.raises(EmulatorError, match="UsernameExistsException"):
        cognito_emulator.create_user(cognito_pool.pool_id, cognito_user.username, "An0ther!pass")
    # The first user is untouched: the old password still works.
    with CognitoPy(cognito_pool.pool_id, cognito_pool.public_client_id, "", endpoint_url=cognito_emulator.url) as c:
        assert c.login(cognito_user.username, cognito_user.password)["access_token"]


def test_create_user_refuses_a_weak_password(cognito_emulator: Emulator, cognito_pool: Pool) -> None:
    with pytest.raises(EmulatorError, match="InvalidPasswordException"):
        cognito_emulator.create_user(cognito_pool.pool_id, f"weak-{uuid.uuid4().hex[:8]}", "short")
    with pytest.raises(EmulatorError, match="InvalidPasswordException"):
        cognito_emulator.create_user(cognito_pool.pool_id, f"weak-{uuid.uuid4().hex[:8]}", "nouppercase1!")


def test_a_refused_create_user_leaves_no_user_behind(cognito_emulator: Emulator, cognito_pool: Pool) -> None:
    name = f"weak-{uuid.uuid4().hex[:8]}"
    with pytest.raises(EmulatorError):
        cognito_emulator.create_user(cognito_pool.pool_id, name, "short")
    # The same name with a good password must then work.
    user = cognito_emulator.create_user(cognito_pool.pool_id, name, "G00d!password")
    assert user.username == name


def test_create_user_in_a_missing_pool(cognito_emulator: Emulator, cognito_pool: Pool) -> None:
    with pytest.raises(EmulatorError, match="no such pool"):
        cognito_emulator.create_user(cognito_pool.region + "_nosuchpool", "someone", "G00d!password")


def test_code_without_one_sent(cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User) -> None:
    with pytest.raises(EmulatorError, match="no forgot code"):
        cognito_emulator.code(cognito_pool.pool_id, cognito_user.username, "forgot")


def test_a_second_emulator_starts_and_stops() -> None:
    with Emulator() as emulator:
        url = emulator.url
        pool = emulator.setup(name="second")
        user = emulator.create_user(pool.pool_id, "zed", "Passw0rd!x", email="zed@example.com")
        with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=url) as cognito:
            assert cognito.login(user.username, user.password)["access_token"]
    assert emulator.process is None
    stopped = CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=url, max_attempts=1)
    with stopped, pytest.raises(EndpointConnectionError):
        stopped.login(user.username, user.password)


def test_the_emulator_dies_with_its_parent(tmp_path: Path) -> None:
    """Even a parent killed with SIGKILL (no cleanup at all) takes its emulator with it."""
    import signal
    import time

    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys\n"
        "from fastcognito.testing import Emulator\n"
        "emu = Emulator().start()\n"
        "print(emu.process.pid, flush=True)\n"
        "sys.stdin.read()\n"
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child_pid = int(parent.stdout.readline())
    os.kill(child_pid, 0)  # alive
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            break
        try:  # reap it if it became ours
            os.waitpid(child_pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.1)
    else:
        os.kill(child_pid, signal.SIGKILL)
        pytest.fail("the emulator outlived its parent")
    for pipe in (parent.stdin, parent.stdout):
        if pipe is not None:
            pipe.close()


def test_a_port_in_use_says_so(cognito_emulator: Emulator) -> None:
    port = int(cognito_emulator.url.rsplit(":", 1)[1])
    with pytest.raises(EmulatorError, match="cannot listen"):
        Emulator(port=port).start()


def test_startup_timeout_is_kept() -> None:
    emu = Emulator(startup_timeout=0.001)  # no real server starts listening that fast
    with pytest.raises(EmulatorError, match="did not start within"):
        emu.start()
    assert emu.process is None  # and the child was stopped
