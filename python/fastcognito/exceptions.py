"""fastcognito's exceptions: one class per error, the same whichever API raised it.

Every error is a :class:`CognitoError`. An error code that Cognito answers with is raised as
the class of the same name (``UserNotFoundException``, ``NotAuthorizedException``, ...), all
subclasses of :class:`ServiceError`; a code this list does not know is raised as
``ServiceError`` itself with ``.code`` set. Failures that happen before Cognito answers have
their own classes: :class:`EndpointConnectionError`, :class:`ReadTimeoutError`,
:class:`NoCredentialsError`, :class:`MalformedResponseError`.

The names cognitopy and mandate users catch are bases here (and re-exported by
:mod:`fastcognito.cognitopy` and :mod:`fastcognito.mandate`): every :class:`ServiceError` is an
:class:`ExceptionAuthCognito`, a connection failure or timeout an
:class:`ExceptionConnectionCognito`, and a bad token (:class:`TokenVerificationError`) or
unfetchable keys (:class:`KeysUnavailableError`) a :class:`TokenVerificationException`.

Each exception carries ``.code``, ``.message``, ``.operation`` and a ``.response`` dict shaped
like botocore's ``ClientError.response``, so ``e.response["Error"]["Code"]`` keeps working,
and survives ``pickle`` (multiprocessing, Celery, concurrent.futures) with all of them.
"""

from __future__ import annotations

import atexit
import builtins

from . import _core
from ._hints import hinted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    # The per-code classes, for type checkers (at run time: __getattr__ below); they are listed
    # in __all__, which ruff cannot see a star import define:
    # ruff: noqa: F405
    from ._service_errors import *  # noqa: F403

__all__ = [
    "CognitoError",
    "ServiceError",
    "EndpointConnectionError",
    "ReadTimeoutError",
    "NoCredentialsError",
    "MalformedResponseError",
    "ParamValidationError",
    "InternalError",
    "TokenError",
    "TokenVerificationError",
    "KeysUnavailableError",
    "ExceptionAuthCognito",
    "ExceptionConnectionCognito",
    "WarrantException",
    "TokenVerificationException",
    "exception_for_code",
    # one class per Cognito error code (in _service_errors, loaded on first use):
    "AccessDeniedException",
    "AliasExistsException",
    "CodeDeliveryFailureException",
    "CodeMismatchException",
    "ConcurrentModificationException",
    "DeviceKeyExistsException",
    "DuplicateProviderException",
    "EnableSoftwareTokenMFAException",
    "ExpiredCodeException",
    "FeatureUnavailableInTierException",
    "ForbiddenException",
    "GroupExistsException",
    "InternalErrorException",
    "InternalServerException",
    "InvalidEmailRoleAccessPolicyException",
    "InvalidLambdaResponseException",
    "InvalidOAuthFlowException",
    "InvalidParameterException",
    "InvalidPasswordException",
    "InvalidSmsRoleAccessPolicyException",
    "InvalidSmsRoleTrustRelationshipException",
    "InvalidUserPoolConfigurationException",
    "LimitExceededException",
    "MFAMethodNotFoundException",
    "ManagedLoginBrandingExistsException",
    "NotAuthorizedException",
    "OperationNotEnabledException",
    "PasswordHistoryPolicyViolationException",
    "PasswordResetRequiredException",
    "PreconditionNotMetException",
    "RefreshTokenReuseException",
    "RequestLimitExceeded",
    "ResourceNotFoundException",
    "ScopeDoesNotExistException",
    "ServiceQuotaExceededException",
    "ServiceUnavailableException",
    "SoftwareTokenMFANotFoundException",
    "TermsExistsException",
    "ThrottlingException",
    "TierChangeNotAllowedException",
    "TooManyFailedAttemptsException",
    "TooManyRequestsException",
    "UnauthorizedException",
    "UnexpectedLambdaException",
    "UnrecognizedClientException",
    "UnsupportedIdentityProviderException",
    "UnsupportedOperationException",
    "UnsupportedTokenTypeException",
    "UnsupportedUserStateException",
    "UserImportInProgressException",
    "UserLambdaValidationException",
    "UserNotConfirmedException",
    "UserNotFoundException",
    "UserPoolAddOnNotEnabledException",
    "UserPoolTaggingException",
    "UsernameExistsException",
    "ValidationException",
    "WebAuthnChallengeNotFoundException",
    "WebAuthnClientMismatchException",
    "WebAuthnConfigurationMissingException",
    "WebAuthnCredentialNotSupportedException",
    "WebAuthnNotEnabledException",
    "WebAuthnOriginNotAllowedException",
    "WebAuthnRelyingPartyMismatchException",
    # managed login (the OAuth2 endpoints), one class per OAuth2 error code:
    "OAuthError",
    "InvalidRequestError",
    "InvalidClientError",
    "InvalidGrantError",
    "UnauthorizedClientError",
    "UnsupportedGrantTypeError",
    "InvalidScopeError",
    "InvalidTokenError",
    "UnsupportedTokenTypeError",
    "ServerError",
]

