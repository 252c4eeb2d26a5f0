"""Managed login: the OAuth2 endpoints of a user pool's domain, for browsers (authorization
code with PKCE) and machines (client credentials). See the guide ``docs/managed-login.md``.

>>> client = OAuthClient("myapp", "my-app-client-id", redirect_uri="https://app.example.com/cb",
...                      region="eu-west-1")
>>> request = client.authorization_url(scopes=["openid", "email"])
>>> # send the browser to request.url; keep request.state and request.code_verifier
>>> tokens = client.exchange_code(code_from_callback, request.code_verifier)

:class:`AsyncOAuthClient` has the same methods, the calls awaitable. Errors from the endpoints
raise :class:`~fastcognito.exceptions.OAuthError` subclasses (``InvalidGrantError``...)
carrying ``.error`` and ``.error_description``.
"""

from __future__ import annotations

from . import _core
from ._calls import Twinned, plan
from ._hints import hinted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import TracebackType
    from typing import Any

    from ._authorization import AuthorizationRequest
    from ._calls import Plan

__all__ = ["OAuthClient", "AsyncOAuthClient", "AuthorizationRequest"]


def __getattr__(name: str) -> object:
    # AuthorizationRequest (a NamedTuple, so ``typing``) loads on first use: see _authorization.
    if name == "AuthorizationRequest":
        from ._authorization import AuthorizationRequest

        globals()[name] = AuthorizationRequest
        return AuthorizationRequest
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "AuthorizationRequest"})


#: ``prompt`` values managed login knows (OpenID Connect's, lower case).
PROMPTS = frozenset({"none", "login", "consent", "select_account"})
# RFC 7636's code_verifier: 43 to 128 of these (checked without ``re``: not loaded at import).
_VERIFIER_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-"


def _is_verifier(text: str) -> bool:
    return 43 <= len(text) <= 128 and not text.strip(_VERIFIER_CHARS)


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str")
    if not value:
        raise ValueError(f"{name} must not be empty")
    return value


def _optional(value: Any, name: str) -> str | None:
    return None if value is None else _text(value, name)


def _scopes(scopes: Any) -> list[str]:
    """A str (space-separated) or an iterable of str as a list of scopes."""
    if scopes is None:
        return []
    if isinstance(scopes, str):
        return scopes.split()
    from _collections_abc import Iterable  # collections.abc's own, loaded at every startup

    if not isinstance(scopes, Iterable):
        raise TypeError("scopes must be a str or a list of str")
    items = list(scopes)
    for scope in items:
        if not isinstance(scope, str):
            raise TypeError("scopes must be a str or a list of str")
        if not scope or scope.split() != [scope]:
            raise ValueError(f"a scope must be non-empty, without spaces: {scope!r}")
    return items


