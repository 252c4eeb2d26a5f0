"""Mandate's password sign-in and second factors, as a plan mixin (see ``_calls``):
``authenticate`` (SRP), ``admin_authenticate``, ``new_password_challenge``, the answers to the
MFA challenges those raise, and TOTP set-up and MFA preferences.

The sign-in methods take ``client_metadata=`` (a dict of str, checked before any call), which
Cognito hands to the pool's Lambda triggers with InitiateAuth and RespondToAuthChallenge, and
``context=`` (a :class:`~fastcognito.UserContext`), sent as UserContextData, or ContextData to
the admin operations, for threat protection. They sign in with the object's ``device`` (a
remembered Device) when it has one: its DEVICE_KEY goes along and Cognito's device challenges
are answered inside the call.
The host class (mandate's ``_CognitoPlans``) stores the tokens and raises the challenge
exceptions, which stay defined in ``fastcognito.mandate``.
"""

from __future__ import annotations

from . import exceptions
from ._args import checked_metadata
from ._args import require_str as _require_str
from ._calls import Twinned, plan
from ._context import UserContext, checked_context
from ._devices import Device, answer_device, with_device_key
from ._factors import mfa_flags
from .exceptions import WarrantException

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn

    from . import _core
    from ._calls import Plan

__all__ = ["MandateAuthPlans"]


