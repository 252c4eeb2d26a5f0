"""CUSTOM_AUTH in the emulator, driven by the pool's DefineAuthChallenge, CreateAuthChallenge
and VerifyAuthChallengeResponse triggers (Python callables, see :mod:`.triggers`).

As Cognito: InitiateAuth/AdminInitiateAuth with ``AuthFlow=CUSTOM_AUTH`` (the app client
needs ``ALLOW_CUSTOM_AUTH``) asks DefineAuthChallenge what to do with an empty ``session``;
for ``CUSTOM_CHALLENGE`` CreateAuthChallenge makes the challenge, whose
``publicChallengeParameters`` (and ``USERNAME``) go to the client with a new ``Session``. Each
answer (RespondToAuthChallenge ``CUSTOM_CHALLENGE`` with ``USERNAME`` and ``ANSWER``) goes to
VerifyAuthChallengeResponse with the ``privateChallengeParameters``; its ``answerCorrect``
is appended to the session list (``challengeName``, ``challengeResult``,
``challengeMetadata``), and DefineAuthChallenge decides again: ``issueTokens`` signs the user
in, ``failAuthentication`` ends the attempt with NotAuthorizedException, ``challengeName``
asks another round. Each Session is single-use and expires with the app client's
AuthSessionValidity (3 minutes by default).

Not emulated: SRP-first custom auth (``CHALLENGE_NAME=SRP_A``), ``userNotFound`` (the pool
never hides that a user does not exist).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from ._moto import AppClient, Pool
from .triggers import TriggerFault, Triggers, user_attributes

NOT_CONFIGURED = "Custom auth lambda trigger is not configured for the user pool."


@dataclass
class _Attempt:
    pool: Pool
    client_id: str
    username: str
    expires: float
    session: list[dict[str, Any]] = field(default_factory=list)
    private: dict[str, Any] = field(default_factory=dict)
    metadata: str | None = None


def _fault(code: str, message: str) -> TriggerFault:
    return TriggerFault(code, message)


class CustomAuth:
    """The custom-auth attempts in progress, by Session."""

    def __init__(self, triggers: Triggers) -> None:
        self.triggers = triggers
        self.attempts: dict[str, _Attempt] = {}

    def reset(self) -> None:
        self.attempts.clear()

    def start(self, pool: Pool, client: AppClient, params: dict[str, str]) -> dict[str, Any]:
        """InitiateAuth with CUSTOM_AUTH (SECRET_HASH already checked); Cognito's answer."""
        if not client.allows("ALLOW_CUSTOM_AUTH"):
            raise _fault("InvalidParameterException", "Auth flow not enabled for this client")
        if "CHALLENGE_NAME" in params:
            raise _fault("InvalidParameterException", "SRP-first custom auth is not emulated")
        if not self.triggers.has(pool, "DefineAuthChallenge"):
            raise _fault("InvalidParameterException", NOT_CONFIGURED)
        user = pool.user(params.get("USERNAME", ""))
        if user is None:
            raise _fault("UserNotFoundException", "User does not exist.")
        if not user.enabled:
            raise _fault("NotAuthorizedException", "User is disabled.")
        if user.is_unconfirmed:
            raise _fault("UserNotConfirmedException", "User is not confirmed.")
        attempt = _Attempt(pool, client.id, user.username, time.monotonic() + client.session_validity)
        # The initiate calls run the challenge triggers without clientMetadata, as Cognito does.
        return self._decide(attempt, None)

    def respond(self, pool: Pool, client: AppClient, req: dict[str, Any]) -> dict[str, Any]:
        """RespondToAuthChallenge with CUSTOM_CHALLENGE (SECRET_HASH already checked)."""
        responses = req.get("ChallengeResponses") or {}
        token = str(req.get("Session") or "")
        attempt = self.attempts.get(token)
        if attempt is None or attempt.client_id != client.id or attempt.pool.id != pool.id:
            raise _fault("NotAuthorizedException", "Invalid session for the user.")
        if time.monotonic() > attempt.expires:
            del self.attempts[token]
            raise _fault("NotAuthorizedException", "Invalid session for the user, session is expired.")
        user = pool.user(str(responses.get("USERNAME", "")))
        if user is None or user.username != attempt.username:
            raise _fault("NotAuthorizedException", "Invalid session for the user.")
        if "ANSWER" not in responses:
            raise _fault("InvalidParameterException", "Missing required parameter ANSWER")
        del self.attempts[token]  # a Session answers one challenge
        metadata = dict(req.get("ClientMetadata") or {})
        request = {
            "userAttributes": user_attributes(user),
            "privateChallengeParameters": attempt.private,
            "challengeAnswer": str(responses["ANSWER"]),
            "clientMetadata": metadata,
            "userNotFound": False,
        }
        verdict = self._invoke(attempt, "VerifyAuthChallengeResponse_Authentication", request, {"answerCorrect": False})
        attempt.session.append(
            {
                "challengeName": "CUSTOM_CHALLENGE",
                "challengeResult": verdict.get("answerCorrect") is True,
                "challengeMetadata": attempt.metadata,
            }
        )
        return self._decide(attempt, metadata)

    def _invoke(
        self, attempt: _Attempt, source: str, request: dict[str, Any], response: dict[str, Any]
    ) -> dict[str, Any]:
        answer = self.triggers.invoke(attempt.pool, source, attempt.username, attempt.client_id, request, response)
        if answer is None:
            raise _fault("InvalidParameterException", NOT_CONFIGURED)
        return answer

    def _request(self, attempt: _Attempt, metadata: dict[str, str] | None, **extra: Any) -> dict[str, Any]:
        user = attempt.pool.user(attempt.username)
        if user is None:
            raise _fault("UserNotFoundException", "User does not exist.")
        request: dict[str, Any] = {"userAttributes": user_attributes(user), **extra}
        request["session"] = [dict(entry) for entry in attempt.session]
        if metadata is not None:
            request["clientMetadata"] = metadata
        request["userNotFound"] = False
        return request

    def _decide(self, attempt: _Attempt, metadata: dict[str, str] | None) -> dict[str, Any]:
        """Asks DefineAuthChallenge what comes next and does it."""
        defaults = {"challengeName": None, "issueTokens": False, "failAuthentication": False}
        decision = self._invoke(
            attempt, "DefineAuthChallenge_Authentication", self._request(attempt, metadata), defaults
        )
        if decision.get("failAuthentication") is True:
            raise _fault("NotAuthorizedException", "Incorrect username or password.")
        if decision.get("issueTokens") is True:
            return attempt.pool.issue_tokens(attempt.client_id, attempt.username)
        name = decision.get("challengeName")
        if name != "CUSTOM_CHALLENGE":
            # PASSWORD_VERIFIER and the others belong to SRP-first custom auth, not emulated.
            raise _fault(
                "InvalidLambdaResponseException", f"Unsupported challenge name {name!r} from DefineAuthChallenge"
            )
        created = self._invoke(
            attempt,
            "CreateAuthChallenge_Authentication",
            self._request(attempt, metadata, challengeName=name),
            {"publicChallengeParameters": {}, "privateChallengeParameters": {}, "challengeMetadata": None},
        )
        public = created.get("publicChallengeParameters") or {}
        private = created.get("privateChallengeParameters") or {}
        if not isinstance(public, dict) or not isinstance(private, dict):
            raise _fault("InvalidLambdaResponseException", "Invalid lambda response received")
        challenge_metadata = created.get("challengeMetadata")
        attempt.private = dict(private)
        attempt.metadata = str(challenge_metadata) if challenge_metadata is not None else None
        token = secrets.token_urlsafe(96)
        self.attempts[token] = attempt
        parameters = {str(k): str(v) for k, v in public.items()}
        parameters["USERNAME"] = attempt.username
        return {"ChallengeName": "CUSTOM_CHALLENGE", "Session": token, "ChallengeParameters": parameters}