class _OAuthPlans(Twinned):
    """Each endpoint call, written once as a plan (see ``_calls``)."""

    __slots__ = ("_core",)

    def __init__(
        self,
        domain: str,
        client_id: str,
        client_secret: str | None = None,
        *,
        redirect_uri: str | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
    ) -> None:
        if client_secret is not None and not isinstance(client_secret, str):
            raise TypeError("client_secret must be a str or None")
        self._core = _core.OAuthCore(
            _text(domain, "domain"),
            _text(client_id, "client_id"),
            client_secret or None,
            redirect_uri=_optional(redirect_uri, "redirect_uri"),
            region=_optional(region, "region"),
            endpoint_url=_optional(endpoint_url, "endpoint_url"),
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        )

    @property
    def client_id(self) -> str:
        """The app client id."""
        return self._core.client_id

    @property
    def redirect_uri(self) -> str | None:
        """The callback URL used when a call is not given one."""
        return self._core.redirect_uri

    @property
    def base_url(self) -> str:
        """Where the endpoints are: the domain's address, or the endpoint override."""
        return self._core.base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, client_id={self.client_id!r})"

    # -- URLs (no I/O: plain methods in both classes) --
    def authorization_url(
        self,
        *,
        scopes: str | Iterable[str],
        state: str | None = None,
        identity_provider: str | None = None,
        login_hint: str | None = None,
        prompt: str | None = None,
        nonce: str | None = None,
        redirect_uri: str | None = None,
    ) -> AuthorizationRequest:
        """The URL that starts a managed-login sign-in, with a fresh PKCE verifier (S256) and
        a fresh random ``state`` unless one is given. ``scopes``: a list, or a space-separated
        str (empty: every scope the app client allows). ``identity_provider`` skips the
        provider choice (``COGNITO``, ``Google``, an IdP name); ``prompt`` is one or more of
        ``none login consent select_account``; ``nonce`` is copied into the ID token;
        ``redirect_uri`` replaces the client's."""
        scope_list = _scopes(scopes)
        if prompt is not None:
            values = _text(prompt, "prompt").split()
            if not values or not set(values) <= PROMPTS:
                raise ValueError(f"prompt must be made of {', '.join(sorted(PROMPTS))}")
        redirect = _optional(redirect_uri, "redirect_uri")
        if redirect is None and self._core.redirect_uri is None:
            raise ValueError("a redirect_uri is needed: pass it here or when creating the client")
        url, chosen_state, verifier = self._core.authorization_url(
            scope_list,
            redirect_uri=redirect,
            state=_optional(state, "state"),
            identity_provider=_optional(identity_provider, "identity_provider"),
            login_hint=_optional(login_hint, "login_hint"),
            prompt=prompt,
            nonce=_optional(nonce, "nonce"),
        )
        from ._authorization import AuthorizationRequest

        return AuthorizationRequest(url, chosen_state, verifier)

    def logout_url(self, logout_uri: str) -> str:
        """The URL that signs the browser out of managed login, then sends it to
        ``logout_uri`` (one of the app client's sign-out URLs)."""
        return self._core.logout_url(_text(logout_uri, "logout_uri"))

    # -- the endpoints --
    @plan
    def exchange_code(self, code: str, code_verifier: str, *, redirect_uri: str | None = None) -> Plan[dict[str, Any]]:
        """The tokens for the ``code`` of a callback: ``access_token``, ``id_token``,
        ``refresh_token``, ``expires_in``, ``token_type`` (as ``login``'s result).
        ``code_verifier``: the :class:`AuthorizationRequest`'s; ``redirect_uri``: the one the
        authorization URL was made with, if not the client's. A used, expired or unknown code,
        or a wrong verifier, raises InvalidGrantError."""
        code = _text(code, "code")
        if not isinstance(code_verifier, str):
            raise TypeError("code_verifier must be a str")
        if not _is_verifier(code_verifier):
            raise ValueError("code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)")
        redirect = _optional(redirect_uri, "redirect_uri")
        if redirect is None and self._core.redirect_uri is None:
            raise ValueError("a redirect_uri is needed: pass it here or when creating the client")
        return (yield from self._core.exchange_code(code, code_verifier, redirect))

    @plan
    def refresh(self, refresh_token: str) -> Plan[dict[str, Any]]:
        """New access and ID tokens; ``refresh_token`` in the result is the one given unless
        the pool rotated it. A revoked or expired refresh token raises InvalidGrantError."""
        return (yield from self._core.refresh(_text(refresh_token, "refresh_token")))

    @plan
    def revoke(self, refresh_token: str) -> Plan[None]:
        """Revokes a refresh token and the access and ID tokens issued from it."""
        yield from self._core.revoke(_text(refresh_token, "refresh_token"))

    @plan
    def userinfo(self, access_token: str) -> Plan[dict[str, Any]]:
        """The signed-in user's claims (``sub``, ``username``, ``email``...), for an access
        token with the ``openid`` scope; InvalidTokenError otherwise, or once revoked."""
        return (yield from self._core.userinfo(_text(access_token, "access_token")))

    @plan
    def client_credentials(self, scopes: str | Iterable[str] | None = None) -> Plan[dict[str, Any]]:
        """A machine-to-machine access token (``access_token``, ``expires_in``: what is left
        of its life, ``token_type``) for custom ``scopes`` (``"api/read"``; none: all the app
        client's). Needs a client secret. Kept until shortly before it expires (60 s, or a
        tenth of its life if shorter), per scope set; concurrent callers, threads or tasks,
        share one request."""
        scope_list = _scopes(scopes)
        if not self._core.has_secret:
            raise ValueError("client credentials need an app client with a secret (client_secret=)")
        return (yield from self._core.client_credentials(scope_list))

    def clear_cache(self) -> None:
        """Forgets the cached client-credentials tokens: the next call fetches new ones."""
        self._core.clear_cache()

    def close(self) -> None:
        """Closes the connection pool. The client stays usable: the next call opens a new one."""
        self._core.close()


class OAuthClient(_OAuthPlans, twin="blocking"):
    """A user pool domain's OAuth2 endpoints for one app client; every call blocks (with the
    GIL released while it waits). Constructing it does no I/O; safe to share across threads.

    ``domain``: the pool's domain prefix (``myapp``, with ``region=`` or ``AWS_REGION``), its
    custom domain (``auth.example.com``) or an ``https://`` URL. ``client_secret`` for a
    confidential app client (sent with HTTP Basic). ``redirect_uri``: the callback used by
    default. ``endpoint_url`` (or ``AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`` /
    ``AWS_ENDPOINT_URL``) sends everything to another server (an emulator);
    ``connect_timeout`` / ``read_timeout`` bound each call (default: 3 s to connect, 30 s in
    all).
    """

    __slots__ = ()

    def __enter__(self) -> OAuthClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncOAuthClient(_OAuthPlans, twin="awaitable"):
    """:class:`OAuthClient` with the endpoint calls awaitable (the URL builders stay plain
    methods: they do no I/O); ``async with`` closes the connections."""

    __slots__ = ()

    async def __aenter__(self) -> AsyncOAuthClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
