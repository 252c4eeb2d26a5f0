"""The exception hierarchy, and failures that happen before Cognito answers."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
import time

import pytest

from fastcognito import _error_mapping
from fastcognito import exceptions as exc
from fastcognito.cognitopy import ExceptionAuthCognito, ExceptionConnectionCognito
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD, Api, Driver


def test_every_cognito_error_code_has_its_class() -> None:
    for code in (
        "UserNotFoundException",
        "NotAuthorizedException",
        "UsernameExistsException",
        "CodeMismatchException",
        "ExpiredCodeException",
        "InvalidPasswordException",
        "InvalidParameterException",
        "UserNotConfirmedException",
        "TooManyRequestsException",
        "LimitExceededException",
        "ThrottlingException",
        "PasswordResetRequiredException",
    ):
        cls = exc.exception_for_code(code)
        assert cls.__name__ == code and cls.code == code and issubclass(cls, exc.ServiceError)
        assert getattr(exc, code) is cls
    assert exc.exception_for_code("BrandNewException") is exc.ServiceError


def test_error_carries_botocore_shape_and_pickles() -> None:
    e = _error_mapping._from_core(
        "service", "UserNotFoundException", "User does not exist.", "AdminGetUser", 400, "req-1"
    )
    assert type(e) is exc.UserNotFoundException
    assert (e.code, e.message, e.operation, str(e)) == (
        "UserNotFoundException",
        "User does not exist.",
        "AdminGetUser",
        "User does not exist.",
    )
    assert e.response["Error"] == {"Code": "UserNotFoundException", "Message": "User does not exist."}
    assert e.response["ResponseMetadata"]["RequestId"] == "req-1"
    copy = pickle.loads(pickle.dumps(e))
    assert type(copy) is exc.UserNotFoundException and copy.response == e.response
    unknown = _error_mapping._from_core("service", "NewThing", "m", "Op", 400, None)
    assert type(unknown) is exc.ServiceError and unknown.code == "NewThing"
    assert isinstance(_error_mapping._from_core("timeout", "Timeout", "m", "Op", None, None), TimeoutError)
    assert isinstance(_error_mapping._from_core("connection", "x", "m", "Op", None, None), ConnectionError)


def test_cognitopy_errors_are_both_classes(api: Api) -> None:
    with pytest.raises(exc.UserNotFoundException) as info:
        api.api.admin_get_user("ghost")
    e = info.value
    assert isinstance(e, ExceptionAuthCognito) and isinstance(e, exc.CognitoError)
    assert type(e).__name__ == "UserNotFoundException" and str(e) == "User does not exist."
    try:
        api.api.admin_get_user("ghost")
    except ExceptionAuthCognito as caught:
        assert caught.response["Error"]["Code"] == "UserNotFoundException"


def test_connection_refused(client_cls: type) -> None:
    client = Driver(client_cls("us-east-1_x", "cid", "", endpoint_url="http://127.0.0.1:9", max_attempts=1))
    start = time.monotonic()
    with pytest.raises(exc.EndpointConnectionError) as info:
        client.login("u", "p")
    assert time.monotonic() - start < 5
    assert isinstance(info.value, ExceptionConnectionCognito) and info.value.operation == "InitiateAuth"


def test_admin_call_without_credentials_fails_at_once(emulator: Emulator, pool: Pool, tmp_path) -> None:
    """No AWS keys anywhere: unsigned calls work, an admin call fails fast and clearly."""
    script = textwrap.dedent(
        f"""
        import time
        from fastcognito import CognitoPy, exceptions
        c = CognitoPy({pool.pool_id!r}, {pool.public_client_id!r}, "", endpoint_url={emulator.url!r})
        c.register("nocreds", {PASSWORD!r}, {{}})
        start = time.monotonic()
        try:
            c.admin_get_user("nocreds")
        except exceptions.NoCredentialsError as e:
            assert "credentials" in str(e), str(e)
            print("elapsed", time.monotonic() - start)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        HOME=str(tmp_path),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=str(tmp_path / "none"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout.split()[-1]) < 2.0


def test_every_per_code_class_is_exported() -> None:
    from fastcognito import exceptions

    assert set(_error_mapping._BY_CODE) <= set(exceptions.__all__)
    assert all(hasattr(exceptions, name) for name in exceptions.__all__)


def test_the_lazily_loaded_classes_are_the_ones_exceptions_lists() -> None:
    """exceptions.__all__ names the per-code classes for type checkers; _service_errors defines
    them: the two lists must not drift apart."""
    from fastcognito import _service_errors, exceptions

    assert set(_service_errors.__all__) == exceptions._PER_CODE
    assert all(getattr(exceptions, name) is getattr(_service_errors, name) for name in _service_errors.__all__)
