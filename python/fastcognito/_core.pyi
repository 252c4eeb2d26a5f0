"""Type stubs for the private Rust extension ``fastcognito._core``.

Each ``CoreClient`` operation returns a ``PendingCall[T]``: ``T`` is the dict shape below that
the call resolves to (boto3's member names; a member Cognito did not send is absent).
"""

from collections.abc import Awaitable, Callable, Generator
from datetime import datetime
from typing import Any, Generic, NoReturn, TypeVar, final, type_check_only

from typing_extensions import NotRequired, TypedDict

from fastcognito._context import UserContext

__all__ = [
    "CoreClient",
    "PendingCall",
    "_error_kinds",
    "_exception_for",
    "_register_errors",
    "_shutdown",
    "region_from_pool_id",
    "secret_hash",
    "token_use",
    "unverified_claims",
    "__version__",
    "Verifier",
    "unverified_issuer",
    "OAuthCore",
    "pkce_challenge",
]

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)

__version__: str

# ---- the dict shapes (for type checkers only: nothing of that name exists at run time) ----

@type_check_only
class AttributeDict(TypedDict):
    Name: str
    Value: NotRequired[str]

@type_check_only
class UserDict(TypedDict):
    """A user in a list (UserType) and in AdminCreateUser's answer."""

    Username: NotRequired[str]
    Attributes: list[AttributeDict]
    UserCreateDate: NotRequired[datetime]
    UserLastModifiedDate: NotRequired[datetime]
    Enabled: bool
    UserStatus: NotRequired[str]

@type_check_only
class GetUserDict(TypedDict):
    Username: str
    UserAttributes: list[AttributeDict]

@type_check_only
class AdminGetUserDict(GetUserDict):
    UserCreateDate: NotRequired[datetime]
    UserLastModifiedDate: NotRequired[datetime]
    Enabled: bool
    UserStatus: NotRequired[str]
    PreferredMfaSetting: NotRequired[str]
    UserMFASettingList: list[str]

@type_check_only
class AdminCreateUserDict(TypedDict):
    User: NotRequired[UserDict]

@type_check_only
class GroupDict(TypedDict):
    GroupName: NotRequired[str]
    UserPoolId: NotRequired[str]
    Description: NotRequired[str]
    RoleArn: NotRequired[str]
    Precedence: NotRequired[int]
    LastModifiedDate: NotRequired[datetime]
    CreationDate: NotRequired[datetime]

@type_check_only
class GroupResultDict(TypedDict):
    """CreateGroup, UpdateGroup, GetGroup."""

    Group: NotRequired[GroupDict]

@type_check_only
class CodeDeliveryDict(TypedDict):
    Destination: NotRequired[str]
    DeliveryMedium: NotRequired[str]
    AttributeName: NotRequired[str]

@type_check_only
class CodeDeliveryResultDict(TypedDict):
    """ResendConfirmationCode, ForgotPassword, GetUserAttributeVerificationCode."""

    CodeDeliveryDetails: NotRequired[CodeDeliveryDict]

@type_check_only
class CodeDeliveryListDict(TypedDict):
    """UpdateUserAttributes."""

    CodeDeliveryDetailsList: list[CodeDeliveryDict]

@type_check_only
class SignUpDict(TypedDict):
    UserConfirmed: bool
    CodeDeliveryDetails: NotRequired[CodeDeliveryDict]
    UserSub: str

@type_check_only
class DeviceMetadataDict(TypedDict):
    DeviceKey: NotRequired[str]
    DeviceGroupKey: NotRequired[str]

@type_check_only
class AuthResultDict(TypedDict):
    """``AuthenticationResult``: the tokens of a completed sign-in."""

    AccessToken: NotRequired[str]
    ExpiresIn: int
    TokenType: NotRequired[str]
    RefreshToken: NotRequired[str]
    IdToken: NotRequired[str]
    NewDeviceMetadata: NotRequired[DeviceMetadataDict]

