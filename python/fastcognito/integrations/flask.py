"""A Flask view decorator that verifies Cognito bearer tokens.

>>> from flask import Flask
>>> from fastcognito.integrations.flask import claims, require_token
>>> from fastcognito.verifier import TokenVerifier
>>> verifier = TokenVerifier(POOL_ID, CLIENT_ID)
>>> app = Flask(__name__)
>>> @app.get("/me")
... @require_token(verifier)
... def me():
...     return {"username": claims()["username"]}

A refusal is answered with a JSON body ``{"error", "error_description"}`` and status 401,
403 or 503 (see :mod:`fastcognito.integrations`). Verification blocks only while the pool's
keys are fetched (once), with the GIL released.

:func:`user_context` is the current request as a :class:`fastcognito.UserContext`, for threat
protection (``client.login(..., context=user_context(trusted_proxies=[...]))``).

:class:`OAuthLogin` signs users in with the managed login (the authorization-code flow with
PKCE, through :class:`fastcognito.OAuthClient`)::

    app.secret_key = KEY                                 # Flask's session carries the login state
    login = OAuthLogin(oauth_client, scopes=["openid", "email"], after_login=signed_in)
    app.register_blueprint(login.blueprint())            # GET /login and GET /callback

The state and the PKCE verifier wait in Flask's session (a cookie signed with the app's
``secret_key``). The callback refuses with 400 a browser without them, a state that does not
match, an error from Cognito, or a spent/expired code; then ``after_login(tokens)`` makes the
response (e.g. store what you need in the session, redirect).
"""

from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from flask import Blueprint, abort, current_app, g, jsonify, make_response, redirect, request, session
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from .._context import UserContext, client_ip, forwardable_headers, trusted_networks
from ..exceptions import CognitoError
from ..verifier import MultiPoolVerifier, TokenVerifier
from . import AuthFailure, authorize, bearer_token, failure_for, required_groups
from ._login import (
    DEFAULT_MAX_AGE,
    LoginClient,
    LoginState,
    authorization_request,
    check_login_args,
    checked_callback,
    exchange_failure,
    login_scopes,
    tokens_of,
)

__all__ = ["require_token", "claims", "user_context", "OAuthLogin", "LoginClient"]

F = TypeVar("F", bound=Callable[..., Any])


def require_token(verifier: TokenVerifier | MultiPoolVerifier, *, groups: Iterable[str] = ()) -> Callable[[F], F]:
    """Decorates a view so that it runs only for a request with a valid token (and, if
    ``groups`` are given, a user in one of them); the claims are then :func:`claims`."""
    if not isinstance(verifier, (TokenVerifier, MultiPoolVerifier)):
        raise TypeError("verifier must be a fastcognito.TokenVerifier or MultiPoolVerifier")
    required = required_groups(groups)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                token = bearer_token(request.headers.get("Authorization"))
                try:
                    verified = verifier.verify(token)
                except CognitoError as exc:
                    raise failure_for(exc) from None
                g.cognito_claims = authorize(verified, required)
            except AuthFailure as failure:
                return jsonify(failure.body()), failure.status, failure.headers
            return view(*args, **kwargs)

        return cast(F, guarded)

    return decorate


def claims() -> dict[str, Any]:
    """The verified claims of the current request (inside a :func:`require_token` view)."""
    found = g.get("cognito_claims")
    if found is None:
        raise RuntimeError("claims() is only available inside a view decorated with require_token")
    return cast(dict[str, Any], found)


def user_context(*, trusted_proxies: Iterable[str] = ()) -> UserContext:
    """The current request as a :class:`fastcognito.UserContext`: the client's address, the
    Host, the path and the headers (without Authorization and Cookie). X-Forwarded-For counts
    only when the connection comes from one of ``trusted_proxies`` (addresses or networks such
    as ``"10.0.0.0/8"``): the client is then its right-most address that is not trusted."""
    networks = trusted_networks(trusted_proxies)
    address = client_ip(request.remote_addr, request.headers.getlist("X-Forwarded-For"), networks)
    if address is None:
        raise ValueError("the request's client address is unknown: no context can be built for it")
    headers = forwardable_headers(request.headers.items())
    host = request.headers.get("Host") or None
    return UserContext(address, headers, server_name=host, server_path=request.path or None)


