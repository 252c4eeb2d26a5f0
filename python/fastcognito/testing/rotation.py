"""Refresh-token rotation in the emulator, as Cognito does it (moto has none of it).

An app client may rotate refresh tokens (``RefreshTokenRotation``: ``Feature`` ENABLED and
``RetryGracePeriodSeconds``). Such a client refuses REFRESH_TOKEN_AUTH (Cognito requires
ALLOW_REFRESH_TOKEN_AUTH off there; a disabled flow is InvalidParameterException) and answers
GetTokensFromRefreshToken with new ID, access and refresh tokens. The refresh token sent is
retired: it still works for the grace period (a client's retry), then is refused with
RefreshTokenReuseException. The grace period may be a fraction of a second here, so tests
need not wait Cognito's whole seconds.

GetTokensFromRefreshToken also works on a client without rotation (ID and access tokens
only), and checks the client secret itself (not a SECRET_HASH), as Cognito does.
"""

from __future__ import annotations

import hmac
import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import _moto

if TYPE_CHECKING:
    from .strict import StrictCognito

__all__ = ["Rotation", "Setting"]

REFRESH_FLOWS = ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN")


@dataclass(frozen=True)
class Setting:
    enabled: bool
    grace_period: float


class Rotation:
    """The rotation settings of app clients and the refresh tokens rotated out."""

    def __init__(self) -> None:
        self.settings: dict[str, Setting] = {}
        # retired refresh token -> (monotonic deadline, the token that replaced it)
        self.retired: dict[str, tuple[float, str]] = {}

    def configure(self, client_id: str, enabled: bool, grace_period: float = 0.0) -> None:
        if not 0 <= grace_period <= 60:
            raise ValueError("RetryGracePeriodSeconds must be between 0 and 60")
        self.settings[client_id] = Setting(bool(enabled), float(grace_period))

    def describe(self, client_id: str) -> dict[str, Any]:
        setting = self.settings.get(client_id, Setting(False, 0.0))
        grace = setting.grace_period
        return {
            "Feature": "ENABLED" if setting.enabled else "DISABLED",
            "RetryGracePeriodSeconds": int(grace) if grace == int(grace) else grace,
        }

    def rotates(self, client_id: str) -> bool:
        setting = self.settings.get(client_id)
        return setting is not None and setting.enabled

    def check_flow(self, client_id: str, flow: str) -> None:
        """REFRESH_TOKEN_AUTH is refused on a client that rotates refresh tokens."""
        if flow in REFRESH_FLOWS and self.rotates(client_id):
            from .strict import Fault

            raise Fault(
                "InvalidParameterException",
                "REFRESH_TOKEN_AUTH flow not enabled for this client: it rotates refresh tokens "
                "(use GetTokensFromRefreshToken).",
            )

    def reset(self) -> None:
        self.settings.clear()
        self.retired.clear()

    def client_saved(self, req: dict[str, Any], resp: tuple[int, dict[str, str], bytes]) -> None:
        """CreateUserPoolClient / UpdateUserPoolClient: moto keeps ``RefreshTokenRotation`` (and
        DescribeUserPoolClient shows it); the setting takes effect here."""
        setting = req.get("RefreshTokenRotation")
        if resp[0] != 200 or not isinstance(setting, dict):
            return
        client_id = json.loads(resp[2]).get("UserPoolClient", {}).get("ClientId", "")
        grace = setting.get("RetryGracePeriodSeconds") or 0
        self.configure(str(client_id), setting.get("Feature") == "ENABLED", float(grace))

    def get_tokens(self, strict: StrictCognito, req: dict[str, Any]) -> dict[str, Any]:
        """GetTokensFromRefreshToken."""
        from .strict import Fault

        pool, client = strict.client_of(req)
        if client.has_secret and not hmac.compare_digest(str(req.get("ClientSecret") or ""), client.secret):
            raise Fault("NotAuthorizedException", f"Unable to verify secret for client {client.id}")
        token = str(req.get("RefreshToken") or "")
        if not token:
            raise Fault("InvalidParameterException", "Missing required parameter RefreshToken")
        retired = self.retired.get(token)
        if retired is not None:
            deadline, successor = retired
            if time.monotonic() > deadline:
                raise Fault(
                    "RefreshTokenReuseException", "The refresh token has been rotated out and is no longer valid."
                )
            # Within the grace period the old token works as before (a retry), as long as what
            # replaced it has not been revoked or signed out meanwhile.
            entry = pool.refresh_token(successor)
        else:
            entry = pool.refresh_token(token)
        if entry is None or entry[0] != client.id:
            raise Fault("NotAuthorizedException", "Invalid Refresh Token.")
        user = pool.user(entry[1])
        if user is None:
            raise Fault("NotAuthorizedException", "Invalid Refresh Token.")
        setting = self.settings.get(client.id)
        if setting is None or not setting.enabled:
            return {"AuthenticationResult": _moto.issue_tokens(pool, client.id, entry[1], token)}
        result = _moto.issue_tokens(pool, client.id, entry[1], None)
        if retired is None:
            self.retired[token] = (time.monotonic() + setting.grace_period, result["RefreshToken"])
            pool.revoke_refresh_token(token)
        return {"AuthenticationResult": result}