# The per-code classes' names (their code too): what __getattr__ loads from _service_errors.
_PER_CODE = frozenset(__all__[__all__.index("AccessDeniedException") : __all__.index("OAuthError")])


class CognitoError(Exception):
    """Base class of every fastcognito error."""

    code: str = "CognitoError"

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        operation: str = "",
        http_status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.operation = operation
        self.http_status = http_status
        self.request_id = request_id

    @property
    def response(self) -> dict[str, Any]:
        """The error as botocore's ``ClientError.response`` shapes it."""
        return {
            "Error": {"Code": self.code, "Message": self.message},
            "ResponseMetadata": {
                "RequestId": self.request_id or "",
                "HTTPStatusCode": self.http_status,
                "HTTPHeaders": {},
                "RetryAttempts": 0,
            },
        }

    @property
    def operation_name(self) -> str:
        """botocore's name for :attr:`operation`."""
        return self.operation

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, operation={self.operation!r})"

    def __reduce__(self) -> Any:
        # The instance's attributes as they are, rather than constructor arguments: a
        # subclass with arguments of its own (ChallengeRequired, MFAChallengeException)
        # round-trips without a __reduce__ of its own.
        return (_rebuild, (type(self), self.message), dict(vars(self)))


def _rebuild(cls: type[CognitoError], message: str) -> CognitoError:
    # pickle then restores the attributes with BaseException.__setstate__. `args` is set
    # here: OSError's __new__ (ConnectionError, TimeoutError) leaves it to __init__.
    exc = cls.__new__(cls, message)
    exc.args = (message,)
    return exc


class ExceptionAuthCognito(CognitoError):
    """cognitopy's error for anything Cognito refused: the base of :class:`ServiceError`
    (so of every per-code class), :class:`NoCredentialsError` and
    :class:`MalformedResponseError`, and of cognitopy's ``ChallengeRequired``."""

    code = "ExceptionAuthCognito"


class ExceptionConnectionCognito(CognitoError):
    """cognitopy's error for a Cognito that could not be reached or did not answer in time:
    the base of :class:`EndpointConnectionError` and :class:`ReadTimeoutError`."""

    code = "ExceptionConnectionCognito"


class WarrantException(CognitoError):
    """mandate's (and pycognito's) base exception."""

    code = "WarrantException"


class TokenVerificationException(WarrantException):
    """mandate's token error: the base of :class:`TokenVerificationError` (a bad token) and
    :class:`KeysUnavailableError` (the keys to check it could not be fetched)."""

    code = "TokenVerificationException"


class ServiceError(ExceptionAuthCognito):
    """Cognito answered with an error code."""

    code = "ServiceError"


class EndpointConnectionError(ExceptionConnectionCognito, builtins.ConnectionError):
    """The endpoint could not be reached, or the connection broke (also raised for a call
    abandoned because the interpreter is exiting)."""

    code = "EndpointConnectionError"


