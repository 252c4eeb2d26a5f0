"""The one module of fastcognito.testing that touches moto: its imports, its backends, the
attributes of its models and its private helpers all stay here, behind small views, so a
moto upgrade changes this file and nothing else (tests/emulator/test_moto_adapter.py checks
that no other module of the package imports moto).

Written against moto 5.1-5.2 (``moto.cognitoidp.models``). The views hold moto's objects and
read or change them in place: the emulator and moto's own handlers share one store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

# Read by moto when its Cognito models load: it then checks software-token (TOTP) codes
# instead of accepting any. Set before the import below.
os.environ.setdefault("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")

from moto.cognitoidp.models import UserStatus, cognitoidp_backends  # noqa: E402
from moto.core.models import DEFAULT_ACCOUNT_ID  # noqa: E402

__all__ = [
    "AppClient",
    "User",
    "Pool",
    "wsgi_app",
    "pools",
    "find_pool",
    "find_client",
    "create_pool",
    "reset",
    "signing_key",
    "public_keys",
    "totp_code",
    "totp_matches",
    "issue_tokens",
    "mfa_state",
    "set_mfa_state",
    "set_pool_mfa",
    "add_access_claims",
    "issuer_type",
    "set_issuer_type",
    "set_token_issuer",
    "sign_jwt",
    "add_refresh_token",
    "add_access_token",
    "refresh_origin",
    "revoke_origin",
    "resource_scopes",
    "create_resource_server",
]


def wsgi_app() -> Callable[..., Any]:
    """moto's own server (every service, dispatched by host and target), as a WSGI app."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    return DomainDispatcherApplication(create_backend_app)


class AppClient:
    """An app client of a pool."""

    __slots__ = ("_client",)

    def __init__(self, client: Any) -> None:
        self._client = client

    @property
    def id(self) -> str:
        return str(self._client.id)

    @property
    def has_secret(self) -> bool:
        return bool(self._client.generate_secret)

    @property
    def secret(self) -> str:
        return str(self._client.secret)

    @property
    def auth_flows(self) -> list[str]:
        """The client's ExplicitAuthFlows (``ALLOW_USER_AUTH``...)."""
        return list(self._client.extended_config.get("ExplicitAuthFlows") or [])

    @property
    def auth_session_validity(self) -> int:
        """AuthSessionValidity: minutes a sign-in session lasts (Cognito's default: 3)."""
        return int(self._client.extended_config.get("AuthSessionValidity") or 3)

    def allows(self, flow: str) -> bool:
        """Whether the client's ExplicitAuthFlows hold ``flow`` (e.g. ``ALLOW_CUSTOM_AUTH``)."""
        return flow in (self._client.extended_config.get("ExplicitAuthFlows") or [])

    def setting(self, name: str) -> Any:
        """One of the client's settings as CreateUserPoolClient/UpdateUserPoolClient sent it
        (moto keeps them all: ``CallbackURLs``, ``AllowedOAuthFlows``...), None when unset."""
        return self._client.extended_config.get(name)

    @property
    def session_validity(self) -> float:
        """How long a sign-in session lasts, in seconds (AuthSessionValidity is in minutes)."""
        return float(self._client.extended_config.get("AuthSessionValidity") or 3) * 60


