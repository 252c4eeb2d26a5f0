"""MFA preferences and auth factors in the emulator: SetUserMFAPreference and its admin twin
with email MFA (moto knows SMS and TOTP only), GetUserAuthFactors and AdminGetUserAuthFactors
(moto has neither), and email MFA in GetUser/AdminGetUser's ``UserMFASettingList``.

Strict as Cognito: SMS MFA needs a phone number, email MFA an email address, TOTP a verified
software token (InvalidParameterException otherwise); one factor at most is preferred.

``FIRST_FACTOR_SOURCES``: the sign-in factors besides PASSWORD that a user has
(``ConfiguredUserAuthFactors``) come from the modules that know them (one-time codes,
passkeys), each a function ``(strict, pool, user) -> list of factor names`` appended here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import _moto
from ._moto import Pool, User

if TYPE_CHECKING:
    from .strict import Response, StrictCognito

__all__ = ["FIRST_FACTOR_SOURCES", "set_preference", "auth_factors", "patch_user_answer"]

FIRST_FACTOR_SOURCES: list[Callable[[StrictCognito, Pool, User], list[str]]] = []

# request member -> (state key, Cognito's name in UserMFASettingList / PreferredMfaSetting)
_FACTORS = {
    "SMSMfaSettings": ("sms", "SMS_MFA"),
    "SoftwareTokenMfaSettings": ("software_token", "SOFTWARE_TOKEN_MFA"),
    "EmailMfaSettings": ("email", "EMAIL_OTP"),
}


def _user_of(strict: StrictCognito, req: dict[str, Any], admin: bool) -> tuple[Pool, User]:
    from .strict import Fault

    if not admin:
        return strict.token_owner(str(req.get("AccessToken") or ""))
    pool = _moto.find_pool(str(req.get("UserPoolId") or ""))
    if pool is None:
        raise Fault("ResourceNotFoundException", f"User pool {req.get('UserPoolId')} does not exist.")
    user = pool.user(str(req.get("Username") or ""))
    if user is None:
        raise Fault("UserNotFoundException", "User does not exist.")
    return pool, user


def set_preference(strict: StrictCognito, req: dict[str, Any], admin: bool) -> dict[str, Any]:
    """SetUserMFAPreference / AdminSetUserMFAPreference."""
    from .strict import Fault

    _pool, user = _user_of(strict, req, admin)
    state = _moto.mfa_state(user)
    attrs = user.attributes
    for member, (key, name) in _FACTORS.items():
        settings = req.get(member)
        if not isinstance(settings, dict):
            continue
        enabled, preferred = bool(settings.get("Enabled")), bool(settings.get("PreferredMfa"))
        if enabled:
            if key == "sms" and not attrs.get("phone_number"):
                raise Fault("InvalidParameterException", "User does not have delivery config set to turn on SMS_MFA")
            if key == "email" and not attrs.get("email"):
                raise Fault("InvalidParameterException", "User does not have delivery config set to turn on EMAIL_OTP")
            if key == "software_token" and not state["totp_verified"]:
                raise Fault("InvalidParameterException", "User has not verified software token mfa")
        elif preferred:
            raise Fault("InvalidParameterException", f"{name} cannot be preferred while it is disabled")
        state[key] = enabled
        if preferred:
            state["preferred"] = name
        elif state["preferred"] == name:
            state["preferred"] = ""
    _moto.set_mfa_state(user, state["sms"], state["software_token"], state["email"], state["preferred"])
    return {}


def _mfa_list(state: dict[str, Any]) -> list[str]:
    return [name for key, name in _FACTORS.values() if state[key]]


def auth_factors(strict: StrictCognito, req: dict[str, Any], admin: bool) -> dict[str, Any]:
    """GetUserAuthFactors / AdminGetUserAuthFactors."""
    pool, user = _user_of(strict, req, admin)
    state = _moto.mfa_state(user)
    configured = ["PASSWORD"] if user.password else []
    for source in FIRST_FACTOR_SOURCES:
        configured += [f for f in source(strict, pool, user) if f not in configured]
    answer: dict[str, Any] = {
        "Username": user.username,
        "UserMFASettingList": _mfa_list(state),
        "ConfiguredUserAuthFactors": configured,
    }
    if state["preferred"]:
        answer["PreferredMfaSetting"] = state["preferred"]
    return answer


def patch_user_answer(strict: StrictCognito, req: dict[str, Any], admin: bool, resp: Response) -> Response:
    """GetUser/AdminGetUser as moto answers them, with email MFA in the MFA settings."""
    if resp[0] != 200:
        return resp
    data = json.loads(resp[2])
    _pool, user = _user_of(strict, req, admin)
    state = _moto.mfa_state(user)
    data["UserMFASettingList"] = _mfa_list(state)
    if state["preferred"]:
        data["PreferredMfaSetting"] = state["preferred"]
    else:
        data.pop("PreferredMfaSetting", None)
    return strict.json_response(data)
