"""A FastAPI dependency (and Starlette helper) that verifies Cognito bearer tokens.

>>> from fastapi import Depends, FastAPI
>>> from fastcognito.integrations.starlette import CognitoAuth
>>> from fastcognito.verifier import TokenVerifier
>>> auth = CognitoAuth(TokenVerifier(POOL_ID, CLIENT_ID))
>>> admins = CognitoAuth(auth.verifier, groups=["admins"])
>>> app = FastAPI()
>>> @app.get("/me")
... async def me(claims: dict = Depends(auth)) -> dict:
...     return {"username": claims["username"]}

In plain Starlette, ``claims = await auth(request)`` inside an endpoint. A refusal raises
``starlette.exceptions.HTTPException`` (401, 403 or 503, see :mod:`fastcognito.integrations`),
which both frameworks turn into a response. The claims are also left on
``request.state.cognito_claims``.

``auth.context(request)`` (or :func:`user_context`) is the request as a
:class:`fastcognito.UserContext`, for threat protection: the client's address (behind the
``trusted_proxies`` given, from X-Forwarded-For), the Host, the path and the headers (without
Authorization and Cookie).

:class:`OAuthLogin` signs users in with the managed login (the authorization-code flow with
PKCE, through :class:`fastcognito.OAuthClient` or ``AsyncOAuthClient``)::

    login = OAuthLogin(oauth_client, scopes=["openid", "email"], secret_key=KEY, after_login=signed_in)
    app.add_api_route("/login", login.login)          # 302 to Cognito's sign-in page
    app.add_api_route("/callback", login.callback)    # Cognito sends the browser back here

The state and the PKCE verifier wait in a short-lived cookie (HMAC-SHA256 signed with
``secret_key``, HttpOnly, SameSite=Lax). The callback refuses with 400 a browser without that
cookie, a state that does not match it, an error from Cognito, or a spent/expired code; then it
calls ``after_login(request, tokens)`` for the response (e.g. set your session, redirect) and
drops the cookie from it.
"""

# No `from __future__ import annotations` here: FastAPI must see the real `Request` class in
# `__call__`'s signature (older releases cannot resolve a string annotation on an instance).
import inspect
import secrets
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .._context import UserContext, client_ip, forwardable_headers, trusted_networks
from ..exceptions import CognitoError
from ..verifier import MultiPoolVerifier, TokenVerifier
from . import AuthFailure, authorize, bearer_token, failure_for, required_groups
from ._login import (
    DEFAULT_MAX_AGE,
    LoginClient,
    authorization_request,
    check_login_args,
    checked_callback,
    exchange_failure,
    login_scopes,
    seal,
    secret_bytes,
    tokens_of,
    unseal,
)

__all__ = ["CognitoAuth", "user_context", "OAuthLogin", "LoginClient"]


def _context(request: Request, networks: tuple[Any, ...]) -> UserContext:
    peer = request.client.host if request.client is not None else None
    address = client_ip(peer, request.headers.getlist("x-forwarded-for"), networks)
    if address is None:
        raise ValueError("the request's client address is unknown: no context can be built for it")
    headers = forwardable_headers(request.headers.items())
    host = request.headers.get("host") or None
    return UserContext(address, headers, server_name=host, server_path=request.url.path or None)


def user_context(request: Request, *, trusted_proxies: Iterable[str] = ()) -> UserContext:
    """The request as a :class:`fastcognito.UserContext`. X-Forwarded-For counts only when the
    connection comes from one of ``trusted_proxies`` (addresses or networks such as
    ``"10.0.0.0/8"``): the client is then its right-most address that is not trusted."""
    return _context(request, trusted_networks(trusted_proxies))


class CognitoAuth:
    """Verifies the request's bearer token (awaiting the key download without blocking the loop)."""

    def __init__(
        self,
        verifier: TokenVerifier | MultiPoolVerifier,
        *,
        groups: Iterable[str] = (),
        trusted_proxies: Iterable[str] = (),
    ) -> None:
        if not isinstance(verifier, (TokenVerifier, MultiPoolVerifier)):
            raise TypeError("verifier must be a fastcognito.TokenVerifier or MultiPoolVerifier")
        self.verifier = verifier
        self.groups = required_groups(groups)
        self._networks = trusted_networks(trusted_proxies)

    def __repr__(self) -> str:
        return f"CognitoAuth({self.verifier!r}, groups={list(self.groups)!r})"

    async def __call__(self, request: Request) -> dict[str, Any]:
        try:
            token = bearer_token(request.headers.get("authorization"))
            try:
                claims = await self.verifier.verify_async(token)
            except CognitoError as exc:
                raise failure_for(exc) from None
            authorize(claims, self.groups)
        except AuthFailure as failure:
            raise HTTPException(failure.status, failure.description, headers=failure.headers or None) from None
        request.state.cognito_claims = claims
        return claims

    def context(self, request: Request) -> UserContext:
        """The request as a :class:`fastcognito.UserContext` (see :func:`user_context`), with
        this object's ``trusted_proxies``."""
        return _context(request, self._networks)


