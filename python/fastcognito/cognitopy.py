"""The cognitopy-compatible API: :class:`CognitoPy` (blocking) and :class:`AsyncCognitoPy`
(every method a coroutine), with cognitopy's enums, models and exception names.

Change ``from cognitopy import CognitoPy`` to ``from fastcognito import CognitoPy``; the
argument names, defaults, validation messages and results stay those of cognitopy 1.1.6,
except where cognitopy contradicts its own README (see docs/compat.md).
"""

from __future__ import annotations

import time
from types import TracebackType

from . import _core
from ._args import INT32, checked_metadata, enum_value, lazy_enums, optional_int32
from ._args import all_str as _all_str
from ._args import dict_to_cognito as _dict_to_cognito
from ._auth_events import AuthEventPlans
from ._calls import Twinned, plan
from ._cognitopy_auth import PasswordAuthPlans
from ._context import UserContext
from ._devices import Device, DevicePlans
from ._factors import FactorPlans
from ._hints import hinted
from ._passkeys import PasskeyPlans
from ._records import CodeDeliveryDetails, CodeDeliveryDetailsSchema, PagedList, UserRegister, token_dict
from ._rotation import RotationPlans
from ._sign_in import SignInPlans, SignInStep
from ._sign_up import SignUpPlans
from .exceptions import CognitoError, ExceptionAuthCognito, ExceptionConnectionCognito, TokenError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._calls import Plan
    from ._core import AdminGetUserDict, AttributeDict, InitiateAuthDict, UserDict
    from .enums import AdminAuthFlow, AuthFlow, ChallengeName, DesiredDelivery, MessageAction

__all__ = [
    "CognitoPy",
    "AsyncCognitoPy",
    "MessageAction",
    "DesiredDelivery",
    "AuthFlow",
    "AdminAuthFlow",
    "ChallengeName",
    "UserRegister",
    "CodeDeliveryDetails",
    "CodeDeliveryDetailsSchema",
    "PagedList",
    "ExceptionAuthCognito",
    "ExceptionTokenExpired",
    "ExceptionConnectionCognito",
    "ExceptionJWTCognito",
    "ChallengeRequired",
    "SignInStep",
    "Device",
    "UserContext",
]

# cognitopy's enums, loaded on first use (``enum`` costs a fresh process more than this module).
_ENUMS = ("MessageAction", "DesiredDelivery", "AuthFlow", "AdminAuthFlow", "ChallengeName")


def __getattr__(name: str) -> object:
    return lazy_enums(globals(), _ENUMS, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_ENUMS))


# ---- cognitopy's exception names -------------------------------------------------------
# ExceptionAuthCognito and ExceptionConnectionCognito live in fastcognito.exceptions, as bases
# of the classes raised (ServiceError and its per-code classes; EndpointConnectionError,
# ReadTimeoutError), so one class serves every API and pickles as itself.


class ExceptionTokenExpired(CognitoError):
    """The access token's ``exp`` has passed (checked locally before DeleteUser/ChangePassword)."""

    code = "ExceptionTokenExpired"


class ExceptionJWTCognito(TokenError):
    """A token could not be decoded."""

    code = "ExceptionJWTCognito"