class User:
    """A user of a pool, as moto stores it (``username`` is the internal name)."""

    __slots__ = ("_user",)

    def __init__(self, user: Any) -> None:
        self._user = user

    @property
    def sub(self) -> str:
        return str(self._user.id)

    @property
    def groups(self) -> list[str]:
        return [group.group_name for group in self._user.groups]

    @property
    def status(self) -> str:
        """UserStatus as Cognito names it (CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD...)."""
        return str(getattr(self._user.status, "value", self._user.status))

    @property
    def username(self) -> str:
        return str(self._user.username)

    @property
    def password(self) -> str | None:
        """The current password: moto keeps it in clear, which is what lets the emulator check SRP."""
        return self._user.password  # type: ignore[no-any-return]

    @property
    def attributes(self) -> dict[str, str]:
        return {a["Name"]: a["Value"] for a in self._user.attributes}

    def set_attribute(self, name: str, value: str) -> None:
        self._user.attributes = [a for a in self._user.attributes if a["Name"] != name] + [
            {"Name": name, "Value": value}
        ]

    @property
    def is_unconfirmed(self) -> bool:
        return self._user.status == UserStatus.UNCONFIRMED  # type: ignore[no-any-return]

    @property
    def is_reset_required(self) -> bool:
        return self._user.status == UserStatus.RESET_REQUIRED  # type: ignore[no-any-return]

    def mark_confirmed(self) -> None:
        self._user.status = UserStatus.CONFIRMED

    def prefer_sms_mfa(self) -> None:
        self._user.sms_mfa_enabled = True
        self._user.preferred_mfa_setting = "SMS_MFA"

    @property
    def enabled(self) -> bool:
        return bool(self._user.enabled)

    # MFA as Cognito names the factors (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP). moto has no
    # email MFA: the emulator keeps that flag on moto's user object, next to moto's own.
    def mfa_settings(self) -> tuple[list[str], str | None]:
        """(the MFA factors enabled, the preferred one or None)."""
        enabled = [
            name
            for name, on in (
                ("SMS_MFA", self._user.sms_mfa_enabled),
                ("SOFTWARE_TOKEN_MFA", self._user.software_token_mfa_enabled),
                ("EMAIL_OTP", getattr(self._user, "email_mfa_enabled", False)),
            )
            if on
        ]
        preferred = self._user.preferred_mfa_setting or None
        return enabled, preferred if preferred in enabled else None

    def set_mfa(self, factor: str, enabled: bool, preferred: bool) -> None:
        """Turns one MFA factor on or off (and makes it the preferred one, or stops it being so)."""
        attribute = {
            "SMS_MFA": "sms_mfa_enabled",
            "SOFTWARE_TOKEN_MFA": "software_token_mfa_enabled",
            "EMAIL_OTP": "email_mfa_enabled",
        }[factor]
        setattr(self._user, attribute, enabled)
        if preferred and enabled:
            self._user.preferred_mfa_setting = factor
        elif self._user.preferred_mfa_setting == factor:
            self._user.preferred_mfa_setting = None