class ReadTimeoutError(ExceptionConnectionCognito, builtins.TimeoutError):
    """No answer within the timeout."""

    code = "ReadTimeoutError"


class NoCredentialsError(ExceptionAuthCognito):
    """An admin (SigV4-signed) call was made and no AWS credentials were found."""

    code = "NoCredentialsError"


class MalformedResponseError(ExceptionAuthCognito):
    """The server answered with something that is not a Cognito response (HTML, bad JSON)."""

    code = "MalformedResponseError"


class ParamValidationError(CognitoError, ValueError):
    """The request could not be built from the arguments."""

    code = "ParamValidationError"


class InternalError(CognitoError):
    """A bug in fastcognito, caught before it could crash the interpreter."""

    code = "InternalError"


class TokenError(CognitoError, ValueError):
    """A token could not be decoded."""

    code = "TokenError"


class TokenVerificationError(TokenError, TokenVerificationException):
    """A token failed verification: signature, expiry, issuer, audience, token_use or an
    unknown key. The message says which. Also mandate's TokenVerificationException."""

    code = "TokenVerificationException"


class KeysUnavailableError(TokenVerificationException):
    """The pool's signing keys (JWKS) could not be fetched, so no token can be verified for
    now: the key server is unreachable, timed out or did not serve them. Not the token's
    fault, so not a :class:`TokenError` nor a ``ValueError``; still mandate's
    TokenVerificationException."""

    code = "KeysUnavailable"


# One class per Cognito error code (AccessDeniedException...) is in _service_errors, loaded
# on first use: a failed call with that code, an ``except``, an import of the name.

# Managed login: the OAuth2 endpoints of the pool's domain answer RFC 6749/6750 error codes.

_UNSET: Any = object()


class OAuthError(ServiceError):
    """An OAuth2 endpoint (token, userInfo, revoke) refused: ``.error`` is the OAuth2 error
    code (also ``.code``), ``.error_description`` the server's text (None if it sent none).
    A code without a class of its own below is raised as this class."""

    code = "OAuthError"

    def __init__(self, message: str = "", *, error_description: Any = _UNSET, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.error_description: str | None = (message or None) if error_description is _UNSET else error_description

    @property
    def error(self) -> str:
        """The OAuth2 error code (``invalid_grant``...)."""
        return self.code


class InvalidRequestError(OAuthError):
    code = "invalid_request"


class InvalidClientError(OAuthError):
    """The app client id or secret was refused (HTTP 401)."""

    code = "invalid_client"


class InvalidGrantError(OAuthError):
    """A code, verifier or refresh token was refused (used, expired, revoked, wrong PKCE
    verifier or redirect_uri)."""

    code = "invalid_grant"


class UnauthorizedClientError(OAuthError):
    code = "unauthorized_client"


class UnsupportedGrantTypeError(OAuthError):
    code = "unsupported_grant_type"


class InvalidScopeError(OAuthError):
    code = "invalid_scope"


class InvalidTokenError(OAuthError):
    """userInfo refused the access token (expired, revoked, or without ``openid``)."""

    code = "invalid_token"


class UnsupportedTokenTypeError(OAuthError):
    code = "unsupported_token_type"


class ServerError(OAuthError):
    code = "server_error"


def __getattr__(name: str) -> object:
    if name in _PER_CODE:
        from . import _service_errors  # its classes are this module's from then on

        value: object = getattr(_service_errors, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def exception_for_code(code: str) -> type[ServiceError]:
    """The class raised for a Cognito error code, or an OAuth2 one (``invalid_grant``:
    InvalidGrantError); ``ServiceError`` for an unknown code."""
    return _error_mapping.exception_for_code(code)


# Last: the mapping reads the classes above, and registers its factory with ``_core``.
from . import _error_mapping  # noqa: E402

# Before the interpreter finalizes: stop handing results to Python from other threads and
# cancel blocking calls still waiting (taking the GIL back later would abort the process).
# Here because every module that makes calls imports this one (_calls imports it, so that
# failed calls get these classes whichever public name was imported first).
atexit.register(_core._shutdown)

hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
