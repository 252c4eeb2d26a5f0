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

    def allows(self, flow: str) -> bool:
        """Whether the client's ExplicitAuthFlows hold ``flow`` (e.g. ``ALLOW_CUSTOM_AUTH``)."""
        return flow in (self._client.extended_config.get("ExplicitAuthFlows") or [])

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


class Pool:
    """A user pool, with the region backend that holds it."""

    __slots__ = ("_backend", "_pool")

    def __init__(self, backend: Any, pool: Any) -> None:
        self._backend, self._pool = backend, pool

    @property
    def id(self) -> str:
        return str(self._pool.id)

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

    def create_client(self, name: str, generate_secret: bool, flows: list[str]) -> AppClient:
        config: dict[str, Any] = {"ClientName": name, "ExplicitAuthFlows": flows}
        return AppClient(self._backend.create_user_pool_client(self.id, generate_secret, config))

    def issue_tokens(self, client_id: str, username: str) -> dict[str, Any]:
        """Signs ``username`` in on the app client: moto's ``AuthenticationResult`` answer."""
        client = self._pool.clients[client_id]
        return self._backend._log_user_in(self._pool, client, username)  # type: ignore[no-any-return]


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
