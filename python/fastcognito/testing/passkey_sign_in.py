"""Passkeys as a USER_AUTH first factor: the WEB_AUTHN challenge of the emulator's choice-based
sign-in (user_auth.py) answered with an assertion that webauthn.py verifies, and the factors a
user has configured for GetUserAuthFactors (mfa.py).

WEB_AUTHN is offered when the pool allows it and the user has a passkey. Its challenge carries
CREDENTIAL_REQUEST_OPTIONS (JSON text); the session keeps the challenge it handed out, and the
answer's CREDENTIAL must be an assertion of that challenge. A passkey answer sent with the
SELECT_CHALLENGE answer itself, before this session issued a challenge, is refused: there is
nothing it could have signed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import mfa, user_auth
from ._moto import AppClient, Pool, User

if TYPE_CHECKING:
    from .strict import StrictCognito

__all__ = ["configured_factors"]


def _available(pool: Pool, user: User) -> bool:
    from . import webauthn  # webauthn imports strict, which imports this module

    return webauthn.has_passkey(pool.id, user.username)


def _start(pool: Pool, user: User, client: AppClient) -> tuple[dict[str, str], Any]:
    from . import webauthn

    parameters, challenge = webauthn.webauthn_challenge(pool.id, user.username)
    return parameters, challenge


def _verify(pool: Pool, user: User, client: AppClient, state: Any, responses: dict[str, str]) -> None:
    from . import webauthn
    from .strict import Fault

    if not isinstance(state, str):
        raise user_auth.Refusal("NotAuthorizedException", "No passkey challenge was issued in this session.")
    try:
        webauthn.answer_webauthn(pool.id, user.username, state, responses)
    except Fault as fault:
        raise user_auth.Refusal(fault.code, fault.message) from None


def configured_factors(strict: StrictCognito, pool: Pool, user: User) -> list[str]:
    """The first factors besides PASSWORD this user could sign in with: those the pool allows,
    a one-time code where the user has somewhere to receive it, a passkey where one is
    registered."""
    allowed = strict.user_auth.first_factors.get(pool.id, list(user_auth.DEFAULT_FIRST_FACTORS))
    attributes = user.attributes
    usable = {
        "EMAIL_OTP": bool(attributes.get("email")),
        "SMS_OTP": bool(attributes.get("phone_number")),
        "WEB_AUTHN": "WEB_AUTHN" in allowed and _available(pool, user),
    }
    return [factor for factor, ok in usable.items() if ok and factor in allowed]


user_auth.register_first_factor("WEB_AUTHN", user_auth.FirstFactor(_available, _start, _verify))
mfa.FIRST_FACTOR_SOURCES.append(configured_factors)