class ChallengeRequired(ExceptionAuthCognito):
    """A login was answered with a challenge instead of tokens. ``challenge_name`` and
    ``session`` say which and how to answer it (``resolve_challenge_*``)."""

    code = "ChallengeRequired"

    def __init__(self, message: str, *, challenge_name: str, session: str | None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.challenge_name: str = challenge_name
        self.session: str | None = session

    def __repr__(self) -> str:
        return f"{type(self).__name__}(challenge_name={self.challenge_name!r})"


# ---- argument and result shaping -------------------------------------------------------


def _user_to_dict(user: UserDict | AdminGetUserDict, attributes: list[AttributeDict]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": user.get("Username"),
        "enabled": user.get("Enabled"),
        "user_status": user.get("UserStatus"),
        "user_create_date": user.get("UserCreateDate"),
        "user_last_modified_date": user.get("UserLastModifiedDate"),
    }
    for attribute in attributes:
        data[attribute["Name"]] = attribute.get("Value")
    return data


def _tokens(result: InitiateAuthDict) -> dict[str, Any]:
    if "ChallengeName" in result or "AuthenticationResult" not in result:
        name, session = result.get("ChallengeName", ""), result.get("Session")
        raise ChallengeRequired(
            "The user must complete challenge auth use function admin_respond_to_auth_challenge "
            f"with challenge_name={name}, the session is {session}.",
            challenge_name=name,
            session=session,
        )
    return token_dict(result["AuthenticationResult"])


def _claims(token: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = _core.unverified_claims(token)
    except ValueError:
        raise ExceptionJWTCognito("Error decoding token claims.") from None
    return claims


def _is_expired(access_token: str) -> bool:
    exp = _claims(access_token).get("exp")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool):
        raise ExceptionJWTCognito("Error decoding token claims.")
    return time.time() > exp


class _CognitoPyPlans(
    SignUpPlans,
    SignInPlans,
    PasskeyPlans,
    RotationPlans,
    FactorPlans,
    PasswordAuthPlans,
    DevicePlans,
    AuthEventPlans,
    Twinned,
):
    """Each public method, written once as a plan (see ``_calls``)."""

    __slots__ = ("_userpool_id", "_client_id", "_client_secret", "_secret_hash", "_core")

    def __init__(
        self,
        userpool_id: str,
        client_id: str,
        client_secret: str,
        secret_hash: bool = False,
        *,
        region: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        max_attempts: int | None = None,
        profile_name: str | None = None,
    ) -> None:
        if not _all_str(userpool_id, client_id, client_secret):
            raise ValueError("The userpool_id, client_id and client_secret should be strings")
        if region is None and _core.region_from_pool_id(userpool_id) is None:
            raise ValueError("The format userpool_id is incorrect")
        self._userpool_id = userpool_id
        self._client_id = client_id
        self._client_secret = client_secret
        self._secret_hash = bool(secret_hash)
        self._core = _core.CoreClient(
            userpool_id,
            client_id,
            client_secret or None,
            region=region,
            endpoint_url=endpoint_url,
            send_secret_hash=self._secret_hash,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_attempts=max_attempts,
            profile_name=profile_name,
        )

    # -- properties (read-only, as cognitopy's) --
    @property
    def userpool_id(self) -> str:
        """The user pool id."""
        return self._userpool_id

    @property
    def client_id(self) -> str:
        """The app client id."""
        return self._client_id

    @property
    def client_secret(self) -> str:
        """The app client secret as given (never shown in a repr)."""
        return self._client_secret

    @property
    def region_name(self) -> str:
        """The region: ``region=`` or the pool id's prefix."""
        return str(self._core.region)

    @property
    def endpoint_url(self) -> str | None:
        """The endpoint in use (explicit or from the environment); None for AWS's own."""
        return self._core.endpoint_url

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(userpool_id={self._userpool_id!r}, client_id={self._client_id!r}, "
            f"region_name={self.region_name!r}, secret_hash={self._secret_hash!r})"
        )

    # -- SECRET_HASH (sent when secret_hash=True: the core decides, keyed on the username) --
    @staticmethod
    def _username(username: str) -> str:
        """A username for a call SECRET_HASH may be keyed on: cognitopy refuses an empty one."""
        if not username:
            raise ValueError("You must provide access_token when not give the username")
        return username

    def _hash_username_for_token(self, access_token: str) -> str | None:
        """For refresh, Cognito keys SECRET_HASH on the user's internal username."""
        if not self._secret_hash:
            return None
        claims = _claims(access_token)
        name = claims.get("username") or claims.get("cognito:username") or claims.get("sub")
        if not isinstance(name, str):
            raise ExceptionJWTCognito("Error decoding token claims.")
        return name

    @staticmethod
    def _auth_tokens(result: InitiateAuthDict) -> dict[str, Any]:
        return _tokens(result)

    def _check_not_expired(self, access_token: str) -> None:
        if _is_expired(access_token):
            raise ExceptionTokenExpired("Token expired")

    # -- the signed-in user --
    @plan
    def delete_user(self, access_token: str) -> Plan[None]:
        """The user deletes themself (ExceptionTokenExpired if the token has expired)."""
        if not isinstance(access_token, str):
            raise ValueError("The access_token should be a string.")
        self._check_not_expired(access_token)
        yield from self._core.delete_user(access_token)

    @plan
    def change_password(self, previous_password: str, proposed_password: str, access_token: str) -> Plan[None]:
        """Changes the signed-in user's password (ExceptionTokenExpired if the token has expired)."""
        if not _all_str(previous_password, proposed_password, access_token):
            raise ValueError("The previous_password, proposed_password and access_token should be strings.")
        self._check_not_expired(access_token)
        yield from self._core.change_password(previous_password, proposed_password, access_token)

    @plan
    def get_info_user_by_token(self, access_token: str) -> dict[str, Any]:
        """The user's name, ``sub`` and groups, read from the access token WITHOUT verifying it.

        As in cognitopy, the signature, expiry, issuer and app client are not checked, so anyone
        can forge what this returns: never use it to decide what a request may do. To trust a
        token, verify it with :class:`fastcognito.TokenVerifier` and read the claims it returns.
        """
        if not isinstance(access_token, str):
            raise ValueError("The access_token should be a string.")
        claims = _claims(access_token)
        sub = claims.get("sub")
        username = claims.get("username") or claims.get("cognito:username") or sub
        if username is None:
            raise ExceptionJWTCognito("Error decoding token claims.")
        return {"username": username, "sub": sub, "groups": claims.get("cognito:groups", [])}

    @staticmethod
    @plan
    def check_expired_token(access_token: str) -> bool:
        """True once the token's ``exp`` has passed (read without verifying the token)."""
        if not isinstance(access_token, str):
            raise ValueError("The access_token should be a string.")
        return _is_expired(access_token)

    @plan
    def revoke_refresh_token(self, token: str) -> Plan[None]:
        """Revokes a refresh token and the access tokens issued from it."""
        if not isinstance(token, str):
            raise ValueError("The token should be a string.")
        yield from self._core.revoke_token(token)

    # -- admin: users --
    @staticmethod
    def _str_username(username: Any) -> str:
        if not isinstance(username, str):
            raise ValueError("The username should be a string.")
        return username

    @plan
    def admin_delete_user(self, username: str) -> Plan[None]:
        """Deletes a user."""
        yield from self._core.admin_delete_user(self._str_username(username))

    @plan
    def admin_confirm_register(self, username: str, *, client_metadata: dict[str, str] | None = None) -> Plan[None]:
        """Confirms a user's sign-up without a code."""
        yield from self._core.admin_confirm_sign_up(self._str_username(username), checked_metadata(client_metadata))

    @plan
    def admin_disable_user(self, username: str) -> Plan[None]:
        """Disables a user (they can no longer sign in)."""
        yield from self._core.admin_disable_user(self._str_username(username))

    @plan
    def admin_enable_user(self, username: str) -> Plan[None]:
        """Enables a disabled user."""
        yield from self._core.admin_enable_user(self._str_username(username))

    @plan
    def admin_reset_user_password(self, username: str, *, client_metadata: dict[str, str] | None = None) -> Plan[None]:
        """Resets a user's password: they must set a new one with a code."""
        yield from self._core.admin_reset_user_password(self._str_username(username), checked_metadata(client_metadata))

    @plan
    def admin_reset_password(self, username: str, *, client_metadata: dict[str, str] | None = None) -> Plan[None]:
        """The README's name for :meth:`admin_reset_user_password`."""
        yield from self._core.admin_reset_user_password(self._str_username(username), checked_metadata(client_metadata))

    @plan
    def admin_set_user_password(self, username: str, password: str, permanent: bool = False) -> Plan[None]:
        """Sets a user's password (AdminSetUserPassword); with ``permanent=False`` the user must
        change it at the next sign-in (NEW_PASSWORD_REQUIRED), as Cognito's own default."""
        if not _all_str(username, password) or not isinstance(permanent, bool):
            raise ValueError("The username and password should be strings and permanent should be a bool.")
        yield from self._core.admin_set_user_password(username, password, permanent)

    @plan
    def admin_user_global_sign_out(self, username: str) -> Plan[None]:
        """Signs a user out of every device: their refresh tokens stop working."""
        yield from self._core.admin_user_global_sign_out(self._str_username(username))

    @plan
    def admin_get_user(self, username: str) -> Plan[dict[str, Any]]:
        """A user: ``username``, ``enabled``, ``user_status``, timestamps and every attribute as a key."""
        user = yield from self._core.admin_get_user(self._str_username(username))
        return _user_to_dict(user, user["UserAttributes"])

    @plan
    def admin_create_user(
        self,
        username: str,
        user_attributes: dict[str, Any],
        force_alias: bool,
        message_action: MessageAction | str | None,
        desired_delivery: list[DesiredDelivery | str],
        temporary_password: str | None = None,
        *,
        client_metadata: dict[str, str] | None = None,
    ) -> Plan[None]:
        """Creates a user (AdminCreateUser) with attributes, invitation settings and an optional temporary password."""
        if not isinstance(username, str) or not isinstance(user_attributes, dict) or not isinstance(force_alias, bool):
            raise ValueError(
                "The username should be a string, user_attributes should be a dict and force_alias should be a bool."
            )
        if temporary_password is not None and not isinstance(temporary_password, str):
            raise ValueError("The temporary_password should be a string.")
        action = None if message_action is None else enum_value(message_action, "MessageAction")
        if message_action is not None and action is None:
            raise ValueError("The message_action should be a MessageAction.")
        values = (
            [enum_value(d, "DesiredDelivery") for d in desired_delivery] if isinstance(desired_delivery, list) else None
        )
        mediums = [m for m in values if m is not None] if values is not None else []
        if values is None or len(mediums) < len(values):
            raise ValueError("The desired_delivery should be a List[DesiredDeliver].")
        attributes, metadata = _dict_to_cognito(user_attributes), checked_metadata(client_metadata)
        yield from self._core.admin_create_user(
            username, attributes, force_alias, action, mediums, temporary_password or None, metadata
        )

    @plan
    def list_users(
        self,
        attributes_get: list[str] | None = None,
        limit: int | None = None,
        group: str | None = None,
        next_token: str | None = None,
        filter: str | None = None,
    ) -> Plan[PagedList[dict[str, Any]]]:
        """One page of users (at most 60, Cognito's limit); ``.next_token`` fetches the next.
        With ``group`` the users of that group; ``filter`` is a ListUsers filter expression."""
        if attributes_get is not None and (
            not isinstance(attributes_get, (list, tuple)) or not _all_str(*attributes_get)
        ):
            raise ValueError("The attributes_get should be a list of strings.")
        limit = optional_int32(limit, "The limit should be an integer.")
        if not isinstance(group, (str, type(None))) or not isinstance(next_token, (str, type(None))):
            raise ValueError("The group and next_token should be strings.")
        wanted = list(attributes_get) if attributes_get else None
        if group is not None:
            if filter is not None:
                raise ValueError("filter cannot be combined with group (ListUsersInGroup has no filter).")
            in_group = yield from self._core.list_users_in_group(group, limit, next_token)
            found, token = in_group["Users"], in_group.get("NextToken")
        else:
            if not isinstance(filter, (str, type(None))):
                raise ValueError("The filter should be a string.")
            page = yield from self._core.list_users(wanted, limit, next_token, filter)
            found, token = page["Users"], page.get("PaginationToken")
        users = []
        for user in found:
            attributes = user.get("Attributes", [])
            if wanted is not None:
                attributes = [a for a in attributes if a["Name"] in wanted]
            users.append(_user_to_dict(user, attributes))
        return PagedList(users, token)

    # -- admin: groups --
    @plan
    def admin_create_group(
        self, group_name: str, description: str, precedence: int, role_arn: str | None = None
    ) -> Plan[None]:
        """Creates a group."""
        if (
            not _all_str(group_name, description)
            or not isinstance(precedence, int)
            or int(precedence) not in INT32
            or not isinstance(role_arn, (str, type(None)))
        ):
            raise ValueError(
                "The group_name, description and role arm should be strings and precedence should be an integer."
            )
        yield from self._core.create_group(group_name, description, role_arn or None, int(precedence))

    @plan
    def admin_delete_group(self, group_name: str) -> Plan[None]:
        """Deletes a group."""
        if not isinstance(group_name, str):
            raise ValueError("The group_name should be a string.")
        yield from self._core.delete_group(group_name)

    @plan
    def admin_add_user_to_group(self, username: str, group_name: str) -> Plan[None]:
        """Adds a user to a group."""
        if not _all_str(username, group_name):
            raise ValueError("The username and group_name should be strings.")
        yield from self._core.admin_add_user_to_group(username, group_name)

    @plan
    def admin_remove_user_from_group(self, username: str, group_name: str) -> Plan[None]:
        """Removes a user from a group."""
        if not _all_str(username, group_name):
            raise ValueError("The username and group_name should be strings.")
        yield from self._core.admin_remove_user_from_group(username, group_name)

    @plan
    def admin_list_groups_for_user(
        self, username: str, limit: int | None = None, next_token: str | None = None
    ) -> Plan[PagedList[dict[str, Any]]]:
        """One page of the groups a user is in; ``.next_token`` fetches the next."""
        if not isinstance(username, str):
            raise ValueError("The username should be a string.")
        limit = optional_int32(limit, "The limit should be an integer.")
        if next_token is not None and not isinstance(next_token, str):
            raise ValueError("The next_token should be a string.")
        page = yield from self._core.admin_list_groups_for_user(username, limit, next_token or None)
        return PagedList([dict(g) for g in page["Groups"]], page.get("NextToken"))

    @plan
    def list_groups(self, limit: int | None = None, next_token: str | None = None) -> Plan[PagedList[dict[str, Any]]]:
        """One page of the pool's groups; ``.next_token`` fetches the next."""
        limit = optional_int32(limit, "The limit should be an integer.")
        if next_token is not None and not isinstance(next_token, str):
            raise ValueError("The next_token should be a string.")
        page = yield from self._core.list_groups(limit, next_token or None)
        return PagedList([dict(g) for g in page["Groups"]], page.get("NextToken"))

    @plan
    def get_group(self, group: str) -> Plan[dict[str, Any]]:
        """A group, as Cognito describes it (``GroupName``, ``Description``, ``Precedence``...)."""
        if not isinstance(group, str):
            raise ValueError("The group should be a string.")
        result = yield from self._core.get_group(group)
        return dict(result["Group"])

    @plan
    def update_group(
        self,
        group: str,
        description: str | None = None,
        role: str | None = None,
        precedence: int | None = None,
    ) -> Plan[None]:
        """Changes a group's description, precedence or role."""
        if (
            not isinstance(group, str)
            or not isinstance(description, (str, type(None)))
            or not isinstance(role, (str, type(None)))
        ):
            raise ValueError("The group, description and role should be strings.")
        precedence = optional_int32(precedence, "The precedence should be an integer.")
        yield from self._core.update_group(group, description, role, precedence)

    @plan
    def close_connection(self) -> None:
        """Closes the connection pool. The object stays usable: the next call opens a new one."""
        self._core.close()


class CognitoPy(_CognitoPyPlans, twin="blocking"):
    """cognitopy's ``CognitoPy``: every method blocks (with the GIL released while it waits).

    ``CognitoPy(userpool_id, client_id, client_secret, secret_hash=False)``; keyword-only
    extras: ``region``, ``endpoint_url``, ``connect_timeout``, ``read_timeout``, ``max_attempts``,
    ``profile_name`` (the AWS profile admin calls are signed with; default AWS_PROFILE).
    """

    __slots__ = ()

    def __enter__(self) -> CognitoPy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close_connection()


class AsyncCognitoPy(_CognitoPyPlans, twin="awaitable"):
    """The same API as :class:`CognitoPy` with every method a coroutine; ``async with`` closes."""

    __slots__ = ()

    async def __aenter__(self) -> AsyncCognitoPy:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._core.close()


hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
