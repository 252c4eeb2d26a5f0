"""Threat protection in the emulator (moto has none): the context data each call carried, and
the pool's auth events.

Context data: the public operations that take ``UserContextData`` (``IpAddress``,
``EncodedData``, both optional) and the admin ones that take ``ContextData`` (``IpAddress``,
``ServerName``, ``ServerPath``, ``HttpHeaders`` required, ``EncodedData`` optional) have what
each call carried recorded, whatever the pool's mode, for tests to read
(``/_emulator/context_data``, ``Emulator.context_data``). A ContextData missing a required
member is refused with InvalidParameterException, as Cognito's validation does.

Auth events: with the pool's ``UserPoolAddOns.AdvancedSecurityMode`` AUDIT or ENFORCED (the
setup option ``threat_protection``; Cognito's default is OFF) each sign-in attempt of a user is
an event (EventType SignIn) whose EventResponse is InProgress until it ends with Pass or Fail,
with the password and MFA steps it went through in ChallengeResponses and the IP address of
its context data. The emulator scores no risk: every event is NoRisk/Low, and ENFORCED blocks
nothing. AdminListUserAuthEvents and AdminUpdateAuthEventFeedback answer
UserPoolAddOnNotEnabledException while the mode is OFF.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import TYPE_CHECKING, Any

from . import _moto
from ._moto import Pool
from .fault import Fault

if TYPE_CHECKING:
    from .strict import Response, StrictCognito

__all__ = ["ThreatProtection", "add_ons_config", "CONTEXT_OPERATIONS"]

MODES = ("OFF", "AUDIT", "ENFORCED")
#: The operations that take context data, and the member that carries it.
CONTEXT_OPERATIONS = {
    "InitiateAuth": "UserContextData",
    "RespondToAuthChallenge": "UserContextData",
    "SignUp": "UserContextData",
    "ConfirmSignUp": "UserContextData",
    "ForgotPassword": "UserContextData",
    "ConfirmForgotPassword": "UserContextData",
    "ResendConfirmationCode": "UserContextData",
    "AdminInitiateAuth": "ContextData",
    "AdminRespondToAuthChallenge": "ContextData",
}
_REQUIRED = (("IpAddress", "ipAddress"), ("ServerName", "serverName"), ("ServerPath", "serverPath"))


def add_ons_config(mode: Any) -> dict[str, str] | None:
    """The UserPoolAddOns of the setup option ``threat_protection`` (None: Cognito's default, OFF)."""
    if mode is None:
        return None
    if mode not in MODES:
        raise ValueError(f"threat_protection must be one of {', '.join(MODES)}, not {mode!r}")
    return {"AdvancedSecurityMode": str(mode)}


def _invalid(member: str) -> Fault:
    return Fault(
        "InvalidParameterException",
        f"1 validation error detected: Value null at 'contextData.{member}' failed to satisfy constraint: "
        "Member must not be null",
    )


def check_context_data(data: Any) -> None:
    """ContextData as Cognito validates it (all but EncodedData required)."""
    if not isinstance(data, dict):
        raise _invalid("ipAddress")
    for key, member in _REQUIRED:
        if not isinstance(data.get(key), str):
            raise _invalid(member)
    headers = data.get("HttpHeaders")
    if not isinstance(headers, list):
        raise _invalid("httpHeaders")
    if not all(isinstance(header, dict) for header in headers):  # HttpHeader's members are optional
        raise _invalid("httpHeaders.member")


def ip_of(request: dict[str, Any]) -> str | None:
    """The end user's IP address a request's context data gave."""
    for member in ("UserContextData", "ContextData"):
        data = request.get(member)
        if isinstance(data, dict) and isinstance(data.get("IpAddress"), str):
            return str(data["IpAddress"])
    return None


def _page_token(after: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode()


class ThreatProtection:
    """The context data each call carried, and the auth events (guarded by strict's lock)."""

    def __init__(self) -> None:
        self.calls: dict[str, list[dict[str, Any]]] = {}  # pool id -> calls, oldest first
        self.events: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (pool, username) -> events
        self.by_id: dict[str, dict[str, Any]] = {}

    def reset(self) -> None:
        self.calls.clear()
        self.events.clear()
        self.by_id.clear()

    # ---- context data -----------------------------------------------------------------------
    def seen(self, op: str, request: dict[str, Any]) -> None:
        """Checks and records the context data of a call to an operation that takes it."""
        member = CONTEXT_OPERATIONS.get(op)
        if member is None:
            return
        data = request.get(member)
        if member == "ContextData" and data is not None:
            check_context_data(data)
        if member == "UserContextData" and data is not None and not isinstance(data, dict):
            raise Fault("InvalidParameterException", "UserContextData must be an object.")
        pool = _pool_of(request)
        if pool is not None:
            self.calls.setdefault(pool.id, []).append({"operation": op, member: data})

    def context_data(self, pool_id: str) -> list[dict[str, Any]]:
        return list(self.calls.get(pool_id, []))

    # ---- auth events ------------------------------------------------------------------------
    @staticmethod
    def enabled(pool: Pool) -> bool:
        return pool.advanced_security_mode in ("AUDIT", "ENFORCED")

    def start(self, pool: Pool, username: str, ip: str | None) -> str | None:
        """A new sign-in event (None when the pool does not record events)."""
        if not self.enabled(pool):
            return None
        event: dict[str, Any] = {
            "EventId": str(uuid.uuid4()),
            "EventType": "SignIn",
            "CreationDate": time.time(),
            "EventResponse": "InProgress",
            "EventRisk": {"RiskDecision": "NoRisk", "RiskLevel": "Low", "CompromisedCredentialsDetected": False},
            "ChallengeResponses": [],
            "EventContextData": {"IpAddress": ip} if ip else {},
        }
        self.events.setdefault((pool.id, username), []).append(event)
        self.by_id[event["EventId"]] = event
        return str(event["EventId"])

    def step(self, event_id: str | None, challenge: str | None, ok: bool) -> None:
        """A password or MFA step of the attempt passed or failed (a failure ends it as Fail)."""
        event = self.by_id.get(event_id or "")
        if event is None:
            return
        if challenge is not None:
            result = "Success" if ok else "Failure"
            event["ChallengeResponses"].append({"ChallengeName": challenge, "ChallengeResponse": result})
        if not ok:
            event["EventResponse"] = "Fail"

    def finish(self, event_id: str | None, device_name: str | None = None) -> None:
        """The attempt signed the user in."""
        event = self.by_id.get(event_id or "")
        if event is not None:
            event["EventResponse"] = "Pass"
            if device_name:
                event["EventContextData"]["DeviceName"] = device_name

    def list_events(self, pool: Pool, username: str, max_results: Any, token: Any) -> dict[str, Any]:
        if max_results is not None and (not isinstance(max_results, int) or not 0 <= max_results <= 60):
            raise Fault("InvalidParameterException", "MaxResults must be between 0 and 60.")
        size = max_results or 60
        found = list(reversed(self.events.get((pool.id, username), [])))  # newest first
        start = 0
        if token:
            try:
                after = json.loads(base64.urlsafe_b64decode(str(token)))["after"]
                start = next(i for i, e in enumerate(found) if e["EventId"] == after) + 1
            except (ValueError, KeyError, TypeError, StopIteration):
                raise Fault("InvalidParameterException", "Invalid NextToken.") from None
        page = found[start : start + size]
        answer: dict[str, Any] = {"AuthEvents": [json.loads(json.dumps(e)) for e in page]}
        if start + size < len(found):
            answer["NextToken"] = _page_token(page[-1]["EventId"])
        return answer

    def feedback(self, pool: Pool, username: str, event_id: str, value: Any) -> None:
        if value not in ("Valid", "Invalid"):
            raise Fault("InvalidParameterException", "FeedbackValue must be one of Valid, Invalid.")
        event = self.by_id.get(event_id)
        if event is None or event not in self.events.get((pool.id, username), []):
            raise Fault("ResourceNotFoundException", "Auth event not found.")
        event["EventFeedback"] = {"FeedbackValue": value, "Provider": "Admin", "FeedbackDate": time.time()}


def _pool_of(request: dict[str, Any]) -> Pool | None:
    if request.get("UserPoolId"):
        return _moto.find_pool(str(request["UserPoolId"]))
    found = _moto.find_client(str(request.get("ClientId") or ""))
    return found[0] if found else None


def _admin_target(strict: StrictCognito, req: dict[str, Any]) -> tuple[Pool, str]:
    pool = _moto.find_pool(str(req.get("UserPoolId") or ""))
    if pool is None:
        raise Fault("ResourceNotFoundException", f"User pool {req.get('UserPoolId')} does not exist.")
    if not ThreatProtection.enabled(pool):
        raise Fault("UserPoolAddOnNotEnabledException", "Threat protection is not enabled for this user pool.")
    user = pool.user(str(req.get("Username") or ""))
    if user is None:
        raise Fault("UserNotFoundException", "User does not exist.")
    return pool, user.username


def admin_list_user_auth_events(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    pool, username = _admin_target(strict, req)
    return strict.json_response(strict.threats.list_events(pool, username, req.get("MaxResults"), req.get("NextToken")))


def admin_update_auth_event_feedback(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    pool, username = _admin_target(strict, req)
    strict.threats.feedback(pool, username, str(req.get("EventId") or ""), req.get("FeedbackValue"))
    return strict.json_response({})
