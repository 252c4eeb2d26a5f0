"""cognitopy's password sign-in, token renewal and challenge answers, as a plan mixin (see
``_calls``): ``login``, ``admin_login``, ``renew_access_token``, ``admin_renew_access_token``
and the ``resolve_challenge_*`` methods.

Each takes ``client_metadata=`` (a dict of str, checked before any call), which Cognito hands
to the pool's Lambda triggers with InitiateAuth and (Admin)RespondToAuthChallenge, and with
GetTokensFromRefreshToken where a renewal falls back to it; ``device=`` (a remembered
:class:`~fastcognito.Device`): its DEVICE_KEY goes along, and Cognito's device challenges are
answered inside the call; and ``context=`` (a :class:`~fastcognito.UserContext`), sent as
UserContextData or, to the admin operations, as ContextData, for threat protection. The host
class (cognitopy's
``_CognitoPyPlans``) shapes the results: a challenge is its ``ChallengeRequired``.
"""

from __future__ import annotations

from ._args import all_str as _all_str
from ._args import checked_metadata
from ._calls import Twinned, plan
from ._context import UserContext, checked_context
from ._devices import Device, answer_device, checked_device, with_device_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from . import _core
    from ._calls import Plan
    from ._core import InitiateAuthDict

__all__ = ["PasswordAuthPlans"]


def _refresh_params(refresh_token: str, device: Device | None) -> dict[str, str]:
    return with_device_key({"REFRESH_TOKEN": refresh_token}, device)


