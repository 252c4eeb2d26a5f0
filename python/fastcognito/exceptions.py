"""fastcognito's exceptions.

Every error is a :class:`CognitoError`. An error code that Cognito answers with is raised as
the class of the same name (``UserNotFoundException``, ``NotAuthorizedException``, ...), all
subclasses of :class:`ServiceError`; a code this list does not know is raised as
``ServiceError`` itself with ``.code`` set. Failures that happen before Cognito answers have
their own classes: :class:`EndpointConnectionError`, :class:`ReadTimeoutError`,
:class:`NoCredentialsError`, :class:`MalformedResponseError`.

Each exception carries ``.code``, ``.message``, ``.operation`` and a ``.response`` dict shaped
like botocore's ``ClientError.response``, so ``e.response["Error"]["Code"]`` keeps working.
"""

from __future__ import annotations

import builtins
from typing import Any

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
    "exception_for_code",
    # one class per Cognito error code:
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
]


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
        kwargs = {
            "code": self.code,
            "operation": self.operation,
            "http_status": self.http_status,
            "request_id": self.request_id,
        }
        return (_rebuild, (type(self), self.message, kwargs))


def _rebuild(cls: type[CognitoError], message: str, kwargs: dict[str, Any]) -> CognitoError:
    return cls(message, **kwargs)


class ServiceError(CognitoError):
    """Cognito answered with an error code."""

    code = "ServiceError"


class EndpointConnectionError(CognitoError, builtins.ConnectionError):
    """The endpoint could not be reached, or the connection broke."""

    code = "EndpointConnectionError"


class ReadTimeoutError(CognitoError, builtins.TimeoutError):
    """No answer within the timeout."""

    code = "ReadTimeoutError"


class NoCredentialsError(CognitoError):
    """An admin (SigV4-signed) call was made and no AWS credentials were found."""

    code = "NoCredentialsError"


class MalformedResponseError(CognitoError):
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


class TokenVerificationError(TokenError):
    """A token failed verification: signature, expiry, issuer, audience, token_use, an
    unknown key, or a key set that could not be fetched. The message says which."""

    code = "TokenVerificationException"


class KeysUnavailableError(TokenVerificationError):
    """The pool's signing keys (JWKS) could not be fetched, so no token can be verified for
    now: the key server is unreachable, timed out or did not serve them. Not the token's fault."""

    code = "KeysUnavailable"


# One class per error code in the Cognito service model, plus generic AWS codes.

class AccessDeniedException(ServiceError):
    code = 'AccessDeniedException'


class AliasExistsException(ServiceError):
    code = 'AliasExistsException'


class CodeDeliveryFailureException(ServiceError):
    code = 'CodeDeliveryFailureException'


class CodeMismatchException(ServiceError):
    code = 'CodeMismatchException'


class ConcurrentModificationException(ServiceError):
    code = 'ConcurrentModificationException'


class DeviceKeyExistsException(ServiceError):
    code = 'DeviceKeyExistsException'


class DuplicateProviderException(ServiceError):
    code = 'DuplicateProviderException'


class EnableSoftwareTokenMFAException(ServiceError):
    code = 'EnableSoftwareTokenMFAException'


class ExpiredCodeException(ServiceError):
    code = 'ExpiredCodeException'


class FeatureUnavailableInTierException(ServiceError):
    code = 'FeatureUnavailableInTierException'


class ForbiddenException(ServiceError):
    code = 'ForbiddenException'


class GroupExistsException(ServiceError):
    code = 'GroupExistsException'


class InternalErrorException(ServiceError):
    code = 'InternalErrorException'


class InternalServerException(ServiceError):
    code = 'InternalServerException'


class InvalidEmailRoleAccessPolicyException(ServiceError):
    code = 'InvalidEmailRoleAccessPolicyException'


class InvalidLambdaResponseException(ServiceError):
    code = 'InvalidLambdaResponseException'


class InvalidOAuthFlowException(ServiceError):
    code = 'InvalidOAuthFlowException'


class InvalidParameterException(ServiceError):
    code = 'InvalidParameterException'


class InvalidPasswordException(ServiceError):
    code = 'InvalidPasswordException'


class InvalidSmsRoleAccessPolicyException(ServiceError):
    code = 'InvalidSmsRoleAccessPolicyException'


class InvalidSmsRoleTrustRelationshipException(ServiceError):
    code = 'InvalidSmsRoleTrustRelationshipException'


class InvalidUserPoolConfigurationException(ServiceError):
    code = 'InvalidUserPoolConfigurationException'


class LimitExceededException(ServiceError):
    code = 'LimitExceededException'


class MFAMethodNotFoundException(ServiceError):
    code = 'MFAMethodNotFoundException'


