"""Lambda triggers in the emulator, and the ClientMetadata each call sent.

A test registers a Python callable as one of a pool's triggers (``Emulator.set_trigger``); the
test process runs it behind a small loopback HTTP server (:mod:`.trigger_host`) and this
module, in the emulator's process, invokes it as Cognito invokes a Lambda function: it POSTs
the event (Cognito's shape: ``version``, ``region``, ``userPoolId``, ``userName``,
``callerContext``, ``triggerSource``, ``request``, ``response``) and reads back the event
the function returns, whose ``response`` Cognito acts on.

Which trigger runs for which operation, and which receive ``clientMetadata`` (the Developer
Guide's "Lambda triggers" pages and each operation's ``ClientMetadata`` text in the API
Reference; see docs/compat.md, "Modern sign-in"):

- SignUp: PreSignUp_SignUp (``autoConfirmUser``/``autoVerifyEmail``/``autoVerifyPhone``
  honoured), then CustomMessage_SignUp when a code is sent;
- AdminCreateUser: PreSignUp_AdminCreateUser, then CustomMessage_AdminCreateUser unless the
  message is suppressed;
- ConfirmSignUp, AdminConfirmSignUp: PostConfirmation_ConfirmSignUp;
  ConfirmForgotPassword: PostConfirmation_ConfirmForgotPassword;
- ResendConfirmationCode: CustomMessage_ResendCode; ForgotPassword and AdminResetUserPassword:
  CustomMessage_ForgotPassword; GetUserAttributeVerificationCode:
  CustomMessage_VerifyUserAttribute; UpdateUserAttributes and AdminUpdateUserAttributes that
  change an email or phone number: CustomMessage_UpdateUserAttribute;
- CUSTOM_AUTH (:mod:`.custom_auth`): DefineAuthChallenge, CreateAuthChallenge and
  VerifyAuthChallengeResponse; they get ``clientMetadata`` from RespondToAuthChallenge (and
  its admin twin) only: the initiate calls invoke them without it, as Cognito does.

All of them get the call's ``clientMetadata`` (``{}`` when it sent none) except the two
CUSTOM_AUTH triggers run by InitiateAuth. Every call of an operation that takes
``ClientMetadata`` is also logged with what it sent, trigger or not (``/_emulator/metadata``).

A function that raises fails the call with UserLambdaValidationException ("<Trigger> failed
with error <message>."), as Cognito; one that cannot be reached or times out, with
UnexpectedLambdaException; one that returns no ``response`` object, with
InvalidLambdaResponseException.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from typing import Any

from . import _moto
from ._moto import Pool, User
from .trigger_host import TRIGGERS

#: The operations that take ClientMetadata (the API Reference's request members).
METADATA_OPERATIONS = frozenset(
    {
        "AdminConfirmSignUp",
        "AdminCreateUser",
        "AdminInitiateAuth",
        "AdminResetUserPassword",
        "AdminRespondToAuthChallenge",
        "AdminUpdateUserAttributes",
        "ConfirmForgotPassword",
        "ConfirmSignUp",
        "ForgotPassword",
        "GetTokensFromRefreshToken",
        "GetUserAttributeVerificationCode",
        "InitiateAuth",
        "ResendConfirmationCode",
        "RespondToAuthChallenge",
        "SignUp",
        "UpdateUserAttributes",
    }
)

#: How long the emulator waits for a trigger (Cognito waits 5 s; a busy test machine needs more).
TIMEOUT = 30.0

# Trigger calls go straight to the test process on loopback, never through a proxy.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# The clientId of an event for an admin call, which names no app client.
NO_CLIENT = "CLIENT_ID_NOT_APPLICABLE"


class TriggerFault(Exception):
    """A trigger failed: the call fails with Cognito's ``code`` (strict.py makes it a Fault)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def user_attributes(user: User) -> dict[str, str]:
    """The attributes a trigger's ``request.userAttributes`` holds."""
    attributes = dict(user.attributes)
    attributes.setdefault("cognito:user_status", "UNCONFIRMED" if user.is_unconfirmed else "CONFIRMED")
    return attributes


def pairs_to_dict(pairs: Any) -> dict[str, str]:
    """Cognito's ``[{"Name": ..., "Value": ...}]`` as a dict."""
    return {str(p.get("Name")): str(p.get("Value", "")) for p in pairs or [] if isinstance(p, dict)}