class Pool:
    """A user pool, with the region backend that holds it."""

    __slots__ = ("_backend", "_pool")

    def __init__(self, backend: Any, pool: Any) -> None:
        self._backend, self._pool = backend, pool

    @property
    def id(self) -> str:
        return str(self._pool.id)

    @property
    def region(self) -> str:
        return str(self._pool.region)

    @property
    def username_is_email(self) -> bool:
        """Whether users sign in with their email as username (their internal name is then the sub)."""
        return "email" in (self._pool.extended_config.get("UsernameAttributes") or [])

    def client(self, client_id: str) -> AppClient | None:
        found = self._pool.clients.get(client_id)
        return AppClient(found) if found is not None else None

    def user(self, name: str) -> User | None:
        """The user called ``name``, or with ``name`` as an alias (email, phone number)."""
        found = self._pool._get_user(name)
        return User(found) if found is not None else None

    # Refresh tokens: moto maps each to (client id, name typed at login, ...), None once revoked.
    def refresh_token(self, token: str) -> tuple[str, str] | None:
        """(client id, name typed at login) of a current refresh token."""
        entry = self._pool.refresh_tokens.get(token)
        return (entry[0], entry[1]) if entry else None

    def revoke_refresh_token(self, token: str) -> None:
        self._pool.refresh_tokens[token] = None

    # Access tokens: moto maps each current one to (client id, internal username).
    def access_token_owner(self, token: str) -> str | None:
        """The internal username of a current access token."""
        entry = self._pool.access_tokens.get(token) if token else None
        return str(entry[1]) if entry else None

    def access_token_client(self, token: str) -> str | None:
        """The app client a current access token was issued to."""
        entry = self._pool.access_tokens.get(token) if token else None
        return str(entry[0]) if entry else None

    def drop_access_token(self, token: str) -> None:
        self._pool.access_tokens.pop(token, None)

    # Settings moto keeps as CreateUserPool/UpdateUserPool sent them (and DescribeUserPool shows).
    @property
    def device_configuration(self) -> dict[str, Any] | None:
        """The pool's DeviceConfiguration, or None when it does not remember devices."""
        found = self._pool.extended_config.get("DeviceConfiguration")
        return dict(found) if isinstance(found, dict) else None

    @property
    def advanced_security_mode(self) -> str:
        """UserPoolAddOns.AdvancedSecurityMode: OFF (Cognito's default), AUDIT or ENFORCED."""
        add_ons = self._pool.extended_config.get("UserPoolAddOns")
        mode = add_ons.get("AdvancedSecurityMode") if isinstance(add_ons, dict) else None
        return str(mode or "OFF")

    def drop_access_tokens(self, username: str) -> None:
        for token, (_client, owner) in list(self._pool.access_tokens.items()):
            if owner == username:
                del self._pool.access_tokens[token]

    def sign_out(self, username: str) -> None:
        self._pool.sign_out(username)

    def delete_user(self, username: str) -> None:
        self._backend.admin_delete_user(self.id, username)

    def create_confirmed_user(self, username: str, password: str, attributes: list[dict[str, str]]) -> User:
        """A user with a permanent password; moto's refusal (an existing name, a weak password)
        raises moto's exception, and leaves no user behind."""
        self._backend.admin_create_user(self.id, username, "SUPPRESS", None, attributes)
        try:
            self._backend.admin_set_user_password(self.id, username, password, True)
        except Exception:
            self._backend.admin_delete_user(self.id, username)
            raise
        user = self.user(username)
        assert user is not None
        return user

    def issue_tokens(self, client_id: str, username: str) -> dict[str, Any]:
        """A finished sign-in of ``username`` through ``client_id``: ``{"AuthenticationResult": ...}``,
        tokens moto issues and knows (refresh, GetUser, sign-out all work with them)."""
        client = self._pool.clients[client_id]
        result = self._backend._log_user_in(self._pool, client, username)
        return {"ChallengeParameters": {}, "AuthenticationResult": result["AuthenticationResult"]}

    def create_client(
        self, name: str, generate_secret: bool, flows: list[str], extra: dict[str, Any] | None = None
    ) -> AppClient:
        config: dict[str, Any] = {"ClientName": name, "ExplicitAuthFlows": flows, **(extra or {})}
        return AppClient(self._backend.create_user_pool_client(self.id, generate_secret, config))


def _backends() -> Iterator[Any]:
    for per_account in cognitoidp_backends.values():
        for region, backend in per_account.items():
            if region != "global":
                yield backend


def pools() -> Iterator[Pool]:
    """Every pool, in every account and region."""
    for backend in _backends():
        for pool in list(backend.user_pools.values()):
            yield Pool(backend, pool)


def find_pool(pool_id: str) -> Pool | None:
    for backend in _backends():
        if pool_id in backend.user_pools:
            return Pool(backend, backend.user_pools[pool_id])
    return None


def find_client(client_id: str) -> tuple[Pool, AppClient] | None:
    """(pool, client) for an app client id."""
    for pool in pools():
        client = pool.client(client_id)
        if client is not None:
            return pool, client
    return None


def create_pool(region: str, name: str, config: dict[str, Any]) -> Pool:
    """A pool in moto's default account (the one its server answers for)."""
    backend = cognitoidp_backends[DEFAULT_ACCOUNT_ID][region]
    return Pool(backend, backend.create_user_pool(name, config))


def reset() -> None:
    """Forgets every pool, user and token."""
    for per_account in cognitoidp_backends.values():
        for backend in list(per_account.values()):
            backend.reset()


# ---- for tests and the benchmark: what moto signs and checks with --------------------------
def signing_key() -> dict[str, Any]:
    """The private RSA key (a JWK, ``kid`` "dummy") moto signs every token with, for every pool:
    a token signed with it is a real token as far as any verifier of an emulator pool can tell."""
    from moto.utilities.utils import load_resource

    return load_resource("cognitoidp/resources/jwks-private.json")  # type: ignore[no-any-return]


