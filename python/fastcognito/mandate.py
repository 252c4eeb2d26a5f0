"""The mandate-compatible API: :class:`Cognito` (every method a coroutine, as mandate's) and
:class:`SyncCognito` (every method blocking, for warrant/pycognito-style code).

Change ``from mandate import Cognito`` to ``from fastcognito import Cognito``. Login uses SRP
computed in Rust (``authenticate``) or ADMIN_NO_SRP_AUTH (``admin_authenticate``); tokens are
verified in Rust against the pool's JWKS. See docs/compat.md for the differences.
"""

from __future__ import annotations

import time

from . import _core
from ._args import checked_metadata, lazy_enums, optional_int32
from ._args import require_str as _require_str
from ._auth_events import MandateAuthEventPlans
from ._calls import Twinned, plan
from ._context import UserContext, checked_context
from ._devices import Device, MandateDevicePlans
from ._factors import MandateFactorPlans
from ._hints import hinted
from ._mandate_auth import MandateAuthPlans
from ._objects import GroupObj, UserObj, attribute_pairs, cognito_to_dict, dict_to_cognito
from ._passkeys import MandatePasskeyPlans
from ._records import PagedList
from ._rotation import MandateRotationPlans
from ._sign_in import MandateSignInPlans, SignInStep
from ._sign_up import MandateSignUpPlans
from .exceptions import TokenVerificationError, TokenVerificationException, WarrantException
from .verifier import jwks_document, verified_claims

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, NoReturn

    from ._calls import Plan
    from ._core import InitiateAuthDict
    from .enums import AuthFlow

__all__ = [
    "Cognito",
    "SyncCognito",
    "UserObj",
    "GroupObj",
    "WarrantException",
    "ForceChangePasswordException",
    "TokenVerificationException",
    "MFAChallengeException",
    "SMSMFAChallengeException",
    "SoftwareTokenMFAChallengeException",
    "cognito_to_dict",
    "dict_to_cognito",
    "SignInStep",
    "AuthFlow",
    "Device",
    "PagedList",
]


def __getattr__(name: str) -> object:
    # AuthFlow loads on first use: ``enum`` costs a fresh process more than this module.
    return lazy_enums(globals(), ("AuthFlow",), name)


def __dir__() -> list[str]:
    return sorted({*globals(), "AuthFlow"})


# WarrantException and TokenVerificationException live in fastcognito.exceptions, as bases of
# the classes raised (TokenVerificationError for a bad token, KeysUnavailableError for keys
# that could not be fetched), so one class serves every API and pickles as itself.


class ForceChangePasswordException(WarrantException):
    """The user must set a new password (NEW_PASSWORD_REQUIRED): use new_password_challenge."""

    code = "ForceChangePasswordException"


