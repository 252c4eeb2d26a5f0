"""One static class per error, whichever API raised it, blocking or awaited: every class
pickles as itself, every core error kind has its own class, and the compat names
(ExceptionAuthCognito, WarrantException, ...) are bases rather than run-time copies."""

from __future__ import annotations

import asyncio
import base64
import json
import pickle
import socket
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, Cognito, CognitoPy, SyncCognito, _core, cognitopy, exceptions, mandate
from fastcognito.cli import exit_code
from fastcognito.integrations import failure_for
from fastcognito.testing import Emulator, Pool

MODULES = (exceptions, cognitopy, mandate)

# What the classes that take more than the common arguments are built with.
EXTRA: dict[type[BaseException], dict[str, Any]] = {
    cognitopy.ChallengeRequired: {"challenge_name": "SMS_MFA", "session": "session-1"},
    mandate.MFAChallengeException: {
        "tokens": {"ChallengeName": "SMS_MFA", "Session": "session-1", "Username": "alice"},
    },
}


def all_exception_classes() -> list[type[exceptions.CognitoError]]:
    found: dict[str, type[exceptions.CognitoError]] = {}
    for module in MODULES:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseException):
                assert issubclass(value, exceptions.CognitoError), f"{value} is not a CognitoError"
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def extra_args(cls: type) -> dict[str, Any]:
    return next((dict(args) for base, args in EXTRA.items() if issubclass(cls, base)), {})


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# ---- (a) every class: built, pickled, named --------------------------------------------


def test_discovery_sees_every_module_and_the_compat_names() -> None:
    names = {cls.__name__ for cls in all_exception_classes()}
    for expected in (
        "CognitoError",
        "UserNotFoundException",
        "KeysUnavailableError",
        "ExceptionAuthCognito",
        "ChallengeRequired",
        "ExceptionJWTCognito",
        "WarrantException",
        "SMSMFAChallengeException",
    ):
        assert expected in names
    # Each class exists once: the compat names are the same objects in every module.
    assert cognitopy.ExceptionAuthCognito is exceptions.ExceptionAuthCognito
    assert cognitopy.ExceptionConnectionCognito is exceptions.ExceptionConnectionCognito
    assert mandate.WarrantException is exceptions.WarrantException
    assert mandate.TokenVerificationException is exceptions.TokenVerificationException


