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
"""

# No `from __future__ import annotations` here: FastAPI must see the real `Request` class in
# `__call__`'s signature (older releases cannot resolve a string annotation on an instance).
from collections.abc import Iterable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from .._context import UserContext, client_ip, forwardable_headers, trusted_networks
from ..exceptions import CognitoError
from ..verifier import MultiPoolVerifier, TokenVerifier
from . import AuthFailure, authorize, bearer_token, failure_for, required_groups

__all__ = ["CognitoAuth", "user_context"]


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