@type_check_only
class InitiateAuthDict(TypedDict):
    """InitiateAuth and RespondToAuthChallenge (admin or not): tokens, or the next challenge."""

    ChallengeName: NotRequired[str]
    Session: NotRequired[str]
    ChallengeParameters: NotRequired[dict[str, str]]
    AuthenticationResult: NotRequired[AuthResultDict]
    AvailableChallenges: NotRequired[list[str]]

@type_check_only
class UsersPageDict(TypedDict):
    """ListUsers."""

    Users: list[UserDict]
    PaginationToken: NotRequired[str]

@type_check_only
class UsersInGroupPageDict(TypedDict):
    """ListUsersInGroup."""

    Users: list[UserDict]
    NextToken: NotRequired[str]

@type_check_only
class GroupsPageDict(TypedDict):
    """ListGroups, AdminListGroupsForUser."""

    Groups: list[GroupDict]
    NextToken: NotRequired[str]

@type_check_only
class SoftwareTokenSecretDict(TypedDict):
    SecretCode: NotRequired[str]
    Session: NotRequired[str]

@type_check_only
class SoftwareTokenStatusDict(TypedDict):
    Status: NotRequired[str]
    Session: NotRequired[str]

@type_check_only
class WebAuthnCredentialDict(TypedDict):
    """A passkey, as ListWebAuthnCredentials describes it."""

    CredentialId: str
    FriendlyCredentialName: str
    RelyingPartyId: str
    AuthenticatorAttachment: NotRequired[str]
    AuthenticatorTransports: list[str]
    CreatedAt: datetime

@type_check_only
class WebAuthnCredentialsPageDict(TypedDict):
    Credentials: list[WebAuthnCredentialDict]
    NextToken: NotRequired[str]

@type_check_only
class AuthFactorsDict(TypedDict):
    """GetUserAuthFactors, AdminGetUserAuthFactors."""

    Username: str
    PreferredMfaSetting: NotRequired[str]
    UserMFASettingList: list[str]
    ConfiguredUserAuthFactors: list[str]

@type_check_only
class DeviceDict(TypedDict):
    """A device, as ListDevices/GetDevice describe it (``DeviceType``)."""

    DeviceKey: NotRequired[str]
    DeviceAttributes: list[AttributeDict]
    DeviceCreateDate: NotRequired[datetime]
    DeviceLastModifiedDate: NotRequired[datetime]
    DeviceLastAuthenticatedDate: NotRequired[datetime]

@type_check_only
class DeviceResultDict(TypedDict):
    """GetDevice, AdminGetDevice."""

    Device: NotRequired[DeviceDict]

@type_check_only
class DevicesPageDict(TypedDict):
    """ListDevices, AdminListDevices."""

    Devices: list[DeviceDict]
    PaginationToken: NotRequired[str]

@type_check_only
class ConfirmedDeviceDict(TypedDict):
    """ConfirmDevice's answer, with the device's keys and the password made for it."""

    DeviceKey: str
    DeviceGroupKey: str
    DevicePassword: str
    UserConfirmationNecessary: bool

@type_check_only
class EventRiskDict(TypedDict):
    RiskDecision: NotRequired[str]
    RiskLevel: NotRequired[str]
    CompromisedCredentialsDetected: NotRequired[bool]

@type_check_only
class ChallengeResponseDict(TypedDict):
    ChallengeName: NotRequired[str]
    ChallengeResponse: NotRequired[str]

@type_check_only
class EventContextDataDict(TypedDict):
    IpAddress: NotRequired[str]
    DeviceName: NotRequired[str]
    Timezone: NotRequired[str]
    City: NotRequired[str]
    Country: NotRequired[str]

@type_check_only
class EventFeedbackDict(TypedDict):
    FeedbackValue: str
    Provider: str
    FeedbackDate: NotRequired[datetime]

@type_check_only
class AuthEventDict(TypedDict):
    """An auth event, as AdminListUserAuthEvents describes it."""

    EventId: NotRequired[str]
    EventType: NotRequired[str]
    CreationDate: NotRequired[datetime]
    EventResponse: NotRequired[str]
    EventRisk: NotRequired[EventRiskDict]
    ChallengeResponses: list[ChallengeResponseDict]
    EventContextData: NotRequired[EventContextDataDict]
    EventFeedback: NotRequired[EventFeedbackDict]