class ManagedLoginBrandingExistsException(ServiceError):
    code = 'ManagedLoginBrandingExistsException'


class NotAuthorizedException(ServiceError):
    code = 'NotAuthorizedException'


class OperationNotEnabledException(ServiceError):
    code = 'OperationNotEnabledException'


class PasswordHistoryPolicyViolationException(ServiceError):
    code = 'PasswordHistoryPolicyViolationException'


class PasswordResetRequiredException(ServiceError):
    code = 'PasswordResetRequiredException'


class PreconditionNotMetException(ServiceError):
    code = 'PreconditionNotMetException'


class RefreshTokenReuseException(ServiceError):
    code = 'RefreshTokenReuseException'


class RequestLimitExceeded(ServiceError):
    code = 'RequestLimitExceeded'


class ResourceNotFoundException(ServiceError):
    code = 'ResourceNotFoundException'


class ScopeDoesNotExistException(ServiceError):
    code = 'ScopeDoesNotExistException'


class ServiceQuotaExceededException(ServiceError):
    code = 'ServiceQuotaExceededException'


class ServiceUnavailableException(ServiceError):
    code = 'ServiceUnavailableException'


class SoftwareTokenMFANotFoundException(ServiceError):
    code = 'SoftwareTokenMFANotFoundException'


class TermsExistsException(ServiceError):
    code = 'TermsExistsException'


class ThrottlingException(ServiceError):
    code = 'ThrottlingException'


class TierChangeNotAllowedException(ServiceError):
    code = 'TierChangeNotAllowedException'


class TooManyFailedAttemptsException(ServiceError):
    code = 'TooManyFailedAttemptsException'


class TooManyRequestsException(ServiceError):
    code = 'TooManyRequestsException'


class UnauthorizedException(ServiceError):
    code = 'UnauthorizedException'


class UnexpectedLambdaException(ServiceError):
    code = 'UnexpectedLambdaException'


class UnrecognizedClientException(ServiceError):
    code = 'UnrecognizedClientException'


class UnsupportedIdentityProviderException(ServiceError):
    code = 'UnsupportedIdentityProviderException'


class UnsupportedOperationException(ServiceError):
    code = 'UnsupportedOperationException'


class UnsupportedTokenTypeException(ServiceError):
    code = 'UnsupportedTokenTypeException'


class UnsupportedUserStateException(ServiceError):
    code = 'UnsupportedUserStateException'


class UserImportInProgressException(ServiceError):
    code = 'UserImportInProgressException'


class UserLambdaValidationException(ServiceError):
    code = 'UserLambdaValidationException'


class UserNotConfirmedException(ServiceError):
    code = 'UserNotConfirmedException'


class UserNotFoundException(ServiceError):
    code = 'UserNotFoundException'


class UserPoolAddOnNotEnabledException(ServiceError):
    code = 'UserPoolAddOnNotEnabledException'


class UserPoolTaggingException(ServiceError):
    code = 'UserPoolTaggingException'


class UsernameExistsException(ServiceError):
    code = 'UsernameExistsException'


class ValidationException(ServiceError):
    code = 'ValidationException'


class WebAuthnChallengeNotFoundException(ServiceError):
    code = 'WebAuthnChallengeNotFoundException'


class WebAuthnClientMismatchException(ServiceError):
    code = 'WebAuthnClientMismatchException'


class WebAuthnConfigurationMissingException(ServiceError):
    code = 'WebAuthnConfigurationMissingException'


class WebAuthnCredentialNotSupportedException(ServiceError):
    code = 'WebAuthnCredentialNotSupportedException'


class WebAuthnNotEnabledException(ServiceError):
    code = 'WebAuthnNotEnabledException'


class WebAuthnOriginNotAllowedException(ServiceError):
    code = 'WebAuthnOriginNotAllowedException'


class WebAuthnRelyingPartyMismatchException(ServiceError):
    code = 'WebAuthnRelyingPartyMismatchException'


_BY_CODE: dict[str, type[ServiceError]] = {
    cls.code: cls
    for cls in list(globals().values())
    if isinstance(cls, type) and issubclass(cls, ServiceError) and cls is not ServiceError
}

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
    """The class raised for a Cognito error code (``ServiceError`` for an unknown code)."""
    return _BY_CODE.get(code, ServiceError)


def _from_core(
    kind: str,
    code: str,
    message: str,
    operation: str,
    http_status: int | None,
    request_id: str | None,
) -> CognitoError:
    """Called by the Rust core to build the exception for an error."""
    if kind == "service":
        return exception_for_code(code)(
            message, code=code, operation=operation, http_status=http_status, request_id=request_id
        )
    cls = _BY_KIND.get(kind, CognitoError)
    return cls(message, operation=operation, http_status=http_status, request_id=request_id)
