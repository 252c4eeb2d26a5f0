"""One class per error code in the Cognito service model, plus generic AWS codes: the
:class:`~fastcognito.exceptions.ServiceError` subclasses of :mod:`fastcognito.exceptions`.

Loaded by that module on first use (a failed call with such a code, or the name asked for):
about seventy classes cost a fresh process more than the rest of the module. Each is made
once and belongs to ``fastcognito.exceptions`` (its ``__module__``), where it is found, caught
and unpickled.
"""

from __future__ import annotations

from .exceptions import ServiceError

__all__ = [
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


class AccessDeniedException(ServiceError):
    code = "AccessDeniedException"


class AliasExistsException(ServiceError):
    code = "AliasExistsException"


class CodeDeliveryFailureException(ServiceError):
    code = "CodeDeliveryFailureException"


class CodeMismatchException(ServiceError):
    code = "CodeMismatchException"


class ConcurrentModificationException(ServiceError):
    code = "ConcurrentModificationException"


class DeviceKeyExistsException(ServiceError):
    code = "DeviceKeyExistsException"


class DuplicateProviderException(ServiceError):
    code = "DuplicateProviderException"


class EnableSoftwareTokenMFAException(ServiceError):
    code = "EnableSoftwareTokenMFAException"


class ExpiredCodeException(ServiceError):
    code = "ExpiredCodeException"


class FeatureUnavailableInTierException(ServiceError):
    code = "FeatureUnavailableInTierException"


class ForbiddenException(ServiceError):
    code = "ForbiddenException"


class GroupExistsException(ServiceError):
    code = "GroupExistsException"


class InternalErrorException(ServiceError):
    code = "InternalErrorException"


class InternalServerException(ServiceError):
    code = "InternalServerException"


class InvalidEmailRoleAccessPolicyException(ServiceError):
    code = "InvalidEmailRoleAccessPolicyException"


class InvalidLambdaResponseException(ServiceError):
    code = "InvalidLambdaResponseException"


class InvalidOAuthFlowException(ServiceError):
    code = "InvalidOAuthFlowException"


class InvalidParameterException(ServiceError):
    code = "InvalidParameterException"


class InvalidPasswordException(ServiceError):
    code = "InvalidPasswordException"


class InvalidSmsRoleAccessPolicyException(ServiceError):
    code = "InvalidSmsRoleAccessPolicyException"


class InvalidSmsRoleTrustRelationshipException(ServiceError):
    code = "InvalidSmsRoleTrustRelationshipException"


class InvalidUserPoolConfigurationException(ServiceError):
    code = "InvalidUserPoolConfigurationException"


class LimitExceededException(ServiceError):
    code = "LimitExceededException"


class MFAMethodNotFoundException(ServiceError):
    code = "MFAMethodNotFoundException"


class ManagedLoginBrandingExistsException(ServiceError):
    code = "ManagedLoginBrandingExistsException"


class NotAuthorizedException(ServiceError):
    code = "NotAuthorizedException"


class OperationNotEnabledException(ServiceError):
    code = "OperationNotEnabledException"


class PasswordHistoryPolicyViolationException(ServiceError):
    code = "PasswordHistoryPolicyViolationException"


class PasswordResetRequiredException(ServiceError):
    code = "PasswordResetRequiredException"


class PreconditionNotMetException(ServiceError):
    code = "PreconditionNotMetException"


class RefreshTokenReuseException(ServiceError):
    code = "RefreshTokenReuseException"


class RequestLimitExceeded(ServiceError):
    code = "RequestLimitExceeded"


class ResourceNotFoundException(ServiceError):
    code = "ResourceNotFoundException"


class ScopeDoesNotExistException(ServiceError):
    code = "ScopeDoesNotExistException"


class ServiceQuotaExceededException(ServiceError):
    code = "ServiceQuotaExceededException"


class ServiceUnavailableException(ServiceError):
    code = "ServiceUnavailableException"


class SoftwareTokenMFANotFoundException(ServiceError):
    code = "SoftwareTokenMFANotFoundException"


class TermsExistsException(ServiceError):
    code = "TermsExistsException"


class ThrottlingException(ServiceError):
    code = "ThrottlingException"


class TierChangeNotAllowedException(ServiceError):
    code = "TierChangeNotAllowedException"


class TooManyFailedAttemptsException(ServiceError):
    code = "TooManyFailedAttemptsException"


class TooManyRequestsException(ServiceError):
    code = "TooManyRequestsException"


class UnauthorizedException(ServiceError):
    code = "UnauthorizedException"


class UnexpectedLambdaException(ServiceError):
    code = "UnexpectedLambdaException"


class UnrecognizedClientException(ServiceError):
    code = "UnrecognizedClientException"


class UnsupportedIdentityProviderException(ServiceError):
    code = "UnsupportedIdentityProviderException"


class UnsupportedOperationException(ServiceError):
    code = "UnsupportedOperationException"


class UnsupportedTokenTypeException(ServiceError):
    code = "UnsupportedTokenTypeException"


class UnsupportedUserStateException(ServiceError):
    code = "UnsupportedUserStateException"


class UserImportInProgressException(ServiceError):
    code = "UserImportInProgressException"


class UserLambdaValidationException(ServiceError):
    code = "UserLambdaValidationException"


class UserNotConfirmedException(ServiceError):
    code = "UserNotConfirmedException"


class UserNotFoundException(ServiceError):
    code = "UserNotFoundException"


class UserPoolAddOnNotEnabledException(ServiceError):
    code = "UserPoolAddOnNotEnabledException"


class UserPoolTaggingException(ServiceError):
    code = "UserPoolTaggingException"


class UsernameExistsException(ServiceError):
    code = "UsernameExistsException"


class ValidationException(ServiceError):
    code = "ValidationException"


class WebAuthnChallengeNotFoundException(ServiceError):
    code = "WebAuthnChallengeNotFoundException"


class WebAuthnClientMismatchException(ServiceError):
    code = "WebAuthnClientMismatchException"


class WebAuthnConfigurationMissingException(ServiceError):
    code = "WebAuthnConfigurationMissingException"


class WebAuthnCredentialNotSupportedException(ServiceError):
    code = "WebAuthnCredentialNotSupportedException"


class WebAuthnNotEnabledException(ServiceError):
    code = "WebAuthnNotEnabledException"


class WebAuthnOriginNotAllowedException(ServiceError):
    code = "WebAuthnOriginNotAllowedException"


class WebAuthnRelyingPartyMismatchException(ServiceError):
    code = "WebAuthnRelyingPartyMismatchException"


for _name in __all__:
    globals()[_name].__module__ = "fastcognito.exceptions"
del _name
