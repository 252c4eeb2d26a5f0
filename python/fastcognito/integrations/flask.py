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
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from flask import g, jsonify, request

from .._context import UserContext, client_ip, forwardable_headers, trusted_networks
from ..exceptions import CognitoError
from ..verifier import MultiPoolVerifier, TokenVerifier
from . import AuthFailure, authorize, bearer_token, failure_for, required_groups

__all__ = ["require_token", "claims", "user_context"]

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
