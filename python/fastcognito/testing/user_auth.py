"""Choice-based sign-in (``AuthFlow=USER_AUTH``) for the emulator, which moto lacks: the pool's
allowed first factors, SELECT_CHALLENGE, PASSWORD, PASSWORD_SRP, EMAIL_OTP and SMS_OTP one-time
codes, then MFA (email, SMS, TOTP; SELECT_MFA_TYPE when the user must choose).

Strict as Cognito: every answer carries the flow's session, a session can be used once and
lasts the app client's AuthSessionValidity (3 minutes unless set), a wrong code is refused
with CodeMismatchException and the same session may try again (three wrong codes end it), a
code is single-use and expires, and a challenge the session did not ask for is refused.

Other first factors plug in through :func:`register_first_factor` (WEB_AUTHN: passkeys), and
other flows through :func:`register_flow` (CUSTOM_AUTH); ``strict.py`` only dispatches here.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import srp_server
from ._moto import AppClient, Pool, User, totp_matches

#: How many wrong codes one session tolerates before it ends (Cognito does not say; its
#: custom-auth samples use three).
MAX_WRONG_CODES = 3
#: How long a one-time code stays valid, in seconds (as long as the longest session).
CODE_SECONDS = 15 * 60
#: Cognito's default AllowedFirstAuthFactors.
DEFAULT_FIRST_FACTORS = ("PASSWORD",)
#: Where each code arrives in the answer, and the purpose it is kept under for tests.
CODE_CHALLENGES = {
    "EMAIL_OTP": ("EMAIL_OTP_CODE", "email_otp"),
    "SMS_OTP": ("SMS_OTP_CODE", "sms_otp"),
    "SMS_MFA": ("SMS_MFA_CODE", "mfa"),
}

#: The purposes one-time codes are kept under (``Emulator.code(pool, user, purpose)``).
CODE_PURPOSES = ("email_otp", "sms_otp", "email_mfa")
#: The control endpoints handled here (``/_emulator/<name>``).
CONTROLS = ("user_mfa", "first_factors", "expire_sessions", "expire_codes")


class Refusal(Exception):
    """A Cognito error (strict.py turns it into its Fault)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class FirstFactor:
    """A first factor another module adds (WEB_AUTHN): ``available(pool, user)`` says whether
    the user may choose it; ``start(pool, user, client)`` returns the challenge parameters and
    the state to keep; ``verify(pool, user, client, state, responses)`` raises :class:`Refusal`
    when the answer is wrong (``state`` is None when the answer came with SELECT_CHALLENGE's,
    before this session issued a challenge)."""

    available: Callable[[Pool, User], bool]
    start: Callable[[Pool, User, AppClient], tuple[dict[str, str], Any]]
    verify: Callable[[Pool, User, AppClient, Any, dict[str, str]], None]


#: Challenge name -> the module that answers it.
FIRST_FACTORS: dict[str, FirstFactor] = {}
#: AuthFlow -> (initiate(strict, environ, request), respond(strict, environ, request), owns(session)).
FLOWS: dict[str, tuple[Callable[..., Any], Callable[..., Any], Callable[[str], bool]]] = {}


def register_first_factor(name: str, factor: FirstFactor) -> None:
    """Adds a first factor to USER_AUTH (it must also be in the pool's allowed first factors)."""
    FIRST_FACTORS[name] = factor


def register_flow(
    auth_flow: str,
    initiate: Callable[..., Any],
    respond: Callable[..., Any],
    owns: Callable[[str], bool],
) -> None:
    """Hands InitiateAuth with ``auth_flow``, and every answer whose session ``owns`` claims,
    to another module (strict.py asks :func:`flow_for` and :func:`flow_owning`)."""
    FLOWS[auth_flow] = (initiate, respond, owns)


def flow_for(auth_flow: str) -> Callable[..., Any] | None:
    found = FLOWS.get(auth_flow)
    return found[0] if found else None


def flow_owning(session: str) -> Callable[..., Any] | None:
    for _initiate, respond, owns in FLOWS.values():
        if session and owns(session):
            return respond
    return None


@dataclass
class Flow:
    """One sign-in in progress."""

    pool_id: str
    client_id: str
    username: str
    expects: str
    expires: float
    used: bool = False
    wrong: int = 0
    code_expires: float = 0.0
    state: Any = None
    options: list[str] = field(default_factory=list)