@pytest.mark.parametrize("cls", all_exception_classes(), ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_every_class_pickles_as_itself(cls: type[exceptions.CognitoError]) -> None:
    extra = extra_args(cls)
    e = cls("it failed", code="SomeCode", operation="AdminGetUser", http_status=400, request_id="req-1", **extra)
    copy = pickle.loads(pickle.dumps(e))
    assert type(copy) is cls
    assert (copy.code, copy.message, copy.operation, copy.http_status, copy.request_id) == (
        "SomeCode",
        "it failed",
        "AdminGetUser",
        400,
        "req-1",
    )
    assert copy.response == e.response and copy.args == e.args and str(copy) == str(e) == "it failed"
    assert vars(copy) == vars(e)
    for name, value in extra.items():
        if name == "tokens":
            assert copy.get_tokens() == value  # type: ignore[attr-defined]
        else:
            assert getattr(copy, name) == value
    assert type(e).__name__ == cls.__name__ and repr(copy) == repr(e)
    assert repr(e).startswith(f"{cls.__name__}(")
    # pickle finds a class by module and qualified name: it must be that very class.
    assert getattr(sys.modules[cls.__module__], cls.__qualname__) is cls


@pytest.mark.parametrize("cls", all_exception_classes(), ids=lambda cls: cls.__qualname__)
def test_the_class_code_survives_when_none_is_given(cls: type[exceptions.CognitoError]) -> None:
    copy = pickle.loads(pickle.dumps(cls("m", **extra_args(cls))))
    assert type(copy) is cls and copy.code == cls.code and copy.response["Error"]["Code"] == cls.code


def test_compat_names_are_bases_of_what_is_raised() -> None:
    assert issubclass(exceptions.UserNotFoundException, cognitopy.ExceptionAuthCognito)
    assert issubclass(exceptions.ServiceError, cognitopy.ExceptionAuthCognito)
    for cls in (exceptions.EndpointConnectionError, exceptions.ReadTimeoutError):
        assert issubclass(cls, cognitopy.ExceptionConnectionCognito)
    assert issubclass(exceptions.TokenVerificationError, mandate.TokenVerificationException)
    assert issubclass(exceptions.TokenVerificationError, exceptions.TokenError)
    assert issubclass(exceptions.TokenVerificationError, ValueError)
    assert issubclass(cognitopy.ChallengeRequired, cognitopy.ExceptionAuthCognito)
    assert not issubclass(exceptions.ServiceError, mandate.WarrantException)


# ---- (b) every core error kind has its own class ---------------------------------------

KIND_CLASSES: dict[str, type[exceptions.CognitoError]] = {
    "service": exceptions.UserNotFoundException,
    "no_credentials": exceptions.NoCredentialsError,
    "connection": exceptions.EndpointConnectionError,
    "timeout": exceptions.ReadTimeoutError,
    "malformed_response": exceptions.MalformedResponseError,
    "invalid_argument": exceptions.ParamValidationError,
    "internal": exceptions.InternalError,
    "invalid_token": exceptions.TokenVerificationError,
    "keys_unavailable": exceptions.KeysUnavailableError,
}


def test_every_core_error_kind_has_its_own_class() -> None:
    kinds = _core._error_kinds()
    assert len(kinds) == len(set(kinds)) and "service" in kinds
    assert set(kinds) == set(KIND_CLASSES), "a new core error kind needs its class here and in _error_mapping._BY_KIND"
    built = {}
    for kind in kinds:
        # Built in Rust, by the factory registered at import, as a failing call would build it.
        e = _core._exception_for(kind, "UserNotFoundException", "m")
        assert type(e) is KIND_CLASSES[kind], kind
        assert type(e) not in (exceptions.CognitoError, exceptions.ServiceError), kind
        built[kind] = type(e)
    assert len(set(built.values())) == len(built), "two kinds share a class"


def test_an_unknown_code_is_a_service_error_with_its_code() -> None:
    e = _core._exception_for("service", "BrandNewException", "m")
    assert type(e) is exceptions.ServiceError and e.code == "BrandNewException"  # type: ignore[attr-defined]


def test_the_factory_is_registered_once() -> None:
    assert _core._register_errors(lambda *args: RuntimeError("not this one")) is False
    assert type(_core._exception_for("timeout", "Timeout", "m")) is exceptions.ReadTimeoutError


# ---- (c) real calls, blocking and awaited, through every facade -----------------------


def _run(call: Any) -> Any:
    return asyncio.run(call) if asyncio.iscoroutine(call) else call


def _user_not_found_calls(emulator: Emulator, pool: Pool) -> Iterator[tuple[str, Callable[[], Any]]]:
    for cls in (CognitoPy, AsyncCognitoPy):
        client = cls(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)
        yield cls.__name__, lambda client=client: _run(client.admin_get_user("ghost"))
    for cls in (SyncCognito, Cognito):
        user = cls(pool.pool_id, pool.public_client_id, username="ghost", endpoint_url=emulator.url)
        yield cls.__name__, lambda user=user: _run(user.admin_get_user())


def test_a_service_error_is_one_class_whichever_way(emulator: Emulator, pool: Pool) -> None:
    seen = []
    for name, call in _user_not_found_calls(emulator, pool):
        with pytest.raises(exceptions.UserNotFoundException) as info:
            call()
        e = info.value
        assert type(e) is exceptions.UserNotFoundException, name
        assert isinstance(e, cognitopy.ExceptionAuthCognito), name
        assert (e.code, e.operation, e.http_status) == ("UserNotFoundException", "AdminGetUser", 400), name
        copy = pickle.loads(pickle.dumps(e))
        assert type(copy) is type(e) and copy.response == e.response and copy.message == e.message, name
        seen.append(type(e))
    assert len(seen) == 4


def test_a_refused_connection_is_one_class_whichever_way() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    for cls in (CognitoPy, AsyncCognitoPy):
        client = cls("us-east-1_x", "cid", "", endpoint_url=url, max_attempts=1)
        with pytest.raises(exceptions.EndpointConnectionError) as info:
            _run(client.login("u", "p"))
        e = info.value
        assert type(e) is exceptions.EndpointConnectionError, cls.__name__
        assert isinstance(e, cognitopy.ExceptionConnectionCognito) and isinstance(e, ConnectionError)
        assert e.operation == "InitiateAuth"
        copy = pickle.loads(pickle.dumps(e))
        assert type(copy) is exceptions.EndpointConnectionError and copy.response == e.response
        assert (copy.message, copy.operation) == (e.message, e.operation)


def _login_refused(url: str) -> None:
    CognitoPy("us-east-1_x", "cid", "", endpoint_url=url, max_attempts=1).login("u", "p")


def test_an_error_crosses_a_process_boundary() -> None:
    """What concurrent.futures, multiprocessing and Celery do with a worker's exception."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        failed = pool.submit(_login_refused, f"http://127.0.0.1:{closed_port()}")
        with pytest.raises(exceptions.EndpointConnectionError) as info:
            failed.result(timeout=60)
    assert info.value.operation == "InitiateAuth"


# ---- (d) unfetchable keys: an outage, not bad input -------------------------------------


def _b64(obj: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def test_keys_unavailable_is_not_a_value_error() -> None:
    cls = exceptions.KeysUnavailableError
    assert not issubclass(cls, ValueError) and not issubclass(cls, exceptions.TokenError)
    assert issubclass(cls, mandate.TokenVerificationException) and issubclass(cls, mandate.WarrantException)
    assert not issubclass(exceptions.TokenVerificationError, cls)
    # The web glue and the CLI still tell an outage from a bad token.
    assert failure_for(cls("no keys")).status == 503
    assert failure_for(exceptions.TokenVerificationError("bad")).status == 401
    assert exit_code(cls("no keys")) == 6
    assert exit_code(exceptions.TokenVerificationError("bad")) == 4


@pytest.mark.parametrize("cls", [SyncCognito, Cognito])
def test_mandate_users_catch_an_outage_as_token_verification_exception(cls: type) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    token = ".".join([_b64({"alg": "RS256", "kid": "k1", "typ": "JWT"}), _b64({"token_use": "access"}), "c2ln"])
    user = cls("us-east-1_x", "cid", endpoint_url=url)
    with pytest.raises(mandate.TokenVerificationException) as info:
        _run(user.verify_token(token, "access_token", "access"))
    assert type(info.value) is exceptions.KeysUnavailableError
    assert not isinstance(info.value, ValueError)
    assert type(pickle.loads(pickle.dumps(info.value))) is exceptions.KeysUnavailableError
