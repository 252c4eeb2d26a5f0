"""Cold start: ``import fastcognito`` alone loads nothing else (its names load on first use),
and the client modules load none of the standard library's costly modules (``typing``, ``re``,
``enum``, ``dataclasses``, ``inspect``, ``json``, ``hashlib``, ``asyncio``, ``collections``,
``threading``) beyond what the interpreter loads at startup. Checked in fresh processes, by
which modules they load, not by time. Whichever public name is imported first, a failed call
raises fastcognito's own error class, and the interpreter's exit hook is registered."""

from __future__ import annotations

import subprocess
import sys

import pytest

import fastcognito

COSTLY = {
    "typing",
    "re",
    "enum",
    "dataclasses",
    "inspect",
    "json",
    "hashlib",
    "asyncio",
    "collections",
    "threading",
    "importlib",
    "ast",
}

# The modules one statement loads in a fresh interpreter, one per line; nothing imported
# before it but sys, which the interpreter has loaded already.
PROBE = """
import sys
before = set(sys.modules)
{statement}
print("\\n".join(sorted(set(sys.modules) - before)))
"""


def loaded_by(statement: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(statement=statement)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(out.stdout.split())


def test_import_loads_only_the_package() -> None:
    assert loaded_by("import fastcognito") == {"fastcognito"}


@pytest.mark.parametrize(
    "statement",
    [
        "import fastcognito.cognitopy",
        "import fastcognito.mandate",
        "import fastcognito.verifier",
        "import fastcognito.exceptions",
        "import fastcognito.oauth",
        "from fastcognito import OAuthClient",
        "from fastcognito import CognitoPy",
        "from fastcognito import Cognito",
        "from fastcognito import TokenVerifier",
        "from fastcognito import Device, UserContext, SignInStep",
    ],
)
def test_client_modules_load_nothing_costly(statement: str) -> None:
    loaded = loaded_by(statement)
    assert "fastcognito._core" in loaded or "Device" in statement
    assert not {name.partition(".")[0] for name in loaded} & COSTLY, sorted(loaded)


def test_dir_lists_the_names_that_load_on_first_use() -> None:
    """dir() (what editors and REPL completion read) shows the lazy names before their first use."""
    probe = (
        "import fastcognito.cognitopy as c, fastcognito.mandate as m, fastcognito.oauth as o\n"
        "assert {'MessageAction', 'DesiredDelivery', 'AuthFlow'} <= set(dir(c)), dir(c)\n"
        "assert 'AuthFlow' in dir(m) and 'AuthorizationRequest' in dir(o)\n"
        "import sys\n"
        "assert 'fastcognito.enums' not in sys.modules and 'fastcognito._authorization' not in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_every_name_loads_on_first_use() -> None:
    for name in fastcognito.__all__:
        assert getattr(fastcognito, name) is not None, name
    assert set(fastcognito.__all__) <= set(dir(fastcognito))
    from fastcognito.cognitopy import CognitoPy

    assert fastcognito.CognitoPy is CognitoPy


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        fastcognito.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("no AttributeError")


# Nothing listens on port 9 (discard) of the loopback: each call fails to connect.
DEAD = "http://127.0.0.1:9"
FAILED_CALLS = {
    "CognitoPy": f"CognitoPy('eu-west-1_AbC', 'cid', '', endpoint_url={DEAD!r}, max_attempts=1).admin_get_user('u')",
    "AsyncCognitoPy": (
        f"asyncio.run(AsyncCognitoPy('eu-west-1_AbC', 'cid', '', endpoint_url={DEAD!r}, max_attempts=1)"
        ".admin_get_user('u'))"
    ),
    "SyncCognito": f"SyncCognito('eu-west-1_AbC', 'cid', endpoint_url={DEAD!r}, max_attempts=1, username='u').admin_get_user()",
    "Cognito": f"asyncio.run(Cognito('eu-west-1_AbC', 'cid', endpoint_url={DEAD!r}, max_attempts=1, username='u').admin_get_user())",
    "OAuthClient": f"OAuthClient('myapp', 'cid', region='r', endpoint_url={DEAD!r}).refresh('token')",
    "AsyncOAuthClient": f"asyncio.run(AsyncOAuthClient('myapp', 'cid', region='r', endpoint_url={DEAD!r}).refresh('t'))",
}
# The keys of a pool cannot be fetched: mandate's TokenVerificationException, not a connection error.
KEYS_CALLS = {
    "TokenVerifier": f"TokenVerifier('eu-west-1_AbC', 'cid', endpoint_url={DEAD!r}).hydrate()",
    "MultiPoolVerifier": f"MultiPoolVerifier([TokenVerifier('eu-west-1_AbC', 'cid', endpoint_url={DEAD!r})]).hydrate()",
}

FAILING = """
import atexit, sys
hooks = atexit._ncallbacks()
from fastcognito import {name}
{extra}
try:
    {call}
except BaseException as exc:
    error = exc
else:
    sys.exit("no error")
from fastcognito.exceptions import CognitoError, {expected}
assert isinstance(error, {expected}) and isinstance(error, CognitoError), repr(error)
assert atexit._ncallbacks() > hooks, "no exit hook"
print(type(error).__name__)
"""


@pytest.mark.parametrize(
    ("name", "call", "expected"),
    [(n, c, "EndpointConnectionError") for n, c in FAILED_CALLS.items()]
    + [(n, c, "KeysUnavailableError") for n, c in KEYS_CALLS.items()],
    ids=[*FAILED_CALLS, *KEYS_CALLS],
)
def test_each_name_alone_raises_its_own_errors(name: str, call: str, expected: str) -> None:
    extra = "import asyncio" if "asyncio" in call else ""
    if name == "MultiPoolVerifier":
        extra += "\nfrom fastcognito import TokenVerifier"
    script = FAILING.format(name=name, extra=extra, call=call, expected=expected)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected


def test_per_code_classes_load_on_first_use_and_once() -> None:
    assert "fastcognito._service_errors" not in loaded_by("import fastcognito.cognitopy, fastcognito.mandate")
    script = """
import pickle, sys, threading
from fastcognito import exceptions
from fastcognito._error_mapping import _from_core
assert "fastcognito._service_errors" not in sys.modules
found = []
threads = [threading.Thread(target=lambda: found.append(exceptions.UserNotFoundException)) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
from fastcognito.exceptions import UserNotFoundException
from fastcognito.cognitopy import ExceptionAuthCognito
raised = _from_core("service", "UserNotFoundException", "m", "AdminGetUser", 400, None)
assert {id(c) for c in found} == {id(UserNotFoundException)} and type(raised) is UserNotFoundException
assert exceptions.exception_for_code("UserNotFoundException") is UserNotFoundException
assert isinstance(raised, (exceptions.ServiceError, ExceptionAuthCognito))
assert UserNotFoundException.__module__ == "fastcognito.exceptions"
assert set(exceptions.__all__) <= set(dir(exceptions))
print(pickle.dumps(raised).hex())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    # Unpickled where nothing has loaded the per-code classes yet: the same class.
    check = f"""
import pickle
exc = pickle.loads(bytes.fromhex({out.stdout.strip()!r}))
from fastcognito.exceptions import UserNotFoundException
assert type(exc) is UserNotFoundException and exc.operation == "AdminGetUser", repr(exc)
"""
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_run_time_introspection_still_evaluates_every_public_annotation() -> None:
    # The names annotations use are imported for type checkers only (not to load typing): the
    # functions' __wrapped__ copies find them when asked (fastcognito._hints).
    import inspect
    import typing

    from fastcognito import cognitopy, exceptions, mandate, oauth, verifier

    checked = 0
    for module in (fastcognito, cognitopy, mandate, oauth, verifier, exceptions):
        for name in module.__all__:
            value = getattr(module, name)
            functions = [value] if inspect.isfunction(value) else []
            if isinstance(value, type):
                for attribute in dir(value):
                    static = inspect.getattr_static(value, attribute, None)
                    if attribute.startswith("_") and attribute != "__init__":
                        continue
                    if isinstance(static, property):
                        functions.append(static.fget)
                    elif inspect.isfunction(getattr(value, attribute, None)):
                        functions.append(getattr(value, attribute))
            for function in functions:
                typing.get_type_hints(function)
                inspect.signature(function, eval_str=True)
                checked += 1
    assert checked > 500
