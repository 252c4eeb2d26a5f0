"""A Django REST framework authentication class that verifies Cognito bearer tokens.

Settings (``settings.FASTCOGNITO``, a dict)::

    FASTCOGNITO = {
        "USER_POOL_ID": "eu-west-1_AbCdEf123",
        "CLIENT_ID": "1example23456789",        # or a list of app client ids
        "TOKEN_USE": "access",                  # or "id"
        "GROUPS": ["admins"],                   # optional: 403 unless in one of them
        # optional, passed to TokenVerifier as the lower-case keyword of the same name:
        # "ISSUER", "SCOPES", "GRACE_SECONDS", "JWKS", "CUSTOM_CHECK" (a callable or a dotted
        # path to one), "REGION", "ENDPOINT_URL", "CONNECT_TIMEOUT", "READ_TIMEOUT", "CACHE_SIZE"
    }
    # or, for several pools or a verifier built elsewhere:
    FASTCOGNITO = {"VERIFIER": "myproject.auth.verifier", "GROUPS": [...]}

    REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": ["fastcognito.integrations.django.CognitoAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    }

One verifier is built per process, on the first request (nothing at import), and rebuilt when a
test changes ``FASTCOGNITO`` with ``override_settings``. A view may require other groups with a
subclass: ``class AdminsOnly(CognitoAuthentication): groups = ["admins"]``.

Answers, as the Starlette and Flask glue:

- no ``Authorization`` header, or another scheme than Bearer: ``authenticate`` returns None, so
  the request is anonymous and a permission such as ``IsAuthenticated`` answers 401 with
  ``WWW-Authenticate: Bearer realm="cognito"`` (open views stay open);
- an invalid, expired or foreign token: 401, ``WWW-Authenticate: Bearer realm="cognito",
  error="invalid_token"``, and ``{"detail": <why>}`` (never the token);
- a valid token of a user in none of the required groups: 403;
- the pool's keys cannot be fetched: 503.

``request.user`` is then a :class:`CognitoUser` (its ``claims`` are the verified claims) and
``request.auth`` the token itself (to call Cognito for the user, e.g. ``get_user``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured  # type: ignore[import-untyped]
from django.core.signals import setting_changed  # type: ignore[import-untyped]
from django.utils.module_loading import import_string  # type: ignore[import-untyped]
from rest_framework import exceptions  # type: ignore[import-untyped]
from rest_framework.authentication import BaseAuthentication  # type: ignore[import-untyped]
from rest_framework.request import Request  # type: ignore[import-untyped]

from ..exceptions import CognitoError
from ..verifier import MultiPoolVerifier, TokenVerifier
from . import AuthFailure, authorize, bearer_token, failure_for, required_groups

__all__ = ["CognitoAuthentication", "CognitoUser", "KeysUnavailable", "get_verifier"]

SETTING = "FASTCOGNITO"
# settings key -> TokenVerifier keyword
_VERIFIER_KEYS = {
    "USER_POOL_ID": "user_pool_id",
    "CLIENT_ID": "client_id",
    "TOKEN_USE": "token_use",
    "ISSUER": "issuer",
    "SCOPES": "scopes",
    "GRACE_SECONDS": "grace_seconds",
    "JWKS": "jwks",
    "CUSTOM_CHECK": "custom_check",
    "REGION": "region",
    "ENDPOINT_URL": "endpoint_url",
    "CONNECT_TIMEOUT": "connect_timeout",
    "READ_TIMEOUT": "read_timeout",
    "CACHE_SIZE": "cache_size",
}
_GLUE_KEYS = {"GROUPS", "VERIFIER"}


class CognitoUser:
    """The user of a request with a verified token (``request.user``).

    ``username`` is the token's ``username`` (access token) or ``cognito:username`` (id token);
    a machine-to-machine token (client credentials) has neither, so it is its ``client_id``.
    ``pk`` is the ``sub``, so DRF's user throttles count per user. It is not a Django model:
    nothing is stored, and ``has_perm`` grants nothing.
    """

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    def __init__(self, claims: dict[str, Any]) -> None:
        self.claims = claims

    @property
    def username(self) -> str:
        name = self.claims.get("username") or self.claims.get("cognito:username") or self.claims.get("client_id")
        return str(name or self.sub)

    @property
    def sub(self) -> str:
        return str(self.claims.get("sub", ""))

    @property
    def pk(self) -> str:
        return self.sub

    id = pk

    @property
    def groups(self) -> tuple[str, ...]:
        """The user's groups (``cognito:groups``)."""
        return tuple(self.claims.get("cognito:groups") or ())

    @property
    def scopes(self) -> tuple[str, ...]:
        """The access token's scopes (``scope``, space-separated in the token)."""
        return tuple(str(self.claims.get("scope") or "").split())

    def get_username(self) -> str:
        return self.username

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False

    def has_perms(self, perms: Iterable[str], obj: object = None) -> bool:
        return False

    def has_module_perms(self, app_label: str) -> bool:
        return False

    def __str__(self) -> str:
        return self.username

    def __repr__(self) -> str:
        return f"CognitoUser(username={self.username!r}, sub={self.sub!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CognitoUser) and other.sub == self.sub and bool(self.sub)

    def __hash__(self) -> int:
        return hash(self.sub)


