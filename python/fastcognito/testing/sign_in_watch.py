"""Where every sign-in meets remembered devices and threat protection: strict.py hands each
InitiateAuth, RespondToAuthChallenge (and their admin twins) and each refresh through here,
whichever module runs the flow itself.

A sign-in attempt is followed from its first request through the sessions (or, for
USER_SRP_AUTH, the SECRET_BLOCK) of its challenges, with the DEVICE_KEY it named (in
AuthParameters, or in a later challenge answer as Amplify sends it) and the IP address of its
context data. When it would end:

- with tokens, on a pool that remembers devices: for a confirmed device of the user, the tokens
  are withheld and the attempt goes on with DEVICE_SRP_AUTH (device_srp.py), whose success
  issues them; otherwise a new device is made and the result carries ``NewDeviceMetadata``;
- with an MFA challenge, for a remembered device of the user on a pool whose
  ChallengeRequiredOnNewDevice is true: DEVICE_SRP_AUTH instead of the MFA.

Tokens of a device sign-in carry the ``device_key`` claim and their refresh token is bound to
the device: a refresh without that DEVICE_KEY is refused once the device is confirmed. Each
attempt is also an auth event of threat_protection.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import _moto
from .device_srp import CHALLENGES, DeviceSrp
from .devices import Device
from .fault import Fault, Response
from .threat_protection import ip_of
from .triggers import TriggerFault

if TYPE_CHECKING:
    from .strict import StrictCognito

__all__ = ["Attempt", "SignInWatch"]

REFRESH_FLOWS = ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN")
#: Challenges a remembered device stands in for.
MFA_CHALLENGES = ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE")
#: The codes (handler.codes purposes) those challenges send.
MFA_CODE_PURPOSES = ("mfa", "email_mfa")
#: The answers that are a password or an MFA step, as auth events name them.
STEP_OF_ANSWER = {
    "PASSWORD_VERIFIER": "Password",
    "PASSWORD": "Password",
    "SMS_MFA": "Mfa",
    "SOFTWARE_TOKEN_MFA": "Mfa",
    "EMAIL_OTP": "Mfa",
    "SMS_OTP": "Mfa",
}


@dataclass
class Attempt:
    """One sign-in, from its first request to its tokens."""

    pool_id: str
    client_id: str
    username: str
    device_key: str | None
    ip: str | None
    event_id: str | None = None


class SignInWatch:
    """The attempts in progress, by session or SECRET_BLOCK (guarded by strict's lock)."""

    def __init__(self) -> None:
        self.attempts: dict[str, Attempt] = {}
        self.srp = DeviceSrp()

    def reset(self) -> None:
        self.attempts.clear()
        self.srp.reset()

    # ---- the requests -----------------------------------------------------------------------
    def initiate(self, strict: StrictCognito, req: dict[str, Any], inner: Callable[[], Response]) -> Response:
        params: dict[str, Any] = req.get("AuthParameters") or {}
        if req.get("AuthFlow") in REFRESH_FLOWS:
            return self.refresh(strict, str(params.get("REFRESH_TOKEN") or ""), params.get("DEVICE_KEY"), inner)
        found = _moto.find_client(str(req.get("ClientId") or ""))
        user = found[0].user(str(params.get("USERNAME") or "")) if found else None
        if found is None or user is None:
            return inner()
        pool, client = found
        attempt = Attempt(pool.id, client.id, user.username, params.get("DEVICE_KEY") or None, ip_of(req))
        attempt.event_id = strict.threats.start(pool, user.username, attempt.ip)
        return self._run(strict, pool, attempt, "Password" if "PASSWORD" in params else None, inner)

    def respond(self, strict: StrictCognito, req: dict[str, Any], inner: Callable[[], Response]) -> Response:
        name = str(req.get("ChallengeName") or "")
        if name in CHALLENGES:
            return strict.json_response(self.srp.respond(strict, req))
        responses: dict[str, Any] = req.get("ChallengeResponses") or {}
        attempt = self.attempts.get(str(req.get("Session") or "")) or self.attempts.get(
            str(responses.get("PASSWORD_CLAIM_SECRET_BLOCK") or "")
        )
        found = _moto.find_client(str(req.get("ClientId") or ""))
        if found is None:
            return inner()
        pool, client = found
        if attempt is None or attempt.client_id != client.id:
            user = pool.user(str(responses.get("USERNAME") or ""))
            if user is None:
                return inner()
            attempt = Attempt(pool.id, client.id, user.username, None, ip_of(req))
        if responses.get("DEVICE_KEY"):
            attempt.device_key = str(responses["DEVICE_KEY"])
        attempt.ip = ip_of(req) or attempt.ip
        step = STEP_OF_ANSWER.get(name)
        if name == "SELECT_CHALLENGE" and "PASSWORD" in responses:
            step = "Password"
        return self._run(strict, pool, attempt, step, inner)

    def refresh(self, strict: StrictCognito, token: str, device_key: Any, inner: Callable[[], Response]) -> Response:
        """REFRESH_TOKEN_AUTH or GetTokensFromRefreshToken: tokens bound to a confirmed device
        need its key; refreshed tokens keep its ``device_key`` claim (and, rotated, its binding)."""
        device = strict.devices.check_refresh(token, device_key)
        resp = inner()
        pool = _moto.find_pool(device.pool_id) if device is not None else None
        if resp[0] != 200 or device is None or pool is None:
            return resp
        data = json.loads(resp[2])
        result = data.get("AuthenticationResult") or {}
        if result.get("AccessToken"):
            result["AccessToken"] = _moto.add_access_claims(pool, result["AccessToken"], {"device_key": device.key})
        if result.get("RefreshToken"):
            strict.devices.bind(result["RefreshToken"], device)
        return strict.json_response(data)

    # ---- what an answer becomes -------------------------------------------------------------
    def _run(
        self,
        strict: StrictCognito,
        pool: _moto.Pool,
        attempt: Attempt,
        step: str | None,
        inner: Callable[[], Response],
    ) -> Response:
        # The MFA code a challenge would send, kept as it was: a remembered device that stands
        # in for the MFA must leave no code "sent" (Cognito sends none).
        before = {p: strict.codes.get((pool.id, attempt.username, p)) for p in MFA_CODE_PURPOSES}
        try:
            resp = inner()
        except (Fault, TriggerFault):
            strict.threats.step(attempt.event_id, step, False)
            raise
        if resp[0] != 200:
            strict.threats.step(attempt.event_id, step, False)
            return resp
        strict.threats.step(attempt.event_id, step, True)
        return strict.json_response(self._after(strict, pool, attempt, json.loads(resp[2] or b"{}"), before))

    def _after(
        self,
        strict: StrictCognito,
        pool: _moto.Pool,
        attempt: Attempt,
        data: dict[str, Any],
        codes_before: dict[str, str | None],
    ) -> dict[str, Any]:
        tracking = strict.devices.tracking(pool) is not None
        device = strict.devices.confirmed(pool, attempt.username, attempt.device_key) if tracking else None
        result = data.get("AuthenticationResult")
        if isinstance(result, dict) and result.get("RefreshToken"):
            if device is not None:
                # Not yet: the device proves itself first; these tokens are never handed out.
                pool.revoke_refresh_token(str(result["RefreshToken"]))
                pool.drop_access_token(str(result.get("AccessToken") or ""))
                return self.srp.start(strict, attempt, device)
            if tracking:
                device = strict.devices.new_device(pool, attempt.username, attempt.ip)
                result["NewDeviceMetadata"] = {"DeviceKey": device.key, "DeviceGroupKey": device.group_key}
                self._bind(strict, pool, result, device)
            strict.threats.finish(attempt.event_id)
            return data
        if device is not None and self._is_mfa(strict, data) and strict.devices.skips_mfa(pool, device):
            for purpose, code in codes_before.items():
                code_key = (pool.id, attempt.username, purpose)
                if code is None:
                    strict.codes.pop(code_key, None)
                else:
                    strict.codes[code_key] = code
            return self.srp.start(strict, attempt, device)
        key = data.get("Session") or (data.get("ChallengeParameters") or {}).get("SECRET_BLOCK")
        if key:
            self.attempts[str(key)] = attempt
        return data

    @staticmethod
    def _is_mfa(strict: StrictCognito, data: dict[str, Any]) -> bool:
        name = data.get("ChallengeName")
        if name == "EMAIL_OTP":  # a first factor of USER_AUTH, or email MFA after a password
            flow = strict.user_auth.flows.get(str(data.get("Session") or ""))
            return flow is not None and flow.state == "mfa"
        return name in MFA_CHALLENGES

    @staticmethod
    def _bind(strict: StrictCognito, pool: _moto.Pool, result: dict[str, Any], device: Device) -> None:
        result["AccessToken"] = _moto.add_access_claims(pool, str(result["AccessToken"]), {"device_key": device.key})
        strict.devices.bind(str(result["RefreshToken"]), device)

    def device_signed_in(
        self, strict: StrictCognito, pool: _moto.Pool, attempt: Attempt, device: Device
    ) -> dict[str, Any]:
        """The device proved itself: the attempt's tokens (no new device)."""
        data = pool.issue_tokens(attempt.client_id, attempt.username)
        self._bind(strict, pool, data["AuthenticationResult"], device)
        device.last_authenticated = time.time()
        device.last_ip = attempt.ip or device.last_ip
        strict.threats.finish(attempt.event_id, device.name)
        return data
