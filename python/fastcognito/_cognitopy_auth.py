"""cognitopy's password sign-in, token renewal and challenge answers, as a plan mixin (see
``_calls``): ``login``, ``admin_login``, ``renew_access_token``, ``admin_renew_access_token``
and the ``resolve_challenge_*`` methods.

Each takes ``client_metadata=`` (a dict of str, checked before any call), which Cognito hands
to the pool's Lambda triggers with InitiateAuth and (Admin)RespondToAuthChallenge, and with
GetTokensFromRefreshToken where a renewal falls back to it; and ``context=`` (a
:class:`~fastcognito.UserContext`), sent as UserContextData or, to the admin operations, as
ContextData, for threat protection. The host class (cognitopy's
``_CognitoPyPlans``) shapes the results: a challenge is its ``ChallengeRequired``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._args import all_str as _all_str
from ._args import checked_metadata
from ._calls import Plan, Twinned, plan
from ._context import UserContext, checked_context

if TYPE_CHECKING:
    from . import _core
    from ._core import InitiateAuthDict

__all__ = ["PasswordAuthPlans"]


class PasswordAuthPlans(Twinned):
    """cognitopy's password sign-in, renewal and challenge answers (stateless)."""

    __slots__ = ()
    _core: _core.CoreClient

    # From the host class (cognitopy's _CognitoPyPlans) and its RotationPlans:
    _auth_tokens: Callable[[InitiateAuthDict], dict[str, Any]]
    _username: Callable[[str], str]
    _hash_username_for_token: Callable[[str], str | None]
    _renewed: Callable[..., Plan[str]]

    @plan
    def login(
        self,
        username: str,
        password: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """Signs in with USER_PASSWORD_AUTH: ``{access_token, refresh_token, id_token, expires_in, token_type}``; ChallengeRequired if Cognito answers with a challenge. ``client_metadata`` (here and in every auth method): a dict of str for the pool's Lambda triggers."""
        if not _all_str(username, password):
            raise ValueError("The username and password should be strings.")
        params, metadata = {"USERNAME": username, "PASSWORD": password}, checked_metadata(client_metadata)
        ctx, name = checked_context(context), self._username(username)
        result = yield from self._core.initiate_auth("USER_PASSWORD_AUTH", params, name, metadata, ctx)
        return self._auth_tokens(result)

    @plan
    def admin_login(
        self,
        username: str,
        password: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """Signs in with ADMIN_USER_PASSWORD_AUTH (signed with AWS credentials); the same result as :meth:`login`."""
        if not _all_str(username, password):
            raise ValueError("The username and password should be strings.")
        params, metadata = {"USERNAME": username, "PASSWORD": password}, checked_metadata(client_metadata)
        ctx, name = checked_context(context), self._username(username)
        result = yield from self._core.admin_initiate_auth("ADMIN_USER_PASSWORD_AUTH", params, name, metadata, ctx)
        return self._auth_tokens(result)

    @plan
    def renew_access_token(
        self,
        access_token: str,
        refresh_token: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[str]:
        """A new access token from the refresh token (REFRESH_TOKEN_AUTH; GetTokensFromRefreshToken where the app client rotates refresh tokens)."""
        if not _all_str(access_token, refresh_token):
            raise ValueError("The access_token and refresh_token should be strings.")
        ctx, auth = checked_context(context), self._core.initiate_auth
        internal, meta = self._hash_username_for_token(access_token), checked_metadata(client_metadata)
        refresh = lambda token: auth("REFRESH_TOKEN_AUTH", {"REFRESH_TOKEN": token}, internal, meta, ctx)  # noqa: E731
        return (yield from self._renewed(refresh, refresh_token, self._auth_tokens, meta))

    @plan
    def admin_renew_access_token(
        self,
        access_token: str,
        refresh_token: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[str]:
        """A new access token from the refresh token, through AdminInitiateAuth."""
        if not _all_str(access_token, refresh_token):
            raise ValueError("The access_token and refresh_token should be strings.")
        ctx, admin = checked_context(context), self._core.admin_initiate_auth
        internal, meta = self._hash_username_for_token(access_token), checked_metadata(client_metadata)
        refresh = lambda token: admin("REFRESH_TOKEN_AUTH", {"REFRESH_TOKEN": token}, internal, meta, ctx)  # noqa: E731
        return (yield from self._renewed(refresh, refresh_token, self._auth_tokens, meta))

    @plan
    def resolve_challenge_challenge_sms_mfa(
        self,
        session: str,
        sms_mfa_code: str,
        username: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """Answers an SMS_MFA challenge with the code; the tokens, as :meth:`login`."""
        if not _all_str(session, sms_mfa_code, username):
            raise ValueError("The session. sms_mfa_code and username should be strings.")
        responses, metadata = {"USERNAME": username, "SMS_MFA_CODE": sms_mfa_code}, checked_metadata(client_metadata)
        ctx = checked_context(context)
        result = yield from self._core.admin_respond_to_auth_challenge(
            "SMS_MFA", responses, session, self._username(username), metadata, ctx
        )
        return self._auth_tokens(result)

    @plan
    def resolve_challenge_sms_mfa(
        self,
        session: str,
        sms_mfa_code: str,
        username: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """``resolve_challenge_challenge_sms_mfa`` without the doubled word."""
        resolve = self.resolve_challenge_challenge_sms_mfa
        return (yield from resolve(session, sms_mfa_code, username, client_metadata=client_metadata, context=context))

    @plan
    def resolve_challenge_new_password(
        self,
        session: str,
        username: str,
        new_password: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """Answers a NEW_PASSWORD_REQUIRED challenge; the tokens, as :meth:`login`."""
        if not _all_str(session, username, new_password):
            raise ValueError("The session, username and new_password should be strings.")
        responses, metadata = {"USERNAME": username, "NEW_PASSWORD": new_password}, checked_metadata(client_metadata)
        ctx = checked_context(context)
        result = yield from self._core.admin_respond_to_auth_challenge(
            "NEW_PASSWORD_REQUIRED", responses, session, self._username(username), metadata, ctx
        )
        return self._auth_tokens(result)