@type_check_only
class AuthEventsPageDict(TypedDict):
    AuthEvents: list[AuthEventDict]
    NextToken: NotRequired[str]

# ---- the module ----------------------------------------------------------------------------

def _register_errors(factory: Callable[[str, str, str, str, int | None, str | None], BaseException]) -> bool:
    """Called once by fastcognito.exceptions: the factory every failed call's exception comes from."""

def _error_kinds() -> list[str]:
    """The name of every core error kind (tests)."""

def _exception_for(kind: str, code: str, message: str) -> BaseException:
    """The exception a core error of this kind becomes (tests)."""

def _shutdown() -> None:
    """atexit hook: stop calls from taking the GIL back during interpreter finalization."""

def unverified_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT, not verified. ValueError (with the reason, never the token) if it is not one."""

def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """Base64(HMAC-SHA256(client_secret, username + client_id))."""

def token_use(token_use: str) -> str:
    """``token_use`` checked: "id" or "access", else ValueError saying so."""

def region_from_pool_id(user_pool_id: str) -> str | None:
    """The region a user pool id names (``eu-west-1`` of ``eu-west-1_AbC``), None if none."""

@final
class PendingCall(Generic[_T_co]):
    """One Cognito call not yet run: block on it with ``wait()`` or await ``future()``.

    In a plan, ``result = yield from call`` hands the call to the runner and evaluates to its
    result: iterating yields the call itself once, and ``send(result)`` ends the iteration.
    """

    def wait(self) -> _T_co: ...
    def future(self) -> Awaitable[_T_co]: ...
    def cancel(self) -> None:
        """Stops an awaited call whose future was cancelled (a no-op once it has finished)."""
    def __iter__(self) -> Generator[PendingCall[_T_co], Any, _T_co]: ...
    def __next__(self) -> PendingCall[_T_co]: ...
    def send(self, value: Any, /) -> NoReturn: ...
    def __class_getitem__(cls, item: Any, /) -> type[PendingCall[Any]]: ...

@final
class CoreClient:
    """One user pool's connection to Cognito: each method starts one call (a PendingCall)."""

    def __new__(
        cls,
        user_pool_id: str,
        client_id: str,
        client_secret: str | None = None,
        *,
        region: str | None = None,
        endpoint_url: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        session_token: str | None = None,
        send_secret_hash: bool | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        operation_timeout: float | None = None,
        max_attempts: int | None = None,
        profile_name: str | None = None,
    ) -> CoreClient: ...
    @property
    def user_pool_id(self) -> str: ...
    @property
    def client_id(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def endpoint_url(self) -> str | None: ...
    @property
    def is_open(self) -> bool: ...
    @property
    def default_issuer(self) -> str: ...
    def close(self) -> None: ...
    def verify_cached(self, token: str, token_use: str, issuer: str | None = None) -> dict[str, Any] | None: ...
    # authentication (SECRET_HASH, when the client sends one, keyed on secret_hash_username)
    def initiate_auth(
        self,
        flow: str,
        params: dict[str, str],
        secret_hash_username: str | None = None,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[InitiateAuthDict]: ...
    def admin_initiate_auth(
        self,
        flow: str,
        params: dict[str, str],
        secret_hash_username: str | None = None,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[InitiateAuthDict]: ...
    def respond_to_auth_challenge(
        self,
        challenge: str,
        responses: dict[str, str],
        session: str | None = None,
        secret_hash_username: str | None = None,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[InitiateAuthDict]: ...
    def admin_respond_to_auth_challenge(
        self,
        challenge: str,
        responses: dict[str, str],
        session: str | None = None,
        secret_hash_username: str | None = None,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[InitiateAuthDict]: ...
    def srp_authenticate(
        self,
        username: str,
        password: str,
        client_metadata: dict[str, str] | None = None,
        device_key: str | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[InitiateAuthDict]: ...
    # sign-up and password recovery
    def sign_up(
        self,
        username: str,
        password: str,
        attributes: list[tuple[str, str]],
        validation_data: list[tuple[str, str]],
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[SignUpDict]: ...
    def confirm_sign_up(
        self,
        username: str,
        code: str,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[None]: ...
    def resend_confirmation_code(
        self,
        username: str,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[CodeDeliveryResultDict]: ...
    def forgot_password(
        self,
        username: str,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[CodeDeliveryResultDict]: ...
    def confirm_forgot_password(
        self,
        username: str,
        code: str,
        password: str,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[None]: ...
    # the signed-in user
    def get_user(self, access_token: str) -> PendingCall[GetUserDict]: ...
    def delete_user(self, access_token: str) -> PendingCall[None]: ...
    def change_password(self, previous: str, proposed: str, access_token: str) -> PendingCall[None]: ...
    def revoke_token(self, token: str) -> PendingCall[None]: ...
    def update_user_attributes(
        self, access_token: str, attributes: list[tuple[str, str]], client_metadata: dict[str, str] | None = None
    ) -> PendingCall[CodeDeliveryListDict]: ...
    def global_sign_out(self, access_token: str) -> PendingCall[None]: ...
    def get_user_attribute_verification_code(
        self, access_token: str, attribute: str, client_metadata: dict[str, str] | None = None
    ) -> PendingCall[CodeDeliveryResultDict]: ...
    def verify_user_attribute(self, access_token: str, attribute: str, code: str) -> PendingCall[None]: ...
    def associate_software_token(
        self, access_token: str | None = None, session: str | None = None
    ) -> PendingCall[SoftwareTokenSecretDict]: ...
    def verify_software_token(
        self, code: str, access_token: str | None = None, session: str | None = None, device_name: str | None = None
    ) -> PendingCall[SoftwareTokenStatusDict]: ...
    def set_user_mfa_preference(
        self,
        access_token: str,
        sms: tuple[bool, bool] | None = None,
        software_token: tuple[bool, bool] | None = None,
        email: tuple[bool, bool] | None = None,
    ) -> PendingCall[None]: ...
    # tokens
    def verify_token(self, token: str, token_use: str, issuer: str | None = None) -> PendingCall[dict[str, Any]]: ...
    def jwks_document(self) -> PendingCall[dict[str, Any]]: ...
    # admin: users
    def admin_get_user(self, username: str) -> PendingCall[AdminGetUserDict]: ...
    def admin_delete_user(self, username: str) -> PendingCall[None]: ...
    def admin_confirm_sign_up(
        self, username: str, client_metadata: dict[str, str] | None = None
    ) -> PendingCall[None]: ...
    def admin_disable_user(self, username: str) -> PendingCall[None]: ...
    def admin_enable_user(self, username: str) -> PendingCall[None]: ...
    def admin_reset_user_password(
        self, username: str, client_metadata: dict[str, str] | None = None
    ) -> PendingCall[None]: ...
    def admin_user_global_sign_out(self, username: str) -> PendingCall[None]: ...
    def admin_create_user(
        self,
        username: str,
        attributes: list[tuple[str, str]],
        force_alias_creation: bool | None = None,
        message_action: str | None = None,
        desired_delivery_mediums: list[str] | None = None,
        temporary_password: str | None = None,
        client_metadata: dict[str, str] | None = None,
    ) -> PendingCall[AdminCreateUserDict]: ...
    def admin_set_user_password(self, username: str, password: str, permanent: bool = False) -> PendingCall[None]: ...
    def admin_update_user_attributes(
        self, username: str, attributes: list[tuple[str, str]], client_metadata: dict[str, str] | None = None
    ) -> PendingCall[None]: ...
    def list_users(
        self,
        attributes_to_get: list[str] | None = None,
        limit: int | None = None,
        pagination_token: str | None = None,
        filter: str | None = None,
    ) -> PendingCall[UsersPageDict]: ...
    def list_users_in_group(
        self, group_name: str, limit: int | None = None, next_token: str | None = None
    ) -> PendingCall[UsersInGroupPageDict]: ...
    # admin: groups
    def create_group(
        self,
        group_name: str,
        description: str | None = None,
        role_arn: str | None = None,
        precedence: int | None = None,
    ) -> PendingCall[GroupResultDict]: ...
    def update_group(
        self,
        group_name: str,
        description: str | None = None,
        role_arn: str | None = None,
        precedence: int | None = None,
    ) -> PendingCall[GroupResultDict]: ...
    def get_group(self, group_name: str) -> PendingCall[GroupResultDict]: ...
    def delete_group(self, group_name: str) -> PendingCall[None]: ...
    def list_groups(self, limit: int | None = None, next_token: str | None = None) -> PendingCall[GroupsPageDict]: ...
    def admin_add_user_to_group(self, username: str, group_name: str) -> PendingCall[None]: ...
    def admin_remove_user_from_group(self, username: str, group_name: str) -> PendingCall[None]: ...
    def admin_list_groups_for_user(
        self, username: str, limit: int | None = None, next_token: str | None = None
    ) -> PendingCall[GroupsPageDict]: ...
    # choice-based sign-in (USER_AUTH)
    def user_auth_password_srp(
        self,
        username: str,
        password: str,
        session: str | None = None,
        client_metadata: dict[str, str] | None = None,
        device_key: str | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[InitiateAuthDict]: ...
    # passkeys (WebAuthn): the credential is JSON text; the creation options come back as a dict
    def start_web_authn_registration(self, access_token: str) -> PendingCall[dict[str, Any]]: ...
    def complete_web_authn_registration(self, access_token: str, credential: str) -> PendingCall[None]: ...
    def list_web_authn_credentials(
        self, access_token: str, max_results: int | None = None, next_token: str | None = None
    ) -> PendingCall[WebAuthnCredentialsPageDict]: ...
    def delete_web_authn_credential(self, access_token: str, credential_id: str) -> PendingCall[None]: ...
    # refresh-token rotation, auth factors, admin MFA preference
    def get_tokens_from_refresh_token(
        self, refresh_token: str, client_metadata: dict[str, str] | None = None, device_key: str | None = None
    ) -> PendingCall[InitiateAuthDict]: ...
    def get_user_auth_factors(self, access_token: str) -> PendingCall[AuthFactorsDict]: ...
    def admin_get_user_auth_factors(self, username: str) -> PendingCall[AuthFactorsDict]: ...
    def admin_set_user_mfa_preference(
        self,
        username: str,
        sms: tuple[bool, bool] | None = None,
        software_token: tuple[bool, bool] | None = None,
        email: tuple[bool, bool] | None = None,
    ) -> PendingCall[None]: ...
    # remembered devices; device SRP answers DEVICE_SRP_AUTH and then DEVICE_PASSWORD_VERIFIER
    def device_srp_auth(
        self,
        username: str,
        session: str | None,
        device_key: str,
        device_group_key: str,
        device_password: str,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[InitiateAuthDict]: ...
    def admin_device_srp_auth(
        self,
        username: str,
        session: str | None,
        device_key: str,
        device_group_key: str,
        device_password: str,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> PendingCall[InitiateAuthDict]: ...
    def confirm_device(
        self, access_token: str, device_key: str, device_group_key: str, device_name: str | None = None
    ) -> PendingCall[ConfirmedDeviceDict]: ...
    def update_device_status(self, access_token: str, device_key: str, remembered: bool) -> PendingCall[None]: ...
    def admin_update_device_status(self, username: str, device_key: str, remembered: bool) -> PendingCall[None]: ...
    def list_devices(
        self, access_token: str, limit: int | None = None, pagination_token: str | None = None
    ) -> PendingCall[DevicesPageDict]: ...
    def admin_list_devices(
        self, username: str, limit: int | None = None, pagination_token: str | None = None
    ) -> PendingCall[DevicesPageDict]: ...
    def get_device(self, access_token: str, device_key: str) -> PendingCall[DeviceResultDict]: ...
    def admin_get_device(self, username: str, device_key: str) -> PendingCall[DeviceResultDict]: ...
    def forget_device(self, access_token: str, device_key: str) -> PendingCall[None]: ...
    def admin_forget_device(self, username: str, device_key: str) -> PendingCall[None]: ...
    # threat protection: auth events and their feedback ("valid"/"invalid", any case)
    def admin_list_user_auth_events(
        self, username: str, max_results: int | None = None, next_token: str | None = None
    ) -> PendingCall[AuthEventsPageDict]: ...
    def admin_update_auth_event_feedback(self, username: str, event_id: str, feedback: str) -> PendingCall[None]: ...
    def update_auth_event_feedback(
        self, username: str, event_id: str, feedback_token: str, feedback: str
    ) -> PendingCall[None]: ...

# ---- token verification (fastcognito.TokenVerifier's Rust half)
def unverified_issuer(token: str) -> str | None:
    """The ``iss`` of a token, not verified (None if it has none or is not a JWT)."""

@final
class Verifier:
    """One pool's key cache, the policy a token must meet, and the tokens that passed."""

    def __new__(
        cls,
        user_pool_id: str,
        client_ids: list[str],
        token_use: str,
        *,
        issuer: str | None = None,
        groups: list[str] = ...,
        scopes: list[str] = ...,
        grace_seconds: int = 0,
        jwks: str | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        cache_size: int = ...,
    ) -> Verifier: ...
    def verify_cached(self, token: str) -> dict[str, Any] | None: ...
    def recall(self, token: str) -> dict[str, Any] | None: ...
    def verify(self, token: str) -> PendingCall[dict[str, Any]]: ...
    def hydrate(self) -> PendingCall[None]: ...
    def forget(self) -> None: ...
    @property
    def remembered_count(self) -> int: ...
    @property
    def has_keys(self) -> bool: ...
    @property
    def user_pool_id(self) -> str: ...
    @property
    def issuers(self) -> list[str]: ...
    @property
    def client_ids(self) -> list[str]: ...
    @property
    def token_use(self) -> str: ...
    @property
    def groups(self) -> list[str]: ...
    @property
    def scopes(self) -> list[str]: ...
    @property
    def grace_seconds(self) -> int: ...

@final
class OAuthCore:
    """A user pool domain's OAuth2 endpoints for one app client."""

    def __new__(
        cls,
        domain: str,
        client_id: str,
        client_secret: str | None = None,
        *,
        redirect_uri: str | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
    ) -> OAuthCore: ...
    def authorization_url(
        self,
        scopes: list[str],
        *,
        redirect_uri: str | None = None,
        state: str | None = None,
        identity_provider: str | None = None,
        login_hint: str | None = None,
        prompt: str | None = None,
        nonce: str | None = None,
    ) -> tuple[str, str, str]: ...
    def logout_url(self, logout_uri: str) -> str: ...
    def exchange_code(
        self, code: str, code_verifier: str, redirect_uri: str | None = None
    ) -> PendingCall[dict[str, Any]]: ...
    def refresh(self, refresh_token: str) -> PendingCall[dict[str, Any]]: ...
    def revoke(self, refresh_token: str) -> PendingCall[None]: ...
    def userinfo(self, access_token: str) -> PendingCall[dict[str, Any]]: ...
    def client_credentials(self, scopes: list[str]) -> PendingCall[dict[str, Any]]: ...
    def clear_cache(self) -> None: ...
    def close(self) -> None: ...
    @property
    def is_open(self) -> bool: ...
    @property
    def base_url(self) -> str: ...
    @property
    def client_id(self) -> str: ...
    @property
    def has_secret(self) -> bool: ...
    @property
    def redirect_uri(self) -> str | None: ...
    @property
    def connect_timeout(self) -> float: ...
    @property
    def timeout(self) -> float: ...

def pkce_challenge(code_verifier: str) -> str:
    """``BASE64URL(SHA256(code_verifier))``, the S256 PKCE challenge."""