class KeysUnavailable(exceptions.APIException):  # type: ignore[misc]
    """503: the user pool's signing keys could not be fetched (the token was not judged)."""

    status_code = 503
    default_detail = "the user pool's signing keys could not be fetched"
    default_code = "temporarily_unavailable"


def _options() -> dict[str, Any]:
    # Imported here: the module's names stay plain objects (nothing reads settings on import).
    from django.conf import settings  # type: ignore[import-untyped]

    found = getattr(settings, SETTING, None)
    if not isinstance(found, Mapping):
        raise ImproperlyConfigured(f"settings.{SETTING} must be a dict (see fastcognito.integrations.django)")
    unknown = sorted(set(found) - set(_VERIFIER_KEYS) - _GLUE_KEYS)
    if unknown:
        raise ImproperlyConfigured(f"settings.{SETTING} has unknown keys: {', '.join(unknown)}")
    return dict(found)


def _loaded(value: Any, what: str) -> Any:
    if isinstance(value, str):
        try:
            return import_string(value)
        except ImportError as exc:
            raise ImproperlyConfigured(f"settings.{SETTING}[{what!r}]: {exc}") from exc
    return value


def _build(options: dict[str, Any]) -> TokenVerifier | MultiPoolVerifier:
    if "VERIFIER" in options:
        extra = sorted(set(options) & set(_VERIFIER_KEYS))
        if extra:
            raise ImproperlyConfigured(f"settings.{SETTING}: VERIFIER excludes {', '.join(extra)}")
        verifier = _loaded(options["VERIFIER"], "VERIFIER")
        if callable(verifier) and not isinstance(verifier, (TokenVerifier, MultiPoolVerifier)):
            verifier = verifier()
        if not isinstance(verifier, (TokenVerifier, MultiPoolVerifier)):
            raise ImproperlyConfigured(f"settings.{SETTING}['VERIFIER'] must be a TokenVerifier or MultiPoolVerifier")
        return verifier
    for key in ("USER_POOL_ID", "CLIENT_ID"):
        if not options.get(key):
            raise ImproperlyConfigured(f"settings.{SETTING}[{key!r}] is required")
    kwargs = {keyword: options[key] for key, keyword in _VERIFIER_KEYS.items() if key in options}
    if "custom_check" in kwargs:
        kwargs["custom_check"] = _loaded(kwargs["custom_check"], "CUSTOM_CHECK")
    try:
        return TokenVerifier(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"settings.{SETTING}: {exc}") from exc


_lock = threading.Lock()
_built: tuple[TokenVerifier | MultiPoolVerifier, tuple[str, ...]] | None = None


def get_verifier() -> TokenVerifier | MultiPoolVerifier:
    """The process's verifier, built from ``settings.FASTCOGNITO`` on first use (e.g. to call
    ``get_verifier().hydrate()`` at start-up)."""
    return _state()[0]


def _state() -> tuple[TokenVerifier | MultiPoolVerifier, tuple[str, ...]]:
    global _built
    built = _built
    if built is None:
        with _lock:
            if _built is None:
                options = _options()
                try:
                    groups = required_groups(options.get("GROUPS") or ())
                except TypeError as exc:
                    raise ImproperlyConfigured(f"settings.{SETTING}['GROUPS']: {exc}") from exc
                _built = (_build(options), groups)
            built = _built
    return built


def _forget(*, setting: str, **_: Any) -> None:
    global _built
    if setting == SETTING:
        with _lock:
            _built = None


setting_changed.connect(_forget)

# Set on the DRF request by `authenticate` for `authenticate_header` (DRF asks for the header
# separately, after the refusal).
_ERROR_ATTR = "_fastcognito_error"


class CognitoAuthentication(BaseAuthentication):  # type: ignore[misc]
    """DRF authentication by a Cognito token in ``Authorization: Bearer <token>``.

    ``groups``: the groups a subclass requires (at least one), instead of the ``GROUPS``
    setting; None (the default) uses the setting.
    """

    groups: Iterable[str] | None = None
    www_authenticate_realm = "cognito"

    def authenticate(self, request: Request) -> tuple[CognitoUser, str] | None:
        authorization = request.META.get("HTTP_AUTHORIZATION", "")
        if not isinstance(authorization, str) or authorization.partition(" ")[0].lower() != "bearer":
            return None  # anonymous: the permissions decide (another authenticator may apply)
        verifier, configured = _state()
        wanted = configured if self.groups is None else required_groups(self.groups)
        try:
            token = bearer_token(authorization)
            try:
                claims = verifier.verify(token)
            except CognitoError as exc:
                raise failure_for(exc) from None
            authorize(claims, wanted)
        except AuthFailure as failure:
            raise self._refusal(request, failure) from None
        return CognitoUser(claims), token

    def _refusal(self, request: Request, failure: AuthFailure) -> exceptions.APIException:
        if failure.status == 401:
            setattr(request, _ERROR_ATTR, failure.error)
            return exceptions.AuthenticationFailed(failure.description, code=failure.error)
        if failure.status == 403:
            return exceptions.PermissionDenied(failure.description, code=failure.error)
        return KeysUnavailable()

    def authenticate_header(self, request: Request) -> str:
        error = getattr(request, _ERROR_ATTR, None)
        if error is None or error == "invalid_request":
            return f'Bearer realm="{self.www_authenticate_realm}"'
        return f'Bearer realm="{self.www_authenticate_realm}", error="{error}"'