class PasswordAuthPlans(Twinned):
    """cognitopy's password sign-in, renewal and challenge answers (stateless)."""

    __slots__ = ()
    _core: _core.CoreClient

    # From the host class (cognitopy's _CognitoPyPlans) and its RotationPlans:
    _auth_tokens: Callable[[InitiateAuthDict], dict[str, Any]]
    _username: Callable[[str], str]
    _hash_username_for_token: Callable[[str], str | None]
    _renewed: Callable[..., Plan[str]]

    def _tokens_after(
        self, result: InitiateAuthDict, name: str, device: Device | None, metadata: Any, ctx: Any, *, admin: bool
    ) -> Plan[dict[str, Any]]:
        """The login dict of ``result``, once Cognito's device challenges (if any) are answered."""
        answered = yield from answer_device(
            self._core, result, device, name, admin=admin, client_metadata=metadata, context=ctx
        )
        return self._auth_tokens(answered)

    def _renew(
        self, initiate: Any, access_token: str, refresh_token: str, client_metadata: Any, device: Any, context: Any
    ) -> Plan[str]:
        """REFRESH_TOKEN_AUTH through ``initiate`` (InitiateAuth or AdminInitiateAuth), falling
        back to GetTokensFromRefreshToken where the app client rotates refresh tokens."""
        device, ctx = checked_device(device, ValueError), checked_context(context)
        internal, meta = self._hash_username_for_token(access_token), checked_metadata(client_metadata)
        refresh = lambda token: initiate("REFRESH_TOKEN_AUTH", _refresh_params(token, device), internal, meta, ctx)  # noqa: E731
        return (yield from self._renewed(refresh, refresh_token, self._auth_tokens, meta, device))

    @plan
    def login(
        self,
        username: str,
        password: str,
        *,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """Signs in with USER_PASSWORD_AUTH: ``{access_token, refresh_token, id_token, expires_in, token_type}`` (and ``new_device`` when Cognito hands out a device to confirm); ChallengeRequired if Cognito answers with a challenge. ``client_metadata`` (here and in every auth method): a dict of str for the pool's Lambda triggers. ``device``: a remembered Device, which skips MFA."""
        if not _all_str(username, password):
            raise ValueError("The username and password should be strings.")
        params, metadata = {"USERNAME": username, "PASSWORD": password}, checked_metadata(client_metadata)
        device, ctx = checked_device(device, ValueError), checked_context(context)
        name = self._username(username)
        result = yield from self._core.initiate_auth(
            "USER_PASSWORD_AUTH", with_device_key(params, device), name, metadata, ctx
        )
        return (yield from self._tokens_after(result, name, device, metadata, ctx, admin=False))

    @plan
    def admin_login(
        self,
        username: str,
        password: str,
        *,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """Signs in with ADMIN_USER_PASSWORD_AUTH (signed with AWS credentials); the same result as :meth:`login`."""
        if not _all_str(username, password):
            raise ValueError("The username and password should be strings.")
        params, metadata = {"USERNAME": username, "PASSWORD": password}, checked_metadata(client_metadata)
        device, ctx = checked_device(device, ValueError), checked_context(context)
        name = self._username(username)
        admin = self._core.admin_initiate_auth
        result = yield from admin("ADMIN_USER_PASSWORD_AUTH", with_device_key(params, device), name, metadata, ctx)
        return (yield from self._tokens_after(result, name, device, metadata, ctx, admin=True))

    @plan
    def renew_access_token(
        self,
        access_token: str,
        refresh_token: str,
        *,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
        context: UserContext | None = None,
    ) -> Plan[str]:
        """A new access token from the refresh token (REFRESH_TOKEN_AUTH; GetTokensFromRefreshToken where the app client rotates refresh tokens). ``device``: the Device the tokens were issued to (Cognito refuses their refresh without it)."""
        if not _all_str(access_token, refresh_token):
            raise ValueError("The access_token and refresh_token should be strings.")
        initiate = self._core.initiate_auth
        return (yield from self._renew(initiate, access_token, refresh_token, client_metadata, device, context))

    @plan
    def admin_renew_access_token(
        self,
        access_token: str,
        refresh_token: str,
        *,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
        context: UserContext | None = None,
    ) -> Plan[str]:
        """A new access token from the refresh token, through AdminInitiateAuth."""
        if not _all_str(access_token, refresh_token):
            raise ValueError("The access_token and refresh_token should be strings.")
        initiate = self._core.admin_initiate_auth
        return (yield from self._renew(initiate, access_token, refresh_token, client_metadata, device, context))

    @plan
    def resolve_challenge_challenge_sms_mfa(
        self,
        session: str,
        sms_mfa_code: str,
        username: str,
        *,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """Answers an SMS_MFA challenge with the code; the tokens, as :meth:`login`. ``device``: the Device the sign-in started with (Cognito asks for it after the code when it is not remembered)."""
        if not _all_str(session, sms_mfa_code, username):
            raise ValueError("The session. sms_mfa_code and username should be strings.")
        responses, metadata = {"USERNAME": username, "SMS_MFA_CODE": sms_mfa_code}, checked_metadata(client_metadata)
        device, ctx = checked_device(device, ValueError), checked_context(context)
        name = self._username(username)
        respond = self._core.admin_respond_to_auth_challenge
        result = yield from respond("SMS_MFA", responses, session, name, metadata, ctx)
        return (yield from self._tokens_after(result, name, device, metadata, ctx, admin=True))

    @plan
    def resolve_challenge_sms_mfa(
        self,
        session: str,
        sms_mfa_code: str,
        username: str,
        *,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """``resolve_challenge_challenge_sms_mfa`` without the doubled word."""
        resolve = self.resolve_challenge_challenge_sms_mfa
        return (
            yield from resolve(
                session, sms_mfa_code, username, client_metadata=client_metadata, device=device, context=context
            )
        )

    @plan
    def resolve_challenge_new_password(
        self,
        session: str,
        username: str,
        new_password: str,
        *,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """Answers a NEW_PASSWORD_REQUIRED challenge; the tokens, as :meth:`login`."""
        if not _all_str(session, username, new_password):
            raise ValueError("The session, username and new_password should be strings.")
        responses, metadata = {"USERNAME": username, "NEW_PASSWORD": new_password}, checked_metadata(client_metadata)
        device, ctx = checked_device(device, ValueError), checked_context(context)
        name = self._username(username)
        respond = self._core.admin_respond_to_auth_challenge
        result = yield from respond("NEW_PASSWORD_REQUIRED", responses, session, name, metadata, ctx)
        return (yield from self._tokens_after(result, name, device, metadata, ctx, admin=True))
