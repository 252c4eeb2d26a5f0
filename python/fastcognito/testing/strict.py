"""A WSGI layer in front of moto's server that makes its Cognito strict where moto is lenient
and fills in operations moto lacks. This module routes: each request is counted, handed to
the handler of its operation (or on to moto when moto's answer is right as it is), and its
error answers are scrubbed of anything secret the request held.

Strict: SECRET_HASH is verified wherever Cognito verifies it (sign-up, confirmation,
password recovery, USER_PASSWORD/ADMIN_USER_PASSWORD/SRP/refresh auth, challenge answers);
sign-up and forgot-password confirmation codes are generated here and must match; server
error messages never echo a token, password or hash from the request.

Where the handlers live: handler.py (the state and checks they share), sign_up.py (sign-up,
confirmation, recovery and their codes), password_auth.py (SRP, refresh and SMS MFA of the
password flows), account_ops.py (DeleteUser, RevokeToken, GlobalSignOut, attribute
verification, passkeys: operations moto lacks), control.py (the test-only ``/_emulator/``
endpoints), and the modules of each feature: user_auth.py, custom_auth.py, triggers.py and
trigger_ops.py, rotation.py, mfa.py, webauthn.py; remembered devices: devices.py (the store),
device_ops.py (the device operations), device_srp.py (the device challenges) and
sign_in_watch.py (where every sign-in meets devices and auth events); threat_protection.py
(context data, auth events); the managed login (OAuth 2.0 endpoints, not JSON targets):
oauth_endpoints.py, oauth_tokens.py, login_page.py, oauth_setup.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from . import (
    device_ops,
    issuer,
    mfa,
    oauth_endpoints,
    passkey_sign_in,  # noqa: F401  (adds WEB_AUTHN to user_auth, factors to mfa)
    threat_protection,
    trigger_ops,
    user_auth,
)
from .account_ops import AccountOps
from .control import REGION, Control
from .fault import Fault, Response
from .handler import TARGET_PREFIX, delivery_details, secret_hash
from .password_auth import PasswordAuth
from .sign_up import SignUp
from .triggers import TriggerFault

__all__ = [
    "REGION",
    "SECRET_MEMBERS",
    "SECRET_PARAMS",
    "TARGET_PREFIX",
    "Fault",
    "Response",
    "StrictCognito",
    "delivery_details",
    "secret_hash",
]

# Request members whose values must never come back in an error message.
SECRET_MEMBERS = {
    "Session",
    "AccessToken",
    "SecretHash",
    "Token",
    "ClientSecret",
    "Password",
    "PreviousPassword",
    "ProposedPassword",
}
SECRET_PARAMS = {"SECRET_HASH", "PASSWORD", "REFRESH_TOKEN", "NEW_PASSWORD", "REFRESH_TOKEN_AUTH"}


class StrictCognito(Control, AccountOps, SignUp, PasswordAuth, oauth_endpoints.OAuthEndpoints):
    """The emulator's WSGI app: ``op_<Operation>`` is the handler of each operation it
    answers itself (inherited from the handler mixins, or delegated below)."""

    # ---- WSGI -------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if path.startswith("/_emulator/"):
            status, headers, body = self.control(path[len("/_emulator/") :], environ)
        elif oauth_endpoints.serves(path):  # the managed login (its own locking)
            status, headers, body = self.oauth(path, environ)
        elif target.startswith(TARGET_PREFIX):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            raw = environ["wsgi.input"].read(length) if length else b""
            try:
                request = json.loads(raw or b"{}")
            except ValueError:
                request = {}
            op = target[len(TARGET_PREFIX) :]
            handler = getattr(self, "op_" + op, None)
            with self.lock:
                key = (str(request.get("ClientId") or request.get("UserPoolId") or ""), op)
                self.requests[key] = self.requests.get(key, 0) + 1
                signer = environ.get("HTTP_AUTHORIZATION", "").partition("Credential=")[2].partition("/")[0]
                if signer:
                    self.access_keys.setdefault(key[0], []).append(signer)
                try:
                    self.triggers.seen(op, request)
                    self.threats.seen(op, request)
                    if handler is None:
                        status, headers, body = self.forward(environ, request)
                    else:
                        status, headers, body = handler(environ, request)
                except Fault as fault:
                    status, headers, body = fault.response()
                except TriggerFault as fault:
                    status, headers, body = Fault(fault.code, fault.message).response()
            status, body = status, self.scrub(status, body, request)
        else:
            if path.endswith("/.well-known/jwks.json"):
                pool_id = path.strip("/").split("/")[0]
                with self.lock:
                    self.jwks_fetches[pool_id] = self.jwks_fetches.get(pool_id, 0) + 1
            return self.app(environ, start_response)  # type: ignore[no-any-return]
        reason = HTTPStatus(status).phrase
        headers = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "transfer-encoding")}
        headers["Content-Length"] = str(len(body))
        start_response(f"{status} {reason}", list(headers.items()))
        return [body]

    @staticmethod
    def scrub(status: int, body: bytes, request: dict[str, Any]) -> bytes:
        """Real Cognito never echoes a token, password or hash in an error; moto sometimes does."""
        if status < 400:
            return body
        try:
            err = json.loads(body)
        except ValueError:
            return body
        if not isinstance(err, dict):
            return body
        secrets_in_request = {str(v) for k, v in request.items() if k in SECRET_MEMBERS and v}
        for key in ("AuthParameters", "ChallengeResponses"):
            params = request.get(key) or {}
            secrets_in_request |= {str(v) for k, v in params.items() if k in SECRET_PARAMS and v}
        message = str(err.get("message", err.get("Message", "")))
        if any(s in message for s in secrets_in_request):
            err["message"] = "The request was not authorized."
            err.pop("Message", None)
            return json.dumps(err).encode()
        return body

    # ---- authentication: each flow to the module that runs it ---------------------------
    # Every sign-in goes through sign_in_watch.py (remembered devices, auth events).
    def op_InitiateAuth(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.watch.initiate(self, req, lambda: self.initiate_auth(environ, req))

    op_AdminInitiateAuth = op_InitiateAuth

    def op_RespondToAuthChallenge(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.watch.respond(self, req, lambda: self.respond_to_challenge(environ, req))

    op_AdminRespondToAuthChallenge = op_RespondToAuthChallenge

    def initiate_auth(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        params = self._check_auth_hash(pool, client, req.get("AuthFlow", ""), req.get("AuthParameters") or {})
        if req.get("AuthFlow") == "USER_AUTH":
            return self.answer(lambda: self.user_auth.initiate(pool, client, params))
        other_flow = user_auth.flow_for(req.get("AuthFlow", ""))
        if other_flow is not None:
            return other_flow(self, environ, dict(req, AuthParameters=params))  # type: ignore[no-any-return]
        if req.get("AuthFlow") == "USER_SRP_AUTH":
            return self.start_srp(pool, client, params)
        if req.get("AuthFlow") == "CUSTOM_AUTH":
            return self.json_response(self.custom_auth.start(pool, client, params))
        resp = self.forward(environ, dict(req, AuthParameters=params))
        return self.issue_mfa_code(pool, params.get("USERNAME"), resp)

    def answer(self, run: Callable[[], dict[str, Any]]) -> Response:
        """``run``'s answer, or the Cognito error it refused with."""
        try:
            return self.json_response(run())
        except user_auth.Refusal as refusal:
            raise Fault(refusal.code, refusal.message) from None

    def respond_to_challenge(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        session = req.get("Session") or ""
        if self.user_auth.owns(session):
            pool, client = self.client_of(req)
            responses = req.get("ChallengeResponses") or {}
            self.check_hash(client, responses.get("USERNAME"), responses.get("SECRET_HASH"))
            return self.answer(lambda: self.user_auth.respond(pool, client, req))
        other_flow = user_auth.flow_owning(session)
        if other_flow is not None:
            return other_flow(self, environ, req)  # type: ignore[no-any-return]
        if req.get("ChallengeName") == "PASSWORD_VERIFIER":
            return self.finish_srp(environ, req)
        pool, client = self.client_of(req)
        responses = req.get("ChallengeResponses") or {}
        self.check_hash(client, responses.get("USERNAME"), responses.get("SECRET_HASH"))
        if req.get("ChallengeName") == "CUSTOM_CHALLENGE":
            return self.json_response(self.custom_auth.respond(pool, client, req))
        if req.get("ChallengeName") == "SMS_MFA":
            self.check_sms_mfa(pool, responses)
        return self.forward(environ, req)

    # ---- refresh-token rotation (rotation.py), MFA preferences and factors (mfa.py) ------
    def op_GetTokensFromRefreshToken(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        token, device_key = str(req.get("RefreshToken") or ""), req.get("DeviceKey")
        return self.watch.refresh(
            self, token, device_key, lambda: self.json_response(self.rotation.get_tokens(self, req))
        )

    def op_CreateUserPoolClient(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        resp = self.forward(environ, req)
        self.rotation.client_saved(req, resp)
        return resp

    op_UpdateUserPoolClient = op_CreateUserPoolClient

    def op_SetUserMFAPreference(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.json_response(mfa.set_preference(self, req, admin=False))

    def op_AdminSetUserMFAPreference(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.json_response(mfa.set_preference(self, req, admin=True))

    def op_GetUserAuthFactors(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.json_response(mfa.auth_factors(self, req, admin=False))

    def op_AdminGetUserAuthFactors(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.json_response(mfa.auth_factors(self, req, admin=True))

    def op_GetUser(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return mfa.patch_user_answer(self, req, False, self.forward(environ, req))

    def op_AdminGetUser(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return mfa.patch_user_answer(self, req, True, self.forward(environ, req))

    # Operations whose triggers moto never runs (trigger_ops.py).
    op_AdminConfirmSignUp = trigger_ops.admin_confirm_sign_up
    op_AdminCreateUser = trigger_ops.admin_create_user
    op_UpdateUserAttributes = trigger_ops.update_user_attributes
    op_AdminUpdateUserAttributes = trigger_ops.admin_update_user_attributes

    # Remembered devices (device_ops.py) and threat protection's events (threat_protection.py).
    op_ConfirmDevice = device_ops.confirm_device
    op_ListDevices = device_ops.list_devices
    op_GetDevice = device_ops.get_device
    op_UpdateDeviceStatus = device_ops.update_device_status
    op_ForgetDevice = device_ops.forget_device
    op_AdminListDevices = device_ops.admin_list_devices
    op_AdminGetDevice = device_ops.admin_get_device
    op_AdminUpdateDeviceStatus = device_ops.admin_update_device_status
    op_AdminForgetDevice = device_ops.admin_forget_device
    op_AdminListUserAuthEvents = threat_protection.admin_list_user_auth_events
    op_AdminUpdateAuthEventFeedback = threat_protection.admin_update_auth_event_feedback

    # The pool's issuer format (issuer.py): moto stores IssuerConfiguration but checks nothing.
    def op_CreateUserPool(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        issuer.check_request(req)
        return self.forward(environ, req)

    op_UpdateUserPool = op_CreateUserPool