AfterLogin = Callable[[Request, dict[str, Any]], "Response | Awaitable[Response]"]


async def _call(method: Callable[..., Any], *args: Any, blocks: bool, **kwargs: Any) -> Any:
    """A method of OAuthClient or of AsyncOAuthClient; a blocking one that does I/O runs in a
    thread, off the event loop."""
    if blocks and not inspect.iscoroutinefunction(method):
        found = await run_in_threadpool(method, *args, **kwargs)
    else:
        found = method(*args, **kwargs)
    return await found if inspect.isawaitable(found) else found


class OAuthLogin:
    """The login redirect and the callback of the managed login, for Starlette and FastAPI.

    - ``client``: a :class:`fastcognito.OAuthClient` or ``AsyncOAuthClient`` with the app's
      ``redirect_uri`` (the callback's URL, registered on the app client);
    - ``scopes``: asked for at every login, e.g. ``["openid", "email"]``;
    - ``secret_key``: signs the login-state cookie (16+ characters, kept secret);
    - ``after_login(request, tokens)``: the callback's response (may be async), given the
      tokens (``access_token``, ``id_token``, ``refresh_token``, ``expires_in``...);
    - ``cookie_name``, ``max_age`` (seconds a login may take), ``secure`` (None: when the
      request came over https), ``cookie_path``.
    """

    def __init__(
        self,
        client: LoginClient,
        *,
        scopes: Iterable[str],
        secret_key: str | bytes,
        after_login: AfterLogin | None = None,
        cookie_name: str = "fastcognito_login",
        max_age: int = DEFAULT_MAX_AGE,
        secure: bool | None = None,
        cookie_path: str = "/",
    ) -> None:
        check_login_args(
            client,
            after_login,
            max_age,
            clients="fastcognito.OAuthClient or AsyncOAuthClient",
            after_login_shape="(request, tokens)",
        )
        self.client = client
        self.scopes = login_scopes(scopes)
        self._key = secret_bytes(secret_key)
        self.after_login = after_login
        self.cookie_name = cookie_name
        self.max_age = max_age
        self.secure = secure
        self.cookie_path = cookie_path

    def __repr__(self) -> str:
        return f"OAuthLogin(scopes={list(self.scopes)!r}, cookie_name={self.cookie_name!r})"

    async def login(self, request: Request) -> Response:
        """An endpoint: redirects the browser to the sign-in page (see :meth:`redirect`)."""
        return await self.redirect(request)

    async def redirect(
        self,
        request: Request,
        *,
        identity_provider: str | None = None,
        login_hint: str | None = None,
        prompt: str | None = None,
    ) -> RedirectResponse:
        """A 302 to the managed login (or straight to ``identity_provider``, e.g. ``"Google"``),
        with a fresh state and PKCE verifier left in the login-state cookie."""
        found = await _call(
            self.client.authorization_url,
            blocks=False,
            scopes=self.scopes,
            state=secrets.token_urlsafe(24),
            identity_provider=identity_provider,
            login_hint=login_hint,
            prompt=prompt,
        )
        url, state, verifier = authorization_request(found)
        response = RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-store"})
        response.set_cookie(
            self.cookie_name,
            seal(self._key, self.cookie_name, state, verifier),
            max_age=self.max_age,
            path=self.cookie_path,
            secure=request.url.scheme == "https" if self.secure is None else self.secure,
            httponly=True,
            samesite="lax",
        )
        return response

    async def exchange(self, request: Request) -> dict[str, Any]:
        """The tokens of a callback request: checks its state against the cookie's and
        exchanges the code; ``HTTPException`` 400 (or 502 when Cognito refuses the app)."""
        try:
            saved = unseal(self._key, self.cookie_name, request.cookies.get(self.cookie_name), self.max_age)
            code, verifier = checked_callback(request.query_params, saved)
            try:
                return tokens_of(await _call(self.client.exchange_code, code, verifier, blocks=True))
            except CognitoError as exc:
                raise exchange_failure(exc) from None
        except AuthFailure as failure:
            raise HTTPException(failure.status, failure.description) from None

    async def callback(self, request: Request) -> Response:
        """An endpoint: :meth:`exchange`, then ``after_login(request, tokens)``'s response,
        without the login-state cookie (one login, one use)."""
        if self.after_login is None:
            raise RuntimeError("OAuthLogin.callback needs after_login=; or call exchange() in your own endpoint")
        tokens = await self.exchange(request)
        response = self.after_login(request, tokens)
        if inspect.isawaitable(response):
            response = await response
        self.forget(response)
        return response

    def forget(self, response: Response) -> None:
        """Drops the login-state cookie (with the response)."""
        response.delete_cookie(self.cookie_name, path=self.cookie_path, httponly=True, samesite="lax")