def public_keys() -> dict[str, Any]:
    """The JWKS moto publishes for every pool (the public half of :func:`signing_key`)."""
    from moto.utilities.utils import load_resource

    return load_resource("cognitoidp/resources/jwks-public.json")  # type: ignore[no-any-return]


def totp_code(secret: str, at: float | None = None) -> str:
    """The software-token (TOTP) code moto expects now (or at ``at``) for ``secret``, the
    ``SecretCode`` of AssociateSoftwareToken."""
    import time

    from moto.cognitoidp.utils import cognito_totp

    return cognito_totp(secret).generate(time.time() if at is None else at).decode()


def totp_matches(code: str) -> bool:
    """Whether ``code`` is the TOTP code moto expects now from a user with a software token
    (moto gives every user the same secret and checks only the current time step)."""
    from moto.cognitoidp.models import COGNITO_TOTP_MFA_SECRET
    from moto.cognitoidp.utils import cognito_totp, verify_totp

    try:
        verify_totp(cognito_totp(COGNITO_TOTP_MFA_SECRET), code.encode())
    except Exception:
        return False
    return True


# ---- tokens and MFA settings for the emulator's rotation.py and mfa.py ----------------------
def issue_tokens(pool: Pool, client_id: str, username: str, refresh_token: str | None) -> dict[str, Any]:
    """An AuthenticationResult for a refresh: from ``refresh_token`` as moto would, or (None)
    with a new refresh token (rotation), signed like every token moto issues."""
    store = pool._pool
    if refresh_token is not None:
        access, id_token, expires_in = store.create_tokens_from_refresh_token(refresh_token)
        return {"AccessToken": access, "IdToken": id_token, "ExpiresIn": expires_in, "TokenType": "Bearer"}
    new_refresh, origin_jti = store.create_refresh_token(client_id, username)
    access, expires_in = store.create_access_token(client_id, username, origin_jti)
    id_token, _ = store.create_id_token(client_id, username, origin_jti)
    return {
        "AccessToken": access,
        "IdToken": id_token,
        "RefreshToken": new_refresh,
        "ExpiresIn": expires_in,
        "TokenType": "Bearer",
    }


def mfa_state(user: User) -> dict[str, Any]:
    """A user's MFA settings: ``sms``, ``software_token``, ``email`` (enabled), ``totp_verified``
    and ``preferred`` (Cognito's name: SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, or "")."""
    u = user._user
    return {
        "sms": bool(u.sms_mfa_enabled),
        "software_token": bool(u.software_token_mfa_enabled),
        "email": bool(getattr(u, "email_mfa_enabled", False)),  # moto has no email MFA
        "totp_verified": bool(u.token_verified),
        "preferred": u.preferred_mfa_setting or "",
    }


def set_mfa_state(user: User, sms: bool, software_token: bool, email: bool, preferred: str) -> None:
    u = user._user
    u.sms_mfa_enabled = sms
    u.software_token_mfa_enabled = software_token
    u.email_mfa_enabled = email
    u.preferred_mfa_setting = preferred


def set_pool_mfa(pool: Pool, configuration: str) -> None:
    """The pool's MfaConfiguration (OFF, ON or OPTIONAL), with SMS and TOTP allowed."""
    pool._pool.mfa_config = configuration
    pool._pool.token_mfa_config = {"Enabled": True}


def add_access_claims(pool: Pool, access_token: str, claims: dict[str, Any]) -> str:
    """``access_token`` signed again with ``claims`` added (e.g. ``device_key``), replacing it in
    moto's store: the same owner, client, times and ``jti``, so everything moto checks still
    holds."""
    import base64
    import json

    store = pool._pool
    client_id, username = store.access_tokens.pop(access_token)
    body = access_token.split(".")[1]
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    token, _ = store.create_jwt(client_id, username, "access", extra_data={**payload, **claims})
    store.access_tokens[token] = (client_id, username)
    return str(token)