class OAuthLogin:
    """The login redirect and the callback of the managed login, for Flask.

    - ``client``: a :class:`fastcognito.OAuthClient` with the app's ``redirect_uri`` (the
      callback's URL, registered on the app client);
    - ``scopes``: asked for at every login, e.g. ``["openid", "email"]``;
    - ``after_login(tokens)``: the callback's response, given the tokens (``access_token``,
      ``id_token``, ``refresh_token``, ``expires_in``...);
    - ``session_key``: where the login state waits in ``flask.session``; ``max_age``: the
      seconds a login may take.
    """

    def __init__(
        self,
        client: LoginClient,
        *,
        scopes: Iterable[str],
        after_login: Callable[[dict[str, Any]], ResponseReturnValue] | None = None,
        session_key: str = "fastcognito_login",
        max_age: int = DEFAULT_MAX_AGE,
    ) -> None:
        check_login_args(client, after_login, max_age, clients="fastcognito.OAuthClient", after_login_shape="(tokens)")
        self.client = client
        self.scopes = login_scopes(scopes)
        self.after_login = after_login
        self.session_key = session_key
        self.max_age = max_age

    def __repr__(self) -> str:
        return f"OAuthLogin(scopes={list(self.scopes)!r}, session_key={self.session_key!r})"

    def login(self) -> Response:
        """A view: redirects the browser to the sign-in page (see :meth:`redirect`)."""
        return self.redirect()

    def redirect(
        self, *, identity_provider: str | None = None, login_hint: str | None = None, prompt: str | None = None
    ) -> Response:
        """A 302 to the managed login (or straight to ``identity_provider``), with a fresh
        state and PKCE verifier left in the session."""
        if not current_app.secret_key:
            raise RuntimeError("OAuthLogin keeps the login state in flask.session: set app.secret_key")
        found = self.client.authorization_url(
            scopes=self.scopes,
            state=secrets.token_urlsafe(24),
            identity_provider=identity_provider,
            login_hint=login_hint,
            prompt=prompt,
        )
        url, state, verifier = authorization_request(found)
        session[self.session_key] = {"state": state, "code_verifier": verifier, "t": int(time.time())}
        response = redirect(url, code=302)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _saved(self) -> LoginState | None:
        # One login, one use: the state leaves the session whatever the callback's outcome.
        found = session.pop(self.session_key, None)
        if not isinstance(found, dict):
            return None
        state, verifier, issued = found.get("state"), found.get("code_verifier"), found.get("t")
        if not (isinstance(state, str) and isinstance(verifier, str) and isinstance(issued, int)):
            return None
        if not -60 <= time.time() - issued <= self.max_age:
            return None
        return LoginState(state=state, code_verifier=verifier)

    def exchange(self) -> dict[str, Any]:
        """The tokens of the current callback request: checks its state against the session's
        and exchanges the code; otherwise aborts with 400 (or 502 when Cognito refuses the
        app) and a JSON body ``{"error", "error_description"}``."""
        try:
            code, verifier = checked_callback(request.args, self._saved())
            try:
                return tokens_of(self.client.exchange_code(code, verifier))
            except CognitoError as exc:
                raise exchange_failure(exc) from None
        except AuthFailure as failure:
            abort(make_response(jsonify(failure.body()), failure.status))

    def callback(self) -> ResponseReturnValue:
        """A view: :meth:`exchange`, then ``after_login(tokens)``."""
        if self.after_login is None:
            raise RuntimeError("OAuthLogin.callback needs after_login=; or call exchange() in your own view")
        return self.after_login(self.exchange())

    def blueprint(
        self, name: str = "fastcognito_login", *, login_path: str = "/login", callback_path: str = "/callback"
    ) -> Blueprint:
        """A Blueprint with the two views: ``GET login_path`` (endpoint ``<name>.login``) and
        ``GET callback_path`` (``<name>.callback``)."""
        blueprint = Blueprint(name, __name__)
        blueprint.add_url_rule(login_path, "login", self.login, methods=["GET"])
        blueprint.add_url_rule(callback_path, "callback", self.callback, methods=["GET"])
        return blueprint
