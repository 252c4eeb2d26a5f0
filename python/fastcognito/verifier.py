"""Verifying Cognito JWTs on their own, for APIs that receive tokens (see also the framework
glue in :mod:`fastcognito.integrations`).

>>> verifier = TokenVerifier("eu-west-1_AbC123", "my-app-client-id")
>>> claims = verifier.verify(token)                 # blocking, GIL released while keys load
>>> claims = await verifier.verify_async(token)     # or awaited

A token passes when its RS256 signature checks against the pool's JWKS (fetched once, again
on an unknown ``kid``), ``exp`` has not passed, ``iss`` is the pool, ``token_use`` is the one
asked for and the app client matches (``client_id`` for access tokens, ``aud`` for id
tokens). Anything else raises :class:`~fastcognito.exceptions.TokenVerificationError` with
the reason (never the token).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from . import _core
from ._calls import run_async, run_sync

__all__ = ["TokenVerifier"]


def verified_claims(
    core: _core.CoreClient, token: str, token_use: str, issuer: str
) -> Generator[Any, Any, dict[str, Any]]:
    """A plan (see ``_calls``): the token's claims, verified at once with the cached keys (no
    I/O, no runtime), or else by the core's key cache, which fetches the keys as its policy says."""
    claims = core.verify_cached(token, token_use, issuer)
    if claims is None:
        claims = yield from core.verify_token(token, token_use, issuer)
    return claims


class TokenVerifier:
    """Checks tokens of one user pool and app client. Safe to share across threads and tasks.

    ``token_use`` is ``"access"`` (the default, what APIs should accept) or ``"id"``.
    ``endpoint_url`` (or ``AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER``) points the key
    download at a local emulator; ``issuer`` overrides the expected ``iss``.
    """

    __slots__ = ("_core", "_token_use", "_issuer")

    def __init__(
        self,
        user_pool_id: str,
        client_id: str,
        *,
        token_use: str = "access",
        region: str | None = None,
        endpoint_url: str | None = None,
        issuer: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
    ) -> None:
        if not isinstance(user_pool_id, str) or not isinstance(client_id, str) or not client_id:
            raise TypeError("user_pool_id and client_id must be non-empty strings")
        token_use = _core.token_use(token_use)
        if issuer is not None and not isinstance(issuer, str):
            raise TypeError("issuer must be a str or None")
        self._core = _core.CoreClient(
            user_pool_id,
            client_id,
            None,
            region=region,
            endpoint_url=endpoint_url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        )
        self._token_use = token_use
        self._issuer = issuer or self._core.default_issuer

    @property
    def user_pool_id(self) -> str:
        return self._core.user_pool_id

    @property
    def client_id(self) -> str:
        return self._core.client_id

    @property
    def token_use(self) -> str:
        return self._token_use

    @property
    def issuer(self) -> str:
        return self._issuer

    def __repr__(self) -> str:
        return (
            f"TokenVerifier(user_pool_id={self.user_pool_id!r}, client_id={self.client_id!r}, "
            f"token_use={self._token_use!r})"
        )

    def _plan(self, token: str) -> Generator[Any, Any, dict[str, Any]]:
        if not isinstance(token, str):
            raise TypeError("token must be a str")
        return (yield from verified_claims(self._core, token, self._token_use, self._issuer))

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, once verified; blocks only the first time (or on a new kid)."""
        return run_sync(self._plan(token))  # type: ignore[no-any-return]

    async def verify_async(self, token: str) -> dict[str, Any]:
        """:meth:`verify`, awaited."""
        return await run_async(self._plan(token))  # type: ignore[no-any-return]