class UserAuth:
    """USER_AUTH's state: pool settings and the flows in progress (guarded by strict's lock)."""

    def __init__(self, codes: dict[tuple[str, str, str], str]) -> None:
        self.codes = codes  # strict.py's store, which ``/_emulator/codes`` reads
        self.first_factors: dict[str, list[str]] = {}
        self.flows: dict[str, Flow] = {}

    # ---- settings and control -------------------------------------------------------------
    @staticmethod
    def check_first_factors(first_factors: Any) -> list[str]:
        """AllowedFirstAuthFactors as Cognito accepts them (1 to 5; SOFTWARE_TOKEN is MFA only)."""
        factors = list(DEFAULT_FIRST_FACTORS if first_factors is None else first_factors)
        bad = [f for f in factors if f not in ("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")]
        if bad or not 1 <= len(factors) <= 5:
            raise ValueError(f"first_factors must be 1 to 5 of PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN: {factors}")
        return factors

    def configure(self, pool_id: str, first_factors: list[str] | None) -> None:
        self.first_factors[pool_id] = self.check_first_factors(first_factors)

    def owns(self, session: str) -> bool:
        return session in self.flows

    def expire_sessions(self, pool_id: str) -> int:
        """Makes every sign-in in progress in the pool outlive its session; how many."""
        found = [f for f in self.flows.values() if f.pool_id == pool_id]
        for flow in found:
            flow.expires = 0.0
        return len(found)

    def expire_codes(self, pool_id: str) -> int:
        found = [f for f in self.flows.values() if f.pool_id == pool_id and f.code_expires]
        for flow in found:
            flow.code_expires = 0.0
        return len(found)

    def control(self, pool: Pool, name: str, body: dict[str, Any]) -> dict[str, Any]:
        if name == "first_factors":
            self.configure(pool.id, list(body["first_factors"]))
            return {}
        if name == "expire_sessions":
            return {"expired": self.expire_sessions(pool.id)}
        if name == "expire_codes":
            return {"expired": self.expire_codes(pool.id)}
        user = pool.user(str(body.get("username", "")))
        if user is None:
            raise KeyError("no such user")
        factor = str(body["factor"])
        if factor not in ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"):
            raise ValueError(f"unknown MFA factor {factor!r}")
        user.set_mfa(factor, bool(body.get("enabled", True)), bool(body.get("preferred", False)))
        enabled, preferred = user.mfa_settings()
        return {"enabled": enabled, "preferred": preferred}

    def reset(self) -> None:
        self.flows.clear()
        self.first_factors.clear()

    # ---- the flow -------------------------------------------------------------------------
    def available(self, pool: Pool, user: User) -> list[str]:
        allowed = self.first_factors.get(pool.id, list(DEFAULT_FIRST_FACTORS))
        attrs = user.attributes
        found: list[str] = []
        for factor in allowed:
            if factor == "PASSWORD" and user.password:
                found += ["PASSWORD", "PASSWORD_SRP"]
            elif factor == "EMAIL_OTP" and attrs.get("email"):
                found.append("EMAIL_OTP")
            elif factor == "SMS_OTP" and attrs.get("phone_number"):
                found.append("SMS_OTP")
            elif factor in FIRST_FACTORS and FIRST_FACTORS[factor].available(pool, user):
                found.append(factor)
        return found

    def _new_session(self, pool: Pool, client: AppClient, user: User, expects: str, **extra: Any) -> str:
        session = secrets.token_urlsafe(96)
        expires = time.time() + 60 * client.auth_session_validity
        self.flows[session] = Flow(pool.id, client.id, user.username, expects, expires, **extra)
        return session

    def _challenge(
        self, pool: Pool, client: AppClient, user: User, name: str, params: dict[str, str], **extra: Any
    ) -> dict[str, Any]:
        session = self._new_session(pool, client, user, name, **extra)
        params = {"USERNAME": user.username, **params}
        return {"ChallengeName": name, "Session": session, "ChallengeParameters": params}

    def _send_code(self, pool: Pool, client: AppClient, user: User, challenge: str, **extra: Any) -> dict[str, Any]:
        """A challenge whose answer is a code sent to the user's email or phone."""
        purpose = (
            "email_mfa" if challenge == "EMAIL_OTP" and extra.get("state") == "mfa" else CODE_CHALLENGES[challenge][1]
        )
        attribute, medium = ("email", "EMAIL") if challenge == "EMAIL_OTP" else ("phone_number", "SMS")
        value = user.attributes.get(attribute, "")
        self.codes[(pool.id, user.username, purpose)] = f"{secrets.randbelow(10**6):06d}"
        params = {"CODE_DELIVERY_DELIVERY_MEDIUM": medium, "CODE_DELIVERY_DESTINATION": _mask(value)}
        return self._challenge(pool, client, user, challenge, params, code_expires=time.time() + CODE_SECONDS, **extra)

    def start_factor(
        self, pool: Pool, client: AppClient, user: User, factor: str, params: dict[str, str]
    ) -> dict[str, Any]:
        """Runs the chosen first factor as far as the request allows."""
        if factor not in self.available(pool, user):
            raise Refusal("InvalidParameterException", f"The challenge {factor} is not available for this user.")
        if factor == "PASSWORD":
            if "PASSWORD" not in params:
                return self._challenge(pool, client, user, "PASSWORD", {})
            return self.check_password(pool, client, user, params["PASSWORD"])
        if factor == "PASSWORD_SRP":
            return self.start_srp(pool, client, user, params.get("SRP_A"))
        if factor in ("EMAIL_OTP", "SMS_OTP"):
            return self._send_code(pool, client, user, factor)
        plugged = FIRST_FACTORS[factor]
        if "CREDENTIAL" in params:
            # Answered inside the selection: no challenge was issued in this session, which
            # the factor's verify() sees as state None.
            plugged.verify(pool, user, client, None, params)
            return self.after_first_factor(pool, client, user, factor)
        challenge_params, state = plugged.start(pool, user, client)
        return self._challenge(pool, client, user, factor, challenge_params, state=state)

    def check_password(self, pool: Pool, client: AppClient, user: User, password: str) -> dict[str, Any]:
        if not user.password or not hmac.compare_digest(user.password.encode(), password.encode()):
            raise Refusal("NotAuthorizedException", "Incorrect username or password.")
        return self.after_first_factor(pool, client, user, "PASSWORD")

    def start_srp(self, pool: Pool, client: AppClient, user: User, srp_a: str | None) -> dict[str, Any]:
        try:
            exchange = srp_server.start(pool.id.split("_", 1)[1], user.username, user.password or "", srp_a or "")
        except ValueError:
            raise Refusal("InvalidParameterException", "SRP_A is not a valid SRP value.") from None
        params = dict(srp_server.challenge_parameters(exchange))
        return self._challenge(pool, client, user, "PASSWORD_VERIFIER", params, state=exchange)

    def after_first_factor(self, pool: Pool, client: AppClient, user: User, factor: str) -> dict[str, Any]:
        """MFA after a password, as the user's settings ask; else the tokens. A one-time code
        or a passkey is the whole sign-in (Cognito adds no MFA to those)."""
        enabled, preferred = user.mfa_settings()
        if factor != "PASSWORD" or not enabled:
            return pool.issue_tokens(client.id, user.username)
        if preferred is None and len(enabled) > 1:
            params = {"MFAS_CAN_CHOOSE": json.dumps(enabled)}
            return self._challenge(pool, client, user, "SELECT_MFA_TYPE", params, options=enabled)
        return self.start_mfa(pool, client, user, preferred or enabled[0])

    def start_mfa(self, pool: Pool, client: AppClient, user: User, factor: str) -> dict[str, Any]:
        if factor == "SOFTWARE_TOKEN_MFA":
            return self._challenge(pool, client, user, factor, {})
        return self._send_code(pool, client, user, factor, state="mfa")

    # ---- the operations -------------------------------------------------------------------
    def initiate(self, pool: Pool, client: AppClient, params: dict[str, str]) -> dict[str, Any]:
        if "ALLOW_USER_AUTH" not in client.auth_flows:
            raise Refusal("InvalidParameterException", "USER_AUTH flow not enabled for this client")
        user = pool.user(params.get("USERNAME", ""))
        if user is None:
            raise Refusal("UserNotFoundException", "User does not exist.")
        if user.is_unconfirmed:
            raise Refusal("UserNotConfirmedException", "User is not confirmed.")
        if not user.enabled:
            raise Refusal("NotAuthorizedException", "User is disabled.")
        preferred = params.get("PREFERRED_CHALLENGE")
        if preferred:
            return self.start_factor(pool, client, user, preferred, params)
        session = self._new_session(pool, client, user, "SELECT_CHALLENGE")
        return {
            "ChallengeName": "SELECT_CHALLENGE",
            "Session": session,
            "ChallengeParameters": {"USERNAME": user.username},
            "AvailableChallenges": self.available(pool, user),
        }

    def take(self, session: str, client: AppClient, challenge: str, username: str | None) -> Flow:
        """The flow of ``session``, checked: this client, this user, this challenge, in time."""
        flow = self.flows.get(session)
        if flow is None or flow.client_id != client.id:
            raise Refusal("NotAuthorizedException", "Invalid session for the user.")
        if flow.used:
            raise Refusal("NotAuthorizedException", "Invalid session for the user, session can only be used once.")
        if time.time() > flow.expires:
            raise Refusal("NotAuthorizedException", "Invalid session for the user, session is expired.")
        if challenge != flow.expects:
            raise Refusal("InvalidParameterException", f"The session expects the {flow.expects} challenge.")
        if username != flow.username:
            raise Refusal("NotAuthorizedException", "Invalid session for the user.")
        return flow

    def respond(self, pool: Pool, client: AppClient, req: dict[str, Any]) -> dict[str, Any]:
        responses: dict[str, str] = req.get("ChallengeResponses") or {}
        name = req.get("ChallengeName", "")
        user = pool.user(responses.get("USERNAME", ""))
        flow = self.take(req.get("Session", ""), client, name, user.username if user else None)
        assert user is not None  # take() matched it to the flow's user
        if name in CODE_CHALLENGES:
            self.check_code(pool, user, flow, name, responses)
        flow.used = True
        if name == "SELECT_CHALLENGE":
            return self.start_factor(pool, client, user, responses.get("ANSWER", ""), responses)
        if name == "PASSWORD":
            return self.check_password(pool, client, user, responses.get("PASSWORD", ""))
        if name == "PASSWORD_VERIFIER":
            return self.finish_srp(pool, client, user, flow, responses)
        if name == "SELECT_MFA_TYPE":
            choice = responses.get("ANSWER", "")
            if choice not in flow.options:
                flow.used = False
                raise Refusal("InvalidParameterException", f"{choice!r} is not one of MFAS_CAN_CHOOSE.")
            return self.start_mfa(pool, client, user, choice)
        if name == "SOFTWARE_TOKEN_MFA":
            if not totp_matches(responses.get("SOFTWARE_TOKEN_MFA_CODE", "")):
                flow.used = False
                raise Refusal("CodeMismatchException", "Invalid code received for user")
            return pool.issue_tokens(client.id, user.username)
        if name in ("EMAIL_OTP", "SMS_OTP", "SMS_MFA"):
            return pool.issue_tokens(client.id, user.username)
        if name in FIRST_FACTORS:
            try:
                FIRST_FACTORS[name].verify(pool, user, client, flow.state, responses)
            except Refusal:
                flow.used = False
                raise
            return self.after_first_factor(pool, client, user, name)
        raise Refusal("InvalidParameterException", f"The challenge {name} cannot be answered here.")

    def check_code(self, pool: Pool, user: User, flow: Flow, name: str, responses: dict[str, str]) -> None:
        """A wrong code leaves the session for another try (until too many); a right one is spent."""
        key_name = CODE_CHALLENGES[name][0]
        purpose = "email_mfa" if name == "EMAIL_OTP" and flow.state == "mfa" else CODE_CHALLENGES[name][1]
        key = (pool.id, user.username, purpose)
        expected = self.codes.get(key)
        if expected is not None and time.time() > flow.code_expires:
            flow.used = True
            raise Refusal("ExpiredCodeException", "Invalid code provided, please request a code again.")
        given = responses.get(key_name) or ""
        if expected is None or not hmac.compare_digest(expected.encode(), given.encode()):
            flow.wrong += 1
            if flow.wrong >= MAX_WRONG_CODES:
                flow.used = True
            raise Refusal("CodeMismatchException", "Invalid code or auth state for the user.")
        del self.codes[key]

    def finish_srp(
        self, pool: Pool, client: AppClient, user: User, flow: Flow, responses: dict[str, str]
    ) -> dict[str, Any]:
        exchange = flow.state
        if responses.get("PASSWORD_CLAIM_SECRET_BLOCK") != srp_server.challenge_parameters(exchange)["SECRET_BLOCK"]:
            raise Refusal("NotAuthorizedException", "Invalid session for the user.")
        refusal = srp_server.proof_refusal(exchange, responses)
        if refusal is not None:
            raise Refusal("NotAuthorizedException", refusal)
        return self.after_first_factor(pool, client, user, "PASSWORD")


def _mask(value: str) -> str:
    if "@" in value:
        name, domain = value.split("@", 1)
        return f"{name[:1]}***@{domain[:1]}***"
    return "+*******" + value[-4:]
