"""Which exception class stands for which error: Cognito's codes, the OAuth2 codes and the
core's error kinds, and the factory ``_core`` calls for every failed call (registered when
:mod:`fastcognito.exceptions` is imported, which imports this module last)."""

from __future__ import annotations

from . import _core
from . import exceptions as _exceptions
from .exceptions import (
    CognitoError,
    EndpointConnectionError,
    InternalError,
    KeysUnavailableError,
    MalformedResponseError,
    NoCredentialsError,
    OAuthError,
    ParamValidationError,
    ReadTimeoutError,
    ServiceError,
    TokenVerificationError,
)

# The OAuth2 error codes (``invalid_grant``...), apart: their classes are not named after them.
_OAUTH_BY_CODE: dict[str, type[OAuthError]] = {
    cls.code: cls for cls in vars(_exceptions).values() if isinstance(cls, type) and issubclass(cls, OAuthError)
}


def __getattr__(name: str) -> object:
    # _BY_CODE: every Cognito error code's class, which loads them all (see _service_errors).
    if name == "_BY_CODE":
        return {code: getattr(_exceptions, code) for code in _exceptions._PER_CODE}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Every core error kind but "service" (``_core._error_kinds()``; a test checks none is missing).
_BY_KIND: dict[str, type[CognitoError]] = {
    "no_credentials": NoCredentialsError,
    "connection": EndpointConnectionError,
    "timeout": ReadTimeoutError,
    "malformed_response": MalformedResponseError,
    "invalid_argument": ParamValidationError,
    "internal": InternalError,
    "invalid_token": TokenVerificationError,
    "keys_unavailable": KeysUnavailableError,
}


def exception_for_code(code: str) -> type[ServiceError]:
    """The class raised for a Cognito error code, or an OAuth2 one (``invalid_grant``:
    InvalidGrantError); ``ServiceError`` for an unknown code."""
    if code in _exceptions._PER_CODE:  # its class, made on first use
        found: type[ServiceError] = getattr(_exceptions, code)
        return found
    return _OAUTH_BY_CODE.get(code, ServiceError)


def _from_core(
    kind: str,
    code: str,
    message: str,
    operation: str,
    http_status: int | None,
    request_id: str | None,
) -> CognitoError:
    """The exception for a core error; registered with ``_core``, which calls it for every
    failed call, blocking or awaited."""
    if kind == "service":
        service_cls = exception_for_code(code)
        if service_cls is ServiceError and operation.startswith("OAuth2"):
            service_cls = OAuthError
        if issubclass(service_cls, OAuthError):  # the core's message is the error_description, if any
            return service_cls(
                message or code,
                code=code,
                error_description=message or None,
                operation=operation,
                http_status=http_status,
                request_id=request_id,
            )
        return service_cls(message, code=code, operation=operation, http_status=http_status, request_id=request_id)
    cls = _BY_KIND.get(kind)
    if cls is None:  # a core newer than this module: a bug, say so rather than guess
        return InternalError(
            f"unknown core error kind {kind!r} ({code}: {message})",
            operation=operation,
            http_status=http_status,
            request_id=request_id,
        )
    return cls(message, operation=operation, http_status=http_status, request_id=request_id)


_core._register_errors(_from_core)
