"""Device SRP in the emulator: the DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER challenges a
sign-in with a confirmed device ends with, verified against the verifier ConfirmDevice stored.

The math is user SRP's (srp_server.py) with the pool name replaced by the DeviceGroupKey, the
user id by the DeviceKey and the password by the device's secret: B = k*v + g^b, u = H(A, B),
S = (A * v^u)^b, the HKDF key, and the signature over DeviceGroupKey, DeviceKey, the secret
block and the timestamp. A wrong device password (a wrong proof) is NotAuthorizedException.

Strict as Cognito: each challenge has a single-use Session that lasts the app client's
AuthSessionValidity; USERNAME must name the signing-in user and DEVICE_KEY its device;
SECRET_HASH (keyed on that USERNAME) is checked for an app client with a secret.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import srp_server
from ._moto import AppClient, Pool
from .devices import Device
from .fault import Fault

if TYPE_CHECKING:
    from .sign_in_watch import Attempt
    from .strict import StrictCognito

__all__ = ["DeviceSrp", "CHALLENGES"]

CHALLENGES = ("DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER")


@dataclass
class _Step:
    attempt: Attempt
    device_key: str
    expects: str
    validity: float
    expires: float = 0.0
    exchange: srp_server.Exchange | None = None


class DeviceSrp:
    """The device challenges in progress, by Session (guarded by strict's lock)."""

    def __init__(self) -> None:
        self.steps: dict[str, _Step] = {}

    def reset(self) -> None:
        self.steps.clear()

    def _session(self, step: _Step) -> str:
        step.expires = time.monotonic() + step.validity
        session = secrets.token_urlsafe(96)
        self.steps[session] = step
        return session

    def start(self, strict: StrictCognito, attempt: Attempt, device: Device) -> dict[str, Any]:
        """The DEVICE_SRP_AUTH challenge that replaces MFA or the tokens of a sign-in."""
        found = strict.client_of({"ClientId": attempt.client_id})
        validity = found[1].session_validity
        step = _Step(attempt, device.key, "DEVICE_SRP_AUTH", validity)
        return {
            "ChallengeName": "DEVICE_SRP_AUTH",
            "Session": self._session(step),
            "ChallengeParameters": {"USERNAME": attempt.username},
        }

    def respond(self, strict: StrictCognito, req: dict[str, Any]) -> dict[str, Any]:
        """An answer to either device challenge."""
        pool, client = strict.client_of(req)
        name = str(req.get("ChallengeName"))
        responses: dict[str, Any] = req.get("ChallengeResponses") or {}
        step = self.steps.pop(str(req.get("Session") or ""), None)  # single use, right or wrong
        if step is None or step.attempt.client_id != client.id or step.attempt.pool_id != pool.id:
            raise Fault("NotAuthorizedException", "Invalid session for the user.")
        try:
            return self._answer(strict, pool, client, step, name, responses)
        except Fault:
            strict.threats.step(step.attempt.event_id, None, False)
            raise

    def _answer(
        self,
        strict: StrictCognito,
        pool: Pool,
        client: AppClient,
        step: _Step,
        name: str,
        responses: dict[str, Any],
    ) -> dict[str, Any]:
        if time.monotonic() > step.expires:
            raise Fault("NotAuthorizedException", "Invalid session for the user, session is expired.")
        if name != step.expects:
            raise Fault("InvalidParameterException", f"The session expects the {step.expects} challenge.")
        given_name = str(responses.get("USERNAME") or "")
        user = pool.user(given_name)
        if user is None or user.username != step.attempt.username:
            raise Fault("NotAuthorizedException", "Invalid session for the user.")
        strict.check_hash(client, given_name, responses.get("SECRET_HASH"))
        device = strict.devices.confirmed(pool, user.username, step.device_key)
        if device is None or responses.get("DEVICE_KEY") != device.key:
            raise Fault("ResourceNotFoundException", "Device does not exist.")
        if name == "DEVICE_SRP_AUTH":
            return self._verifier_challenge(step, device, responses)
        exchange = step.exchange
        assert exchange is not None  # set with the DEVICE_PASSWORD_VERIFIER challenge
        if responses.get("PASSWORD_CLAIM_SECRET_BLOCK") != srp_server.challenge_parameters(exchange)["SECRET_BLOCK"]:
            raise Fault("NotAuthorizedException", "Invalid session for the user.")
        refusal = srp_server.proof_refusal(exchange, responses)
        if refusal is not None:
            raise Fault("NotAuthorizedException", refusal)
        return strict.watch.device_signed_in(strict, pool, step.attempt, device)

    def _verifier_challenge(self, step: _Step, device: Device, responses: dict[str, Any]) -> dict[str, Any]:
        try:
            exchange = srp_server.start_from_verifier(
                device.group_key, device.key, device.verifier, device.salt, str(responses.get("SRP_A") or "")
            )
        except ValueError:
            raise Fault("InvalidParameterException", "SRP_A is not a valid SRP value.") from None
        nxt = _Step(step.attempt, device.key, "DEVICE_PASSWORD_VERIFIER", step.validity, exchange=exchange)
        params = srp_server.challenge_parameters(exchange)
        return {
            "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
            "Session": self._session(nxt),
            "ChallengeParameters": {
                "SRP_B": params["SRP_B"],
                "SALT": params["SALT"],
                "SECRET_BLOCK": params["SECRET_BLOCK"],
                "USERNAME": step.attempt.username,
                "DEVICE_KEY": device.key,
            },
        }