class Triggers:
    """Every pool's registered triggers, what they received and answered, and the
    ClientMetadata each call sent. Guarded by the emulator's lock, which is released while
    a trigger runs so that a trigger may call the emulator itself (as Lambdas call Cognito)."""

    def __init__(self, lock: threading.RLock) -> None:
        self.lock = lock
        self.urls: dict[tuple[str, str], str] = {}  # (pool id, trigger) -> URL
        self.invocations: dict[str, list[dict[str, Any]]] = {}  # pool id -> trigger calls
        self.metadata: dict[str, list[dict[str, Any]]] = {}  # pool id -> calls

    def reset(self) -> None:
        self.urls.clear()
        self.invocations.clear()
        self.metadata.clear()

    def has(self, pool: Pool, trigger: str) -> bool:
        return (pool.id, trigger) in self.urls

    # ---- the ClientMetadata log -------------------------------------------------------
    def seen(self, op: str, request: dict[str, Any]) -> None:
        """Logs the ClientMetadata of a call to an operation that takes it."""
        if op not in METADATA_OPERATIONS:
            return
        pool = self._pool_of(request)
        if pool is not None:
            entry = {"operation": op, "client_metadata": request.get("ClientMetadata")}
            self.metadata.setdefault(pool.id, []).append(entry)

    @staticmethod
    def _pool_of(request: dict[str, Any]) -> Pool | None:
        if request.get("UserPoolId"):
            return _moto.find_pool(str(request["UserPoolId"]))
        if request.get("ClientId"):
            found = _moto.find_client(str(request["ClientId"]))
            return found[0] if found else None
        token = request.get("AccessToken")
        if token:
            for pool in _moto.pools():
                if pool.access_token_owner(str(token)) is not None:
                    return pool
        return None

    # ---- invocation -------------------------------------------------------------------
    def invoke(
        self,
        pool: Pool,
        source: str,
        username: str,
        client_id: str | None,
        request: dict[str, Any],
        response: dict[str, Any],
    ) -> dict[str, Any] | None:
        """Runs the trigger ``source`` names (``CustomMessage_SignUp`` runs CustomMessage);
        its ``response``, or None when the pool has no such trigger."""
        trigger = source.split("_", 1)[0]
        url = self.urls.get((pool.id, trigger))
        if url is None:
            return None
        event = {
            "version": "1",
            "region": pool.id.split("_", 1)[0],
            "userPoolId": pool.id,
            "userName": username,
            "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": client_id or NO_CLIENT},
            "triggerSource": source,
            "request": request,
            "response": response,
        }
        record: dict[str, Any] = {"trigger": trigger, "event": json.loads(json.dumps(event)), "response": None}
        self.invocations.setdefault(pool.id, []).append(record)
        answer = self._post(trigger, url, event)
        returned = answer.get("response") if isinstance(answer, dict) else None
        if not isinstance(returned, dict):
            record["error"] = "InvalidLambdaResponseException"
            raise TriggerFault("InvalidLambdaResponseException", "Invalid lambda response received")
        record["response"] = returned
        return returned

    def _post(self, trigger: str, url: str, event: dict[str, Any]) -> Any:
        data = json.dumps(event).encode()
        request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
        self.lock.release()  # the test process's function may call the emulator
        try:
            with _DIRECT.open(request, timeout=TIMEOUT) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            try:
                error = json.loads(exc.read() or b"{}")
            except ValueError:
                error = {}
            message = str(error.get("errorMessage") or "the function failed")
            raise TriggerFault("UserLambdaValidationException", f"{trigger} failed with error {message}.") from None
        except (OSError, ValueError):
            raise TriggerFault("UnexpectedLambdaException", f"{trigger} invocation failed due to error.") from None
        finally:
            self.lock.acquire()

    # ---- the triggers of the sign-up and code-sending operations ----------------------------
    def custom_message(
        self, pool: Pool, user: User, source: str, client_id: str | None, metadata: Any
    ) -> dict[str, Any] | None:
        request = {
            "userAttributes": user_attributes(user),
            "codeParameter": "{####}",
            "usernameParameter": "{username}" if source == "CustomMessage_AdminCreateUser" else None,
            "clientMetadata": dict(metadata or {}),
        }
        response = {"smsMessage": None, "emailMessage": None, "emailSubject": None}
        return self.invoke(pool, source, user.username, client_id, request, response)

    def post_confirmation(self, pool: Pool, user: User, source: str, client_id: str | None, metadata: Any) -> None:
        request = {"userAttributes": user_attributes(user), "clientMetadata": dict(metadata or {})}
        self.invoke(pool, source, user.username, client_id, request, {})

    def pre_sign_up(
        self, pool: Pool, username: str, source: str, client_id: str | None, req: dict[str, Any]
    ) -> dict[str, Any]:
        """PreSignUp's decision (``autoConfirmUser``, ``autoVerifyEmail``, ``autoVerifyPhone``)."""
        request = {
            "userAttributes": pairs_to_dict(req.get("UserAttributes")),
            "validationData": pairs_to_dict(req.get("ValidationData")) or None,
            "clientMetadata": dict(req.get("ClientMetadata") or {}),
        }
        response = {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}
        return self.invoke(pool, source, username, client_id, request, response) or response

    # ---- control endpoints ------------------------------------------------------------
    def control(self, name: str, body: dict[str, Any], query: dict[str, str]) -> Any:
        """``triggers`` (POST: set or clear one), ``trigger_events`` and ``metadata`` (read)."""
        if name == "triggers":
            trigger = str(body.get("trigger", ""))
            if trigger not in TRIGGERS:
                raise ValueError(f"unknown trigger {trigger!r}: one of {', '.join(TRIGGERS)}")
            key = (str(body.get("pool_id", "")), trigger)
            if body.get("url"):
                self.urls[key] = str(body["url"])
            else:
                self.urls.pop(key, None)
            return {}
        pool_id = query.get("pool_id", "")
        if name == "trigger_events":
            return {"events": self.invocations.get(pool_id, [])}
        if name == "metadata":
            return {"calls": self.metadata.get(pool_id, [])}
        return None