class MandateAuthPlans(Twinned):
    """mandate's password sign-in, MFA challenge answers, TOTP set-up and MFA preferences."""

    __slots__ = ()
    _core: _core.CoreClient
    mfa_tokens: dict[str, Any] | None
    device: Device | None

    # From the host class (mandate's _CognitoPlans):
    _need_username: Callable[..., str]
    _need_access_token: Callable[[], str]
    _challenge: Callable[..., NoReturn]
    _set_tokens: Callable[..., Plan[None]]

    def _key(self) -> str | None:
        return self.device.device_key if self.device is not None else None

    def _answer_device(self, result: Any, username: str, admin: bool, metadata: Any, context: Any = None) -> Plan[Any]:
        """``result``, with Cognito's device challenges answered with the object's device."""
        answer = answer_device(
            self._core, result, self.device, username, admin=admin, client_metadata=metadata, context=context
        )
        return (yield from answer)

    @plan
    def authenticate(
        self, password: str, *, client_metadata: dict[str, str] | None = None, context: UserContext | None = None
    ) -> Plan[None]:
        """SRP login (USER_SRP_AUTH); verifies and stores the tokens. ``client_metadata`` (here
        and in the other sign-in methods): a dict of str for the pool's Lambda triggers."""
        _require_str(password=password)
        name, metadata, ctx = self._need_username(), checked_metadata(client_metadata), checked_context(context)
        result = yield from self._core.srp_authenticate(name, password, metadata, self._key(), ctx)
        result = yield from self._answer_device(result, name, False, metadata, ctx)
        yield from self._set_tokens(result)

    @plan
    def admin_authenticate(
        self, password: str, *, client_metadata: dict[str, str] | None = None, context: UserContext | None = None
    ) -> Plan[None]:
        """ADMIN_NO_SRP_AUTH login (needs AWS credentials); verifies and stores the tokens."""
        _require_str(password=password)
        name, metadata, ctx = self._need_username(), checked_metadata(client_metadata), checked_context(context)
        params = with_device_key({"USERNAME": name, "PASSWORD": password}, self.device)
        result = yield from self._core.admin_initiate_auth("ADMIN_NO_SRP_AUTH", params, name, metadata, ctx)
        result = yield from self._answer_device(result, name, True, metadata, ctx)
        yield from self._set_tokens(result, admin=True)

    @plan
    def new_password_challenge(
        self,
        password: str,
        new_password: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[None]:
        """Logs in with the current (temporary) password and sets ``new_password``."""
        _require_str(password=password, new_password=new_password)
        name, metadata, ctx = self._need_username(), checked_metadata(client_metadata), checked_context(context)
        result = yield from self._core.srp_authenticate(name, password, metadata, self._key(), ctx)
        if result.get("ChallengeName") != "NEW_PASSWORD_REQUIRED":
            if "AuthenticationResult" in result:
                raise WarrantException("new_password_challenge: this user has no new password to set")
            self._challenge(result, admin=False)
        params = result.get("ChallengeParameters") or {}
        internal = params.get("USER_ID_FOR_SRP") or params.get("USERNAME") or name
        responses = {"USERNAME": internal, "NEW_PASSWORD": new_password}
        answer = yield from self._core.respond_to_auth_challenge(
            "NEW_PASSWORD_REQUIRED", responses, result.get("Session"), internal, metadata, ctx
        )
        answer = yield from self._answer_device(answer, internal, False, metadata, ctx)
        yield from self._set_tokens(answer)

    def _respond_to_mfa(
        self,
        challenge: str,
        code_key: str,
        code: str,
        mfa_tokens: dict[str, Any] | None,
        client_metadata: Any,
        context: Any = None,
    ) -> Plan[None]:
        _require_str(code=code)
        metadata, ctx = checked_metadata(client_metadata), checked_context(context)
        if mfa_tokens is not None and not isinstance(mfa_tokens, dict):
            raise TypeError("mfa_tokens must be the dict an MFAChallengeException carries, or None")
        tokens = mfa_tokens or self.mfa_tokens
        if not tokens or tokens.get("ChallengeName") != challenge:
            raise WarrantException(f"there is no {challenge} challenge to answer: authenticate first")
        internal = tokens.get("Username") or self._need_username()
        responses = {"USERNAME": internal, code_key: code}
        respond = (
            self._core.admin_respond_to_auth_challenge if tokens.get("Admin") else self._core.respond_to_auth_challenge
        )
        result = yield from respond(challenge, responses, tokens.get("Session"), internal, metadata, ctx)
        result = yield from self._answer_device(result, internal, bool(tokens.get("Admin")), metadata, ctx)
        yield from self._set_tokens(result, admin=bool(tokens.get("Admin")))

    @plan
    def respond_to_sms_mfa_challenge(
        self,
        code: str,
        mfa_tokens: dict[str, Any] | None = None,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[None]:
        """Answers the SMS_MFA challenge kept in ``mfa_tokens`` (or given) and stores the tokens."""
        yield from self._respond_to_mfa("SMS_MFA", "SMS_MFA_CODE", code, mfa_tokens, client_metadata, context)

    @plan
    def respond_to_software_token_mfa_challenge(
        self,
        code: str,
        mfa_tokens: dict[str, Any] | None = None,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[None]:
        """Answers the SOFTWARE_TOKEN_MFA challenge kept in ``mfa_tokens`` (or given) and stores the tokens."""
        yield from self._respond_to_mfa(
            "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", code, mfa_tokens, client_metadata, context
        )

    @plan
    def associate_software_token(self) -> Plan[str]:
        """Starts TOTP set-up; returns the secret to put in an authenticator app."""
        result = yield from self._core.associate_software_token(self._need_access_token(), None)
        return result["SecretCode"]

    @plan
    def verify_software_token(self, code: str, device_name: str = "") -> Plan[bool]:
        """Finishes TOTP set-up; True when the code was right, False when it was not."""
        _require_str(code=code, device_name=device_name)
        try:
            result = yield from self._core.verify_software_token(
                code, self._need_access_token(), None, device_name or None
            )
        except (exceptions.CodeMismatchException, exceptions.EnableSoftwareTokenMFAException):
            return False
        return result.get("Status") == "SUCCESS"

    @plan
    def set_user_mfa_preference(
        self, sms_mfa: bool, software_token_mfa: bool, preferred: str | None = None, *, email: bool | None = None
    ) -> Plan[None]:
        """Turns SMS and TOTP MFA (and with ``email=``, email MFA) on or off; ``preferred`` is None,
        "SMS", "SOFTWARE_TOKEN" or "EMAIL"."""
        if preferred not in (None, "SMS", "SOFTWARE_TOKEN", "EMAIL"):
            raise ValueError("preferred must be None, 'SMS', 'SOFTWARE_TOKEN' or 'EMAIL'")
        sms, totp, mail = mfa_flags(bool(sms_mfa), bool(software_token_mfa), email, preferred)
        yield from self._core.set_user_mfa_preference(self._need_access_token(), sms, totp, mail)
