"""A user's sign-in and MFA factors: GetUserAuthFactors / AdminGetUserAuthFactors, the MFA
preference of SMS, TOTP and email (SetUserMFAPreference / AdminSetUserMFAPreference), and
TOTP set-up for the cognitopy family (mandate's family has its own)."""

from __future__ import annotations

from . import _core, exceptions
from ._calls import Twinned, plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._calls import Plan
    from ._core import AuthFactorsDict

__all__ = ["FactorPlans", "MandateFactorPlans", "mfa_flags"]

Flags = tuple[bool, bool] | None

# preferred= accepts the short names of mandate's API and Cognito's own names.
_PREFERRED = {
    "SMS": "sms",
    "SMS_MFA": "sms",
    "SOFTWARE_TOKEN": "software_token",
    "SOFTWARE_TOKEN_MFA": "software_token",
    "EMAIL": "email",
    "EMAIL_OTP": "email",
}


def mfa_flags(sms: Any, software_token: Any, email: Any, preferred: Any) -> tuple[Flags, Flags, Flags]:
    """Each factor's (enabled, preferred), or None to leave it as it is. ``preferred`` names
    the factor to prefer and turns it on unless it is explicitly turned off (a ValueError)."""
    given = {"sms": sms, "software_token": software_token, "email": email}
    for name, value in given.items():
        if value is not None and not isinstance(value, bool):
            raise TypeError(f"{name} must be True, False or None, not {type(value).__name__}")
    if preferred is not None and preferred not in _PREFERRED:
        raise ValueError("preferred must be None, 'SMS', 'SOFTWARE_TOKEN' or 'EMAIL'")
    chosen = _PREFERRED.get(preferred) if preferred is not None else None
    if chosen is not None and given[chosen] is False:
        raise ValueError(f"preferred={preferred!r} names a factor this call turns off")
    if chosen is None and all(v is None for v in given.values()):
        raise ValueError("give at least one of sms=, software_token=, email= or preferred=")
    flags: list[Flags] = []
    for name, value in given.items():
        if name == chosen:
            flags.append((True, True))
        elif value is None:
            flags.append(None)
        else:
            flags.append((value, False))
    return flags[0], flags[1], flags[2]


def _factors(result: AuthFactorsDict) -> dict[str, Any]:
    return {
        "username": result["Username"],
        "preferred_mfa_setting": result.get("PreferredMfaSetting"),
        "user_mfa_setting_list": list(result.get("UserMFASettingList", [])),
        "configured_user_auth_factors": list(result.get("ConfiguredUserAuthFactors", [])),
    }


def _str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"The {name} should be a string.")
    return value


class FactorPlans(Twinned):
    """The cognitopy family's factor and MFA methods (stateless: the token or username is given)."""

    __slots__ = ()
    _core: _core.CoreClient

    @plan
    def get_user_auth_factors(self, access_token: str) -> Plan[dict[str, Any]]:
        """The signed-in user's factors: ``{username, preferred_mfa_setting,
        user_mfa_setting_list, configured_user_auth_factors}`` (e.g. ``["PASSWORD", "EMAIL_OTP"]``)."""
        result = yield from self._core.get_user_auth_factors(_str("access_token", access_token))
        return _factors(result)

    @plan
    def admin_get_user_auth_factors(self, username: str) -> Plan[dict[str, Any]]:
        """A user's factors (AdminGetUserAuthFactors), as :meth:`get_user_auth_factors`."""
        result = yield from self._core.admin_get_user_auth_factors(_str("username", username))
        return _factors(result)

    @plan
    def set_user_mfa_preference(
        self,
        access_token: str,
        *,
        sms: bool | None = None,
        software_token: bool | None = None,
        email: bool | None = None,
        preferred: str | None = None,
    ) -> Plan[None]:
        """Turns the signed-in user's SMS, TOTP and email MFA on (True) or off (False); None
        leaves a factor as it is. ``preferred`` ("SMS", "SOFTWARE_TOKEN" or "EMAIL") is the
        one Cognito asks for, and is turned on."""
        flags = mfa_flags(sms, software_token, email, preferred)
        yield from self._core.set_user_mfa_preference(_str("access_token", access_token), *flags)

    @plan
    def admin_set_user_mfa_preference(
        self,
        username: str,
        *,
        sms: bool | None = None,
        software_token: bool | None = None,
        email: bool | None = None,
        preferred: str | None = None,
    ) -> Plan[None]:
        """:meth:`set_user_mfa_preference` for any user (AdminSetUserMFAPreference)."""
        flags = mfa_flags(sms, software_token, email, preferred)
        yield from self._core.admin_set_user_mfa_preference(_str("username", username), *flags)

    @plan
    def associate_software_token(self, access_token: str) -> Plan[str]:
        """Starts TOTP set-up; the secret to put in an authenticator app."""
        result = yield from self._core.associate_software_token(_str("access_token", access_token), None)
        return result["SecretCode"]

    @plan
    def verify_software_token(self, access_token: str, code: str, friendly_name: str | None = None) -> Plan[bool]:
        """Finishes TOTP set-up: True when the code was right, False when it was not."""
        _str("access_token", access_token)
        _str("code", code)
        if friendly_name is not None:
            _str("friendly_name", friendly_name)
        try:
            result = yield from self._core.verify_software_token(code, access_token, None, friendly_name or None)
        except (exceptions.CodeMismatchException, exceptions.EnableSoftwareTokenMFAException):
            return False
        return result.get("Status") == "SUCCESS"


class MandateFactorPlans(Twinned):
    """The mandate family's factor methods: the object's access token and username."""

    __slots__ = ()
    _core: _core.CoreClient
    username: str | None
    access_token: str | None

    def _mandate_token(self) -> str:
        if not self.access_token:
            raise AttributeError("Access Token Required to Check Token")
        return self.access_token

    @plan
    def get_user_auth_factors(self) -> Plan[dict[str, Any]]:
        """The signed-in user's factors, as Cognito returns them (``Username``,
        ``PreferredMfaSetting``, ``UserMFASettingList``, ``ConfiguredUserAuthFactors``)."""
        result = yield from self._core.get_user_auth_factors(self._mandate_token())
        return dict(result)

    @plan
    def admin_get_user_auth_factors(self, username: str | None = None) -> Plan[dict[str, Any]]:
        """A user's factors (the object's user by default), as :meth:`get_user_auth_factors`."""
        name = username if username is not None else self.username
        if not isinstance(name, str) or not name:
            raise ValueError("a username is needed: pass one or set Cognito(username=...)")
        result = yield from self._core.admin_get_user_auth_factors(name)
        return dict(result)

    @plan
    def admin_set_user_mfa_preference(
        self,
        username: str | None = None,
        *,
        sms: bool | None = None,
        software_token: bool | None = None,
        email: bool | None = None,
        preferred: str | None = None,
    ) -> Plan[None]:
        """Turns a user's (the object's by default) SMS, TOTP and email MFA on or off (None:
        unchanged); ``preferred`` ("SMS", "SOFTWARE_TOKEN" or "EMAIL") is turned on too."""
        name = username if username is not None else self.username
        if not isinstance(name, str) or not name:
            raise ValueError("a username is needed: pass one or set Cognito(username=...)")
        flags = mfa_flags(sms, software_token, email, preferred)
        yield from self._core.admin_set_user_mfa_preference(name, *flags)