class MFAChallengeException(WarrantException):
    """The login needs a second factor. ``get_tokens()`` (also kept as the client's
    ``mfa_tokens``) holds what the respond_to_*_mfa_challenge methods need."""

    code = "MFAChallengeException"

    def __init__(self, message: str, tokens: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self._tokens = tokens

    def get_tokens(self) -> dict[str, Any]:
        return self._tokens

    def __repr__(self) -> str:
        return f"{type(self).__name__}(challenge={self._tokens.get('ChallengeName')!r})"


class SMSMFAChallengeException(MFAChallengeException):
    code = "SMSMFAChallengeException"


class SoftwareTokenMFAChallengeException(MFAChallengeException):
    code = "SoftwareTokenMFAChallengeException"


def _exp(token: str) -> float:
    try:
        exp = _core.unverified_claims(token).get("exp")
    except ValueError:
        raise TokenVerificationError("the access token is not a JWT") from None
    if not isinstance(exp, (int, float)) or isinstance(exp, bool):
        raise TokenVerificationError("the access token has no exp claim")
    return float(exp)


class _CognitoPlans(
    MandateSignUpPlans,
    MandateSignInPlans,
    MandatePasskeyPlans,
    MandateRotationPlans,
    MandateFactorPlans,
    MandateAuthPlans,
    MandateDevicePlans,
    MandateAuthEventPlans,
    Twinned,
):
    """Every public method, written once (see ``_calls``)."""

    user_class: ClassVar[type[UserObj]] = UserObj
    group_class: ClassVar[type[GroupObj]] = GroupObj

    def __init__(
        self,
        user_pool_id: str,
        client_id: str | None = None,
        user_pool_region: str | None = None,
        username: str | None = None,
        id_token: str | None = None,
        access_token: str | None = None,
        refresh_token: str | None = None,
        client_secret: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        *,
        endpoint_url: str | None = None,
        issuer: str | None = None,
        loop: Any = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        max_attempts: int | None = None,
        profile_name: str | None = None,
    ) -> None:
        _require_str(user_pool_id=user_pool_id)
        for name, value in (
            ("client_id", client_id),
            ("user_pool_region", user_pool_region),
            ("username", username),
            ("client_secret", client_secret),
            ("access_key", access_key),
            ("secret_key", secret_key),
            ("issuer", issuer),
            ("profile_name", profile_name),
        ):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name} must be a str or None")
        del loop  # accepted for the README's sake; the running loop is always used
        # Without a client id only the admin calls work, as in mandate; the others say so.
        self._core = _core.CoreClient(
            user_pool_id,
            client_id or "",
            client_secret or None,
            region=user_pool_region or None,
            endpoint_url=endpoint_url,
            access_key=access_key,
            secret_key=secret_key,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_attempts=max_attempts,
            profile_name=profile_name,
        )
        self.user_pool_id: str = user_pool_id
        self.client_id: str | None = client_id
        self.user_pool_region: str = self._core.region
        self.client_secret: str | None = client_secret
        # Kept as mandate keeps them (code reads them back); no repr shows them.
        self.access_key: str | None = access_key
        self.secret_key: str | None = secret_key
        self.username: str | None = username
        self.id_token: str | None = id_token
        self.access_token: str | None = access_token
        self.refresh_token: str | None = refresh_token
        self.token_type: str | None = None
        self.id_claims: dict[str, Any] | None = None
        self.access_claims: dict[str, Any] | None = None
        self.mfa_tokens: dict[str, Any] | None = None
        self.pool_jwk: dict[str, Any] | None = None
        self.issuer: str = issuer or self._core.default_issuer

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(user_pool_id={self.user_pool_id!r}, client_id={self.client_id!r}, "
            f"user_pool_region={self.user_pool_region!r}, username={self.username!r})"
        )

    @property
    def endpoint_url(self) -> str | None:
        """The endpoint in use (explicit or from the environment); None for AWS's own."""
        return self._core.endpoint_url

    # -- helpers (SECRET_HASH is the core's: sent when there is a client secret) --
    def _need_username(self, username: str | None = None) -> str:
        name = username if username is not None else self.username
        if not isinstance(name, str) or not name:
            raise ValueError("a username is needed: pass one or set Cognito(username=...)")
        return name

    def _need_access_token(self) -> str:
        if not self.access_token:
            raise AttributeError("Access Token Required to Check Token")
        return self.access_token

    def _internal_username(self) -> str | None:
        """The internal username, from the tokens (what Cognito keys refresh hashes on)."""
        for token, claim in ((self.access_token, "username"), (self.id_token, "cognito:username")):
            if token:
                try:
                    value = _core.unverified_claims(token).get(claim)
                except ValueError:
                    continue
                if isinstance(value, str):
                    return value
        return self.username

    def _challenge(self, result: InitiateAuthDict, admin: bool) -> NoReturn:
        """Raises the exception a challenge stands for."""
        name = result.get("ChallengeName", "")
        params = result.get("ChallengeParameters") or {}
        tokens: dict[str, Any] = {
            "ChallengeName": name,
            "Session": result.get("Session"),
            "ChallengeParameters": params,
            "Username": params.get("USER_ID_FOR_SRP") or params.get("USERNAME") or self.username,
            "Admin": admin,
        }
        if name == "NEW_PASSWORD_REQUIRED":
            raise ForceChangePasswordException("Change password before authenticating")
        if name in ("SMS_MFA", "SOFTWARE_TOKEN_MFA"):
            self.mfa_tokens = tokens
            cls = SMSMFAChallengeException if name == "SMS_MFA" else SoftwareTokenMFAChallengeException
            raise cls(f"{name} challenge: answer it with respond_to_{name.lower()}_challenge", tokens)
        raise WarrantException(f"The {name} challenge is not supported")

    def _verified(self, token: str, token_use: str) -> Plan[dict[str, Any]]:
        """The token's claims (see :func:`.verifier.verified_claims`); a failure is already
        mandate's TokenVerificationException (TokenVerificationError, KeysUnavailableError)."""
        return (yield from verified_claims(self._core, token, token_use, self.issuer))

    def _set_tokens(self, result: InitiateAuthDict, admin: bool = False) -> Plan[None]:
        """Verifies and stores the tokens of an auth result, or raises its challenge."""
        if "AuthenticationResult" not in result:
            self._challenge(result, admin)
        auth = result["AuthenticationResult"]
        id_claims = yield from self._verified(auth["IdToken"], "id")
        access_claims = yield from self._verified(auth["AccessToken"], "access")
        self.id_token, self.access_token = auth["IdToken"], auth["AccessToken"]
        self.id_claims, self.access_claims = id_claims, access_claims
        if auth.get("RefreshToken"):
            self.refresh_token = auth["RefreshToken"]
        self.token_type = auth.get("TokenType")
        self.mfa_tokens = None
        self._note_new_device(auth)

    # -- local objects (sync in both classes, as in mandate) --
    def generate_region_from_pool(self) -> str:
        """The region part of the pool id (``eu-west-1`` of ``eu-west-1_AbC``), as mandate's."""
        return _core.region_from_pool_id(self.user_pool_id) or self.user_pool_region

    def get_user_obj(
        self,
        username: str | None = None,
        attribute_list: list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
        attr_map: dict[str, str] | None = None,
    ) -> UserObj:
        """A :class:`UserObj` built from Cognito's attribute list (local, no call)."""
        return self.user_class(username, attribute_list or [], self, metadata=metadata, attr_map=attr_map)  # type: ignore[arg-type]

    def get_group_obj(self, group_data: dict[str, Any]) -> GroupObj:
        """A :class:`GroupObj` built from Cognito's group description (local, no call)."""
        return self.group_class(group_data=group_data, cognito_obj=self)

    @plan
    def logout(self) -> Plan[None]:
        """Signs the user out everywhere (GlobalSignOut) and forgets the tokens."""
        yield from self._core.global_sign_out(self._need_access_token())
        self.id_token = self.refresh_token = self.access_token = self.token_type = None
        self.id_claims = self.access_claims = None

    # -- tokens --
    @plan
    def get_keys(self) -> Plan[dict[str, Any]]:
        """The pool's JWKS document (``COGNITO_JWKS`` if set, else fetched), cached."""
        if self.pool_jwk is None:
            self.pool_jwk = yield from jwks_document(self._core)
        return self.pool_jwk

    @plan
    def get_key(self, kid: str) -> Plan[dict[str, Any]]:
        """The pool's public key with this ``kid`` (JWK dict)."""
        keys = yield from self.get_keys()
        found: list[dict[str, Any]] = keys.get("keys", [])
        for key in found:
            if key.get("kid") == kid:
                return key
        raise TokenVerificationError(f"no key with kid {kid!r} in the pool's JWKS")

    @plan
    def verify_token(self, token: str, id_name: str, token_use: str) -> Plan[dict[str, Any]]:
        """Verifies ``token`` (signature, exp, iss, token_use, audience) and stores it as
        ``self.<id_name>``; returns its claims."""
        _require_str(token=token, id_name=id_name, token_use=token_use)
        try:
            _core.token_use(token_use)
        except ValueError as exc:
            raise TokenVerificationError(str(exc)) from None
        claims = yield from self._verified(token, token_use)
        setattr(self, id_name, token)
        setattr(self, f"{token_use}_claims", claims)
        return claims

    @plan
    def verify_tokens(self) -> Plan[None]:
        """Verifies the stored id and access tokens."""
        if self.id_token:
            yield from self.verify_token(self.id_token, "id_token", "id")
        if self.access_token:
            yield from self.verify_token(self.access_token, "access_token", "access")

    @plan
    def check_token(
        self, renew: bool = True, *, client_metadata: dict[str, str] | None = None, context: UserContext | None = None
    ) -> Plan[bool]:
        """True when the access token has expired (and renews it when ``renew``, with
        ``client_metadata`` for the pool's Lambda triggers and ``context`` for threat protection)."""
        metadata, seen, ctx = checked_metadata(client_metadata), self._need_access_token(), checked_context(context)
        expired = time.time() > _exp(seen)
        if expired and renew:
            yield from self._renew_once(seen, metadata, ctx)
        return expired

    @plan
    def renew_access_token(
        self, *, client_metadata: dict[str, str] | None = None, context: UserContext | None = None
    ) -> Plan[None]:
        """REFRESH_TOKEN_AUTH (SECRET_HASH keyed on the internal username), or GetTokensFromRefreshToken
        where the app client rotates refresh tokens (the new one is stored). Concurrent renewals of
        one object send one request (with the first caller's ``client_metadata``)."""
        yield from self._renew_once(None, checked_metadata(client_metadata), checked_context(context))

    # -- the signed-in user --
    @plan
    def get_user(self, attr_map: dict[str, str] | None = None) -> Plan[UserObj]:
        """The signed-in user (GetUser), as a :class:`UserObj`."""
        result = yield from self._core.get_user(self._need_access_token())
        metadata = {
            "username": result.get("Username"),
            "id_token": self.id_token,
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
        }
        return self.get_user_obj(
            self.username or result.get("Username"), [dict(a) for a in result["UserAttributes"]], metadata, attr_map
        )

    @plan
    def update_profile(
        self,
        attrs: dict[str, Any],
        attr_map: dict[str, str] | None = None,
        *,
        client_metadata: dict[str, str] | None = None,
    ) -> Plan[None]:
        """Updates the signed-in user's attributes (``attr_map`` maps your names to Cognito's)."""
        pairs, metadata = attribute_pairs(attrs, attr_map), checked_metadata(client_metadata)
        yield from self._core.update_user_attributes(self._need_access_token(), pairs, metadata)

    @plan
    def send_verification(
        self, attribute: str = "email", *, client_metadata: dict[str, str] | None = None
    ) -> Plan[None]:
        """Sends a code to verify an attribute (``email`` by default)."""
        _require_str(attribute=attribute)
        metadata = checked_metadata(client_metadata)
        yield from self.check_token()
        yield from self._core.get_user_attribute_verification_code(self._need_access_token(), attribute, metadata)

    @plan
    def validate_verification(self, confirmation_code: str, attribute: str = "email") -> Plan[None]:
        """Verifies an attribute with the code the user received."""
        _require_str(confirmation_code=confirmation_code, attribute=attribute)
        yield from self.check_token()
        yield from self._core.verify_user_attribute(self._need_access_token(), attribute, confirmation_code)

    @plan
    def change_password(self, previous_password: str, proposed_password: str) -> Plan[None]:
        """Changes the signed-in user's password."""
        _require_str(previous_password=previous_password, proposed_password=proposed_password)
        yield from self.check_token()
        yield from self._core.change_password(previous_password, proposed_password, self._need_access_token())

    @plan
    def delete_user(self) -> Plan[None]:
        """The signed-in user deletes themself."""
        yield from self._core.delete_user(self._need_access_token())

    # -- admin --
    @plan
    def admin_get_user(self, attr_map: dict[str, str] | None = None) -> Plan[UserObj]:
        """A user (AdminGetUser), as a :class:`UserObj`."""
        name = self._need_username()
        user = yield from self._core.admin_get_user(name)
        metadata = {
            "enabled": user.get("Enabled"),
            "user_status": user.get("UserStatus"),
            "username": user.get("Username"),
            "create_date": user.get("UserCreateDate"),  # as pycognito (mandate had neither date)
            "modified_date": user.get("UserLastModifiedDate"),
            "id_token": self.id_token,
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
        }
        return self.get_user_obj(name, [dict(a) for a in user["UserAttributes"]], metadata, attr_map)

    @plan
    def get_users(self, attr_map: dict[str, str] | None = None) -> Plan[list[UserObj]]:
        """Every user of the pool (all pages)."""
        users: list[UserObj] = []
        token = None
        while True:
            page = yield from self._core.list_users(None, None, token, None)
            for user in page["Users"]:
                users.append(
                    self.get_user_obj(
                        user.get("Username"),
                        [dict(a) for a in user["Attributes"]],
                        {"username": user.get("Username")},
                        attr_map,
                    )
                )
            token = page.get("PaginationToken")
            if not token:
                return users

    @plan
    def admin_update_profile(
        self,
        username: str | None = None,
        attrs: dict[str, Any] | None = None,
        attr_map: dict[str, str] | None = None,
        *,
        client_metadata: dict[str, str] | None = None,
    ) -> Plan[None]:
        """Updates a user's attributes (AdminUpdateUserAttributes)."""
        pairs, metadata = attribute_pairs(attrs or {}, attr_map), checked_metadata(client_metadata)
        yield from self._core.admin_update_user_attributes(self._need_username(username), pairs, metadata)

    @plan
    def admin_delete_user(self, username: str) -> Plan[None]:
        """Deletes the user named by ``username``."""
        _require_str(username=username)
        yield from self._core.admin_delete_user(username)

    # -- pycognito's user and group administration (not in mandate) --
    @plan
    def admin_set_user_password(self, username: str, password: str, permanent: bool = False) -> Plan[None]:
        """Sets a user's password (AdminSetUserPassword); with ``permanent=False`` the user must
        change it at the next sign-in (NEW_PASSWORD_REQUIRED), as pycognito's."""
        _require_str(username=username, password=password)
        if not isinstance(permanent, bool):
            raise TypeError(f"permanent must be a bool, not {type(permanent).__name__}")
        yield from self._core.admin_set_user_password(username, password, permanent)

    @plan
    def admin_user_global_sign_out(self, username: str) -> Plan[None]:
        """Signs a user out of every device: their refresh tokens stop working."""
        _require_str(username=username)
        yield from self._core.admin_user_global_sign_out(username)

    @plan
    def admin_reset_password(self, username: str, client_metadata: dict[str, str] | None = None) -> Plan[None]:
        """Resets a user's password (AdminResetUserPassword): they must set a new one with a code.
        ``client_metadata`` may be passed by position, as pycognito's."""
        _require_str(username=username)
        yield from self._core.admin_reset_user_password(username, checked_metadata(client_metadata))

    @plan
    def admin_enable_user(self, username: str) -> Plan[None]:
        """Enables a disabled user."""
        _require_str(username=username)
        yield from self._core.admin_enable_user(username)

    @plan
    def admin_disable_user(self, username: str) -> Plan[None]:
        """Disables a user (they can no longer sign in)."""
        _require_str(username=username)
        yield from self._core.admin_disable_user(username)

    @plan
    def admin_add_user_to_group(self, username: str, group_name: str) -> Plan[None]:
        """Adds a user to a group."""
        _require_str(username=username, group_name=group_name)
        yield from self._core.admin_add_user_to_group(username, group_name)

    @plan
    def admin_remove_user_from_group(self, username: str, group_name: str) -> Plan[None]:
        """Removes a user from a group."""
        _require_str(username=username, group_name=group_name)
        yield from self._core.admin_remove_user_from_group(username, group_name)

    @plan
    def admin_list_groups_for_user(self, username: str) -> Plan[list[str]]:
        """The names of every group the user is in (all pages)."""
        _require_str(username=username)
        names: list[str] = []
        token = None
        while True:
            page = yield from self._core.admin_list_groups_for_user(username, 60, token)
            names.extend(group["GroupName"] for group in page.get("Groups", []))
            token = page.get("NextToken")
            if not token:
                return names

    @plan
    def get_group(self, group_name: str) -> Plan[GroupObj]:
        """A group, as a :class:`GroupObj`."""
        _require_str(group_name=group_name)
        result = yield from self._core.get_group(group_name)
        return self.get_group_obj(dict(result["Group"]))

    @plan
    def get_groups(self) -> Plan[list[GroupObj]]:
        """Every group of the pool (all pages)."""
        groups: list[GroupObj] = []
        token = None
        while True:
            page = yield from self._core.list_groups(None, token)
            groups += [self.get_group_obj(dict(g)) for g in page["Groups"]]
            token = page.get("NextToken")
            if not token:
                return groups

    @plan
    def create_group(
        self,
        group_name: str,
        description: str | None = None,
        role_arn: str | None = None,
        precedence: int | None = None,
    ) -> Plan[GroupObj]:
        """Creates a group and returns it as a :class:`GroupObj`."""
        _require_str(group_name=group_name)
        precedence = optional_int32(precedence, "precedence must be a 32-bit integer or None")
        result = yield from self._core.create_group(group_name, description, role_arn, precedence)
        return self.get_group_obj(dict(result["Group"]))

    @plan
    def update_group(
        self,
        group_name: str,
        description: str | None = None,
        role_arn: str | None = None,
        precedence: int | None = None,
    ) -> Plan[None]:
        """Changes a group's description, precedence or role."""
        _require_str(group_name=group_name)
        precedence = optional_int32(precedence, "precedence must be a 32-bit integer or None")
        yield from self._core.update_group(group_name, description, role_arn, precedence)

    @plan
    def delete_group(self, group_name: str) -> Plan[None]:
        """Deletes a group."""
        _require_str(group_name=group_name)
        yield from self._core.delete_group(group_name)


class Cognito(_CognitoPlans, twin="awaitable"):
    """mandate's ``Cognito``: every method is a coroutine."""

    async def __aenter__(self) -> Cognito:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self._core.close()


class SyncCognito(_CognitoPlans, twin="blocking"):
    """The same API with every method blocking (the GIL is released while it waits)."""

    def __enter__(self) -> SyncCognito:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._core.close()


hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
