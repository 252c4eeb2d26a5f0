"""Web framework glue around :class:`fastcognito.verifier.TokenVerifier`.

- :mod:`fastcognito.integrations.starlette`: ``CognitoAuth``, a FastAPI dependency that
  also works in plain Starlette endpoints.
- :mod:`fastcognito.integrations.flask`: ``require_token``, a view decorator.
- :mod:`fastcognito.integrations.django`: ``CognitoAuthentication``, a Django REST framework
  authentication class configured by ``settings.FASTCOGNITO``.
- ``OAuthLogin`` in the Starlette and Flask modules: the managed login's redirect and callback.

The three read ``Authorization: Bearer <token>``, answer 401 (with ``WWW-Authenticate``) for a
missing or invalid token, 403 when the user is in none of the required groups, and 503 when
the pool's keys cannot be fetched. The bodies follow each framework's habit: FastAPI and
Starlette's and DRF's ``{"detail": "<reason>"}``, and in Flask ``{"error", "error_description"}``.
No framework is imported until its module is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..exceptions import CognitoError, KeysUnavailableError, TokenError

__all__ = ["AuthFailure", "bearer_token", "required_groups", "authorize", "failure_for"]


@dataclass(eq=False)
class AuthFailure(Exception):
    """Why a request was refused: the HTTP status, an OAuth error code and a description."""

    status: int
    error: str
    description: str

    @property
    def headers(self) -> dict[str, str]:
        if self.status != 401:
            return {}
        if self.error == "invalid_request":
            return {"WWW-Authenticate": 'Bearer realm="cognito"'}
        return {"WWW-Authenticate": f'Bearer realm="cognito", error="{self.error}"'}

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer`` header, or :class:`AuthFailure` (401)."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise AuthFailure(401, "invalid_request", "an Authorization: Bearer token is required")
    return token


def required_groups(groups: Iterable[str]) -> tuple[str, ...]:
    """``groups`` as a tuple; TypeError for a lone string (it would mean its letters)."""
    if isinstance(groups, str):
        raise TypeError("groups must be a list of group names, not a str")
    return tuple(groups)


def authorize(claims: dict[str, Any], groups: Iterable[str]) -> dict[str, Any]:
    """The claims, if the user is in at least one of ``groups`` (or none are required)."""
    wanted = set(groups)
    if wanted and not wanted.intersection(claims.get("cognito:groups") or ()):
        raise AuthFailure(403, "insufficient_scope", f"requires membership of one of: {', '.join(sorted(wanted))}")
    return claims


#: Longest refusal reason put in a 401 body: the core already cuts what it quotes of a token,
#: this bounds the rest (a ``custom_check`` message, say).
MAX_DESCRIPTION = 256


def failure_for(exc: CognitoError) -> AuthFailure:
    """The answer for a verification error: 401 for a bad token, 503 when keys are unreachable."""
    if isinstance(exc, TokenError) and not isinstance(exc, KeysUnavailableError):
        reason = exc.message
        if len(reason) > MAX_DESCRIPTION:
            reason = reason[: MAX_DESCRIPTION - 1] + "…"
        return AuthFailure(401, "invalid_token", reason)
    return AuthFailure(503, "temporarily_unavailable", "the user pool's signing keys could not be fetched")