# ---- the pool's issuer format (IssuerConfiguration) for the emulator's issuer.py ------------
# moto keeps IssuerConfiguration with the rest of the pool's settings (CreateUserPool,
# UpdateUserPool, DescribeUserPool) but always signs `iss` in the original format.
def issuer_type(pool: Pool) -> str:
    """The pool's IssuerConfiguration Type: ``ORIGINAL`` (also when never set) or ``UPDATED``."""
    configuration = pool._pool.extended_config.get("IssuerConfiguration") or {}
    return str(configuration.get("Type") or "ORIGINAL")


def set_issuer_type(pool: Pool, issuer_type: str) -> None:
    pool._pool.extended_config["IssuerConfiguration"] = {"Type": issuer_type}


def set_token_issuer(rule: Callable[[Pool, str], str | None]) -> None:
    """From now on every token moto issues (sign-in, refresh, the emulator's own flows) carries
    ``rule(pool, region)`` as its ``iss``, or moto's own when the rule answers None. The tokens
    stay the ones moto knows (GetUser, sign-out and revocation work with them)."""
    from moto.cognitoidp.models import CognitoIdpUserPool

    original = getattr(CognitoIdpUserPool.create_jwt, "__wrapped__", CognitoIdpUserPool.create_jwt)

    def create_jwt(
        self: Any,
        client_id: str,
        username: str,
        token_use: str,
        expires_in: int = 60 * 60,
        extra_data: dict[str, Any] | None = None,
    ) -> tuple[str, int]:
        issuer = rule(Pool(None, self), str(self.region))
        if issuer is not None:  # moto applies extra_data over its own claims
            extra_data = {**(extra_data or {}), "iss": issuer}
        return original(self, client_id, username, token_use, expires_in, extra_data)

    create_jwt.__wrapped__ = original  # type: ignore[attr-defined]
    CognitoIdpUserPool.create_jwt = create_jwt  # type: ignore[method-assign]


# ---- the managed login's tokens (oauth_tokens.py) ------------------------------------------
def sign_jwt(pool: Pool, claims: dict[str, Any]) -> str:
    """``claims`` signed as moto signs the pool's tokens (its key, ``kid`` "dummy", RS256)."""
    from joserfc import jwt

    return str(jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, pool._pool.json_web_key))


def add_refresh_token(pool: Pool, client_id: str, username: str) -> tuple[str, str]:
    """A new refresh token moto knows (REFRESH_TOKEN_AUTH, sign-out and revocation work with
    it): (token, its origin_jti)."""
    token, origin_jti = pool._pool.create_refresh_token(client_id, username)
    return str(token), str(origin_jti)


def add_access_token(pool: Pool, token: str, client_id: str, username: str) -> None:
    """Makes moto know an access token signed elsewhere (GetUser, sign-out drop it)."""
    pool._pool.access_tokens[token] = (client_id, username)


def refresh_origin(pool: Pool, token: str) -> str | None:
    """The origin_jti of a current refresh token (its access and ID tokens carry it)."""
    entry = pool._pool.refresh_tokens.get(token)
    return str(entry[2]) if entry else None


def _payload(token: str) -> dict[str, Any]:
    import base64
    import json

    try:
        body = token.split(".")[1]
        found = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (IndexError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def revoke_origin(pool: Pool, origin_jti: str) -> None:
    """Forgets every access and ID token issued from the refresh token of ``origin_jti``."""
    store = pool._pool
    for tokens in (store.access_tokens, store.id_tokens):
        for token in list(tokens):
            if _payload(token).get("origin_jti") == origin_jti:
                del tokens[token]


def resource_scopes(pool: Pool) -> set[str]:
    """Every ``identifier/scope`` of the pool's resource servers (CreateResourceServer)."""
    return {
        f"{server.identifier}/{scope['ScopeName']}"
        for server in pool._pool.resource_servers.values()
        for scope in server.scopes or []
    }


def create_resource_server(pool: Pool, identifier: str, scopes: list[str]) -> None:
    scope_list = [{"ScopeName": s, "ScopeDescription": s} for s in scopes]
    pool._backend.create_resource_server(pool.id, identifier, identifier, scope_list)
