"""A WSGI layer in front of moto's server that makes its Cognito strict where moto is lenient
and fills in operations moto lacks.

Strict: SECRET_HASH is verified wherever Cognito verifies it (sign-up, confirmation,
password recovery, USER_PASSWORD/ADMIN_USER_PASSWORD/SRP/refresh auth, challenge answers);
sign-up and forgot-password confirmation codes are generated here and must match; server
error messages never echo a token, password or hash from the request.

SRP: USER_SRP_AUTH is answered here with a real PASSWORD_VERIFIER challenge (the user's
password is read from moto's store, where every request that sets one leaves it), and the
PASSWORD_CLAIM_SIGNATURE, its timestamp and its SECRET_HASH (keyed on the internal username)
are verified before moto issues the tokens. moto accepts any proof.

Filled in: ResendConfirmationCode, DeleteUser, RevokeToken, GlobalSignOut,
GetUserAttributeVerificationCode and VerifyUserAttribute (moto answers HTTP 500, or
refuses GlobalSignOut); Lambda triggers and CUSTOM_AUTH (triggers.py, custom_auth.py).

Test-only control endpoints under ``/_emulator/``: ``setup`` (a pool with a public and a
secret app client), ``user`` (a confirmed user with a permanent password), ``codes`` (the
codes "sent" to a user), ``sms_mfa`` (turn SMS MFA on for a user), ``stats`` (how often a
pool's JWKS was downloaded), ``reset``. SMS MFA codes are generated here too and must match.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import secrets
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from . import (
    _moto,
    mfa,
    passkey_sign_in,  # noqa: F401  (adds WEB_AUTHN to user_auth, factors to mfa)
    rotation,
    srp_server,
    trigger_ops,
    user_auth,
)
from ._moto import AppClient, Pool, User
from .custom_auth import CustomAuth
from .triggers import TriggerFault, Triggers

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
REGION = "us-east-1"
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

Response = tuple[int, dict[str, str], bytes]


class Fault(Exception):
    """A Cognito error answer."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status

    def response(self) -> Response:
        body = json.dumps({"__type": self.code, "message": self.message}).encode()
        return self.status, {"Content-Type": "application/x-amz-json-1.1", "X-Amzn-ErrorType": self.code}, body


def secret_hash(secret: str, username: str, client_id: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _mask(value: str) -> str:
    if "@" in value:
        name, domain = value.split("@", 1)
        return f"{name[:1]}***@{domain[:1]}***"
    return "+*******" + value[-4:]


def delivery_details(user: User) -> dict[str, str] | None:
    """Where a code for ``user`` goes: email if it has one, else the phone number."""
    attrs = user.attributes
    for name, medium in (("email", "EMAIL"), ("phone_number", "SMS")):
        if attrs.get(name):
            return {"Destination": _mask(attrs[name]), "DeliveryMedium": medium, "AttributeName": name}
    return None


class StrictCognito:
    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.lock = threading.RLock()
        # (pool id, internal username, purpose) -> code
        self.codes: dict[tuple[str, str, str], str] = {}
        # SECRET_BLOCK -> (pool, client, exchange) of SRP logins in progress
        self.srp: dict[str, tuple[Pool, AppClient, srp_server.Exchange]] = {}
        # How many times each pool's JWKS was downloaded (``/_emulator/stats``).
        self.jwks_fetches: dict[str, int] = {}
        # Choice-based sign-in (USER_AUTH) and its one-time codes, kept in ``codes``.
        self.user_auth = user_auth.UserAuth(self.codes)
        # (client or pool id, operation) -> requests received (``/_emulator/requests``).
        self.requests: dict[tuple[str, str], int] = {}
        self.rotation = rotation.Rotation()
        # Lambda triggers (Python callables in the test process) and CUSTOM_AUTH attempts.
        self.triggers = Triggers(self.lock)
        self.custom_auth = CustomAuth(self.triggers)

    # ---- WSGI -------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if path.startswith("/_emulator/"):
            status, headers, body = self.control(path[len("/_emulator/") :], environ)
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
                try:
                    self.triggers.seen(op, request)
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
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}.get(status, "")
        headers = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "transfer-encoding")}
        headers["Content-Length"] = str(len(body))
        start_response(f"{status} {reason}", list(headers.items()))
        return [body]

    def forward(self, environ: dict[str, Any], request: dict[str, Any]) -> Response:
        """Sends ``request`` on to moto and collects its answer."""
        raw = json.dumps(request).encode()
        env = dict(environ)
        env["wsgi.input"] = io.BytesIO(raw)
        env["CONTENT_LENGTH"] = str(len(raw))
        captured: dict[str, Any] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            captured["status"] = int(status.split()[0])
            captured["headers"] = dict(headers)

        chunks = self.app(env, start)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close:
                close()
        return captured["status"], captured["headers"], body

    def forward_ok(self, environ: dict[str, Any], request: dict[str, Any]) -> tuple[Response, dict[str, Any]]:
        resp = self.forward(environ, request)
        data = json.loads(resp[2] or b"{}") if resp[0] == 200 else {}
        return resp, data

    @staticmethod
    def json_response(data: dict[str, Any], status: int = 200) -> Response:
        return status, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(data).encode()

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

    # ---- checks -----------------------------------------------------------------------
    def client_of(self, request: dict[str, Any]) -> tuple[Pool, AppClient]:
        found = _moto.find_client(request.get("ClientId", ""))
        if found is None:
            raise Fault("ResourceNotFoundException", f"User pool client {request.get('ClientId')} does not exist.")
        return found

    @staticmethod
    def check_hash(client: AppClient, username: str | None, given: str | None) -> None:
        if not client.has_secret:
            return
        if (
            not given
            or username is None
            or not hmac.compare_digest(given, secret_hash(client.secret, username, client.id))
        ):
            raise Fault("NotAuthorizedException", f"Unable to verify secret hash for client {client.id}")

    @staticmethod
    def user_of(pool: Pool, username: str) -> User:
        user = pool.user(username)
        if user is None:
            raise Fault("UserNotFoundException", "Username/client id combination not found.")
        return user

    def new_code(self, pool: Pool, user: User, purpose: str) -> str:
        code = f"{secrets.randbelow(10**6):06d}"
        self.codes[(pool.id, user.username, purpose)] = code
        return code

    def check_code(self, pool: Pool, user: User, purpose: str, given: str | None) -> None:
        expected = self.codes.get((pool.id, user.username, purpose))
        if expected is None or not given or not hmac.compare_digest(expected, given):
            raise Fault("CodeMismatchException", "Invalid verification code provided, please try again.")
        del self.codes[(pool.id, user.username, purpose)]

    @staticmethod
    def refresh_owner(pool: Pool, token: str | None) -> str | None:
        """The internal username (what Cognito keys a refresh's SECRET_HASH on)."""
        entry = pool.refresh_token(token or "")
        user = pool.user(entry[1]) if entry else None
        return user.username if user is not None else None

    # ---- sign-up and recovery ---------------------------------------------------------
    def op_SignUp(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        decision = self.triggers.pre_sign_up(pool, req.get("Username", ""), "PreSignUp_SignUp", client.id, req)
        resp, data = self.forward_ok(environ, req)
        if resp[0] != 200:
            return resp
        user = pool.user(req["Username"])
        data.pop("CodeDeliveryDetails", None)
        if user is not None and trigger_ops.apply_pre_sign_up(user, decision):
            data["UserConfirmed"] = True
        if user is not None and user.is_unconfirmed:
            self.new_code(pool, user, "signup")
            details = delivery_details(user)
            if details:
                data["CodeDeliveryDetails"] = details
            self.triggers.custom_message(pool, user, "CustomMessage_SignUp", client.id, req.get("ClientMetadata"))
        return self.json_response(data)

    def op_ConfirmSignUp(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        user = self.user_of(pool, req.get("Username", ""))
        self.check_code(pool, user, "signup", req.get("ConfirmationCode"))
        resp = self.forward(environ, req)
        if resp[0] == 200:
            metadata = req.get("ClientMetadata")
            self.triggers.post_confirmation(pool, user, "PostConfirmation_ConfirmSignUp", client.id, metadata)
        return resp

    def op_ResendConfirmationCode(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        user = self.user_of(pool, req.get("Username", ""))
        if not user.is_unconfirmed:
            raise Fault("InvalidParameterException", "User is already confirmed.")
        self.new_code(pool, user, "signup")
        details = delivery_details(user)
        self.triggers.custom_message(pool, user, "CustomMessage_ResendCode", client.id, req.get("ClientMetadata"))
        return self.json_response({"CodeDeliveryDetails": details} if details else {})

    def op_ForgotPassword(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        user = pool.user(req.get("Username", ""))
        if user is not None and delivery_details(user) is None:
            raise Fault(
                "InvalidParameterException",
                "Cannot reset password for the user as there is no registered/verified email or phone_number",
            )
        resp, data = self.forward_ok(environ, req)
        if resp[0] != 200:
            return resp
        if user is not None:
            self.new_code(pool, user, "forgot")
            details = delivery_details(user)
            if details:
                data["CodeDeliveryDetails"] = details
            metadata = req.get("ClientMetadata")
            self.triggers.custom_message(pool, user, "CustomMessage_ForgotPassword", client.id, metadata)
        return self.json_response(data)

    def op_ConfirmForgotPassword(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        user = self.user_of(pool, req.get("Username", ""))
        self.check_code(pool, user, "forgot", req.get("ConfirmationCode"))
        # moto accepts any code that does not look like its own.
        resp = self.forward(environ, dict(req, ConfirmationCode="verified-by-emulator"))
        if resp[0] == 200 and user.is_reset_required:
            user.mark_confirmed()  # as Cognito does (moto leaves RESET_REQUIRED)
        if resp[0] == 200:
            metadata = req.get("ClientMetadata")
            self.triggers.post_confirmation(pool, user, "PostConfirmation_ConfirmForgotPassword", client.id, metadata)
        return resp

    def op_AdminResetUserPassword(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        resp = self.forward(environ, req)
        if resp[0] == 200:
            pool = _moto.find_pool(req.get("UserPoolId", ""))
            if pool is not None:
                user = pool.user(req.get("Username", ""))
                if user is not None:
                    self.new_code(pool, user, "forgot")
                    metadata = req.get("ClientMetadata")
                    self.triggers.custom_message(pool, user, "CustomMessage_ForgotPassword", None, metadata)
        return resp

    # ---- authentication ---------------------------------------------------------------
    def _check_auth_hash(self, pool: Pool, client: AppClient, flow: str, params: dict[str, str]) -> dict[str, str]:
        """Checks SECRET_HASH; returns the parameters to hand on to moto."""
        self.rotation.check_flow(client.id, flow)
        if flow not in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
            self.check_hash(client, params.get("USERNAME"), params.get("SECRET_HASH"))
            return params
        owner = self.refresh_owner(pool, params.get("REFRESH_TOKEN"))
        if owner is None:
            raise Fault("NotAuthorizedException", "Invalid Refresh Token.")
        self.check_hash(client, owner, params.get("SECRET_HASH"))
        entry = pool.refresh_token(params["REFRESH_TOKEN"])
        assert entry is not None  # refresh_owner found it
        if client.has_secret and entry[1] != owner:
            # moto keys this hash on the name typed at login (an alias), Cognito on the
            # internal username, which was checked above: give moto the hash it expects.
            params = dict(params, SECRET_HASH=secret_hash(client.secret, entry[1], client.id))
        return params

    def op_InitiateAuth(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
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

    def start_srp(self, pool: Pool, client: AppClient, params: dict[str, str]) -> Response:
        user = pool.user(params.get("USERNAME", ""))
        if user is None:
            raise Fault("UserNotFoundException", "User does not exist.")
        try:
            exchange = srp_server.start(
                pool.id.split("_", 1)[1], user.username, user.password or "", params.get("SRP_A", "")
            )
        except ValueError:
            raise Fault("InvalidParameterException", "SRP_A is not a valid SRP value.") from None
        block = srp_server.challenge_parameters(exchange)["SECRET_BLOCK"]
        self.srp[block] = (pool, client, exchange)
        return self.json_response(
            {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": srp_server.challenge_parameters(exchange)}
        )

    def finish_srp(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        responses = req.get("ChallengeResponses") or {}
        pending = self.srp.pop(responses.get("PASSWORD_CLAIM_SECRET_BLOCK", ""), None)
        if pending is None:
            raise Fault("NotAuthorizedException", "Invalid session for the user.")
        pool, client, exchange = pending
        if client.id != req.get("ClientId"):
            raise Fault("NotAuthorizedException", "Invalid session for the user.")
        user = pool.user(responses.get("USERNAME", ""))
        if user is None or user.username != exchange.user_id:
            raise Fault("NotAuthorizedException", "Incorrect username or password.")
        # Cognito keys this SECRET_HASH on the internal username, whatever name was typed.
        self.check_hash(client, exchange.user_id, responses.get("SECRET_HASH"))
        timestamp = responses.get("TIMESTAMP", "")
        if not srp_server.timestamp_ok(timestamp):
            raise Fault("NotAuthorizedException", "Invalid TIMESTAMP.")
        expected = srp_server.expected_signature(exchange, timestamp)
        if not hmac.compare_digest(expected, responses.get("PASSWORD_CLAIM_SIGNATURE", "")):
            raise Fault("NotAuthorizedException", "Incorrect username or password.")
        # The proof holds: let moto run the rest of the login (status, MFA, tokens).
        admin = {
            "UserPoolId": pool.id,
            "ClientId": client.id,
            "AuthFlow": "ADMIN_NO_SRP_AUTH",
            "AuthParameters": {"USERNAME": exchange.user_id, "PASSWORD": user.password},
        }
        env = dict(environ, HTTP_X_AMZ_TARGET=TARGET_PREFIX + "AdminInitiateAuth")
        resp = self.issue_mfa_code(pool, exchange.user_id, self.forward(env, admin))
        if resp[0] == 200:
            data = json.loads(resp[2])
            if "ChallengeName" in data:
                data.setdefault("ChallengeParameters", {})["USER_ID_FOR_SRP"] = exchange.user_id
                return self.json_response(data)
        return resp

    op_AdminInitiateAuth = op_InitiateAuth

    def issue_mfa_code(self, pool: Pool, username: str | None, resp: Response) -> Response:
        """moto accepts any SMS code; here the challenge gets a code that must be answered."""
        if resp[0] != 200 or username is None:
            return resp
        data = json.loads(resp[2])
        if data.get("ChallengeName") == "SMS_MFA":
            user = self.user_of(pool, username)
            self.new_code(pool, user, "mfa")
            details = delivery_details(user) or {}
            data["ChallengeParameters"] = {
                "CODE_DELIVERY_DELIVERY_MEDIUM": details.get("DeliveryMedium", "SMS"),
                "CODE_DELIVERY_DESTINATION": details.get("Destination", ""),
                "USER_ID_FOR_SRP": user.username,
            }
            return self.json_response(data)
        return resp

    def answer(self, run: Callable[[], dict[str, Any]]) -> Response:
        """``run``'s answer, or the Cognito error it refused with."""
        try:
            return self.json_response(run())
        except user_auth.Refusal as refusal:
            raise Fault(refusal.code, refusal.message) from None

    def op_RespondToAuthChallenge(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
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
            user = self.user_of(pool, responses.get("USERNAME", ""))
            self.check_code(pool, user, "mfa", responses.get("SMS_MFA_CODE"))
        return self.forward(environ, req)

    op_AdminRespondToAuthChallenge = op_RespondToAuthChallenge

    # ---- operations moto lacks --------------------------------------------------------
    def op_DeleteUser(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        token = req.get("AccessToken", "")
        for pool in _moto.pools():
            username = pool.access_token_owner(token)
            if username is not None:
                pool.delete_user(username)
                pool.drop_access_tokens(username)
                from . import webauthn

                webauthn.forget_user(pool.id, username)
                return self.json_response({})
        raise Fault("NotAuthorizedException", "Invalid Access Token")

    def token_owner(self, token: str) -> tuple[Pool, User]:
        """(pool, user) of a current access token."""
        for pool in _moto.pools():
            username = pool.access_token_owner(token)
            user = pool.user(username) if username is not None else None
            if user is not None:
                return pool, user
        raise Fault("NotAuthorizedException", "Invalid Access Token")

    def op_GlobalSignOut(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, user = self.token_owner(req.get("AccessToken", ""))
        pool.sign_out(user.username)
        return self.json_response({})

    def op_GetUserAttributeVerificationCode(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, user = self.token_owner(req.get("AccessToken", ""))
        name = req.get("AttributeName", "")
        value = user.attributes.get(name)
        if name not in ("email", "phone_number") or not value:
            raise Fault("InvalidParameterException", f"The user has no {name} to verify.")
        self.new_code(pool, user, f"verify:{name}")
        medium = "EMAIL" if name == "email" else "SMS"
        details = {"Destination": _mask(value), "DeliveryMedium": medium, "AttributeName": name}
        client_id, metadata = pool.access_token_client(req.get("AccessToken", "")), req.get("ClientMetadata")
        self.triggers.custom_message(pool, user, "CustomMessage_VerifyUserAttribute", client_id, metadata)
        return self.json_response({"CodeDeliveryDetails": details})

    def op_VerifyUserAttribute(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, user = self.token_owner(req.get("AccessToken", ""))
        name = req.get("AttributeName", "")
        self.check_code(pool, user, f"verify:{name}", req.get("Code"))
        user.set_attribute(f"{name}_verified", "true")
        return self.json_response({})

    def op_RevokeToken(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        if client.has_secret and not hmac.compare_digest(req.get("ClientSecret") or "", client.secret):
            raise Fault("NotAuthorizedException", f"Client {client.id} is not authorized: invalid client secret.")
        token = req.get("Token", "")
        if token.count(".") == 2:
            raise Fault("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.")
        entry = pool.refresh_token(token)
        if entry is not None:
            if entry[0] != client.id:
                raise Fault("NotAuthorizedException", "The token was not issued to this client.")
            pool.revoke_refresh_token(token)
        return self.json_response({})

    # ---- passkeys: fastcognito.testing.webauthn does the work (imported here: it imports Fault)
    def passkeys(self, operation: str, req: dict[str, Any]) -> Response:
        from . import webauthn

        pool, user = self.token_owner(req.get("AccessToken", ""))
        return self.json_response(webauthn.handle(operation, pool.id, user.username, req))

    def op_StartWebAuthnRegistration(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.passkeys("StartWebAuthnRegistration", req)

    def op_CompleteWebAuthnRegistration(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.passkeys("CompleteWebAuthnRegistration", req)

    def op_ListWebAuthnCredentials(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.passkeys("ListWebAuthnCredentials", req)

    def op_DeleteWebAuthnCredential(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.passkeys("DeleteWebAuthnCredential", req)

    # ---- refresh-token rotation (rotation.py), MFA preferences and factors (mfa.py) ------
    def op_GetTokensFromRefreshToken(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.json_response(self.rotation.get_tokens(self, req))

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

    # ---- control endpoints ------------------------------------------------------------
    def control(self, name: str, environ: dict[str, Any]) -> Response:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}") if length else {}
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        with self.lock:
            if name == "setup":
                try:
                    user_auth.UserAuth.check_first_factors(body.get("first_factors"))
                except ValueError as exc:
                    return 400, {"Content-Type": "text/plain"}, str(exc).encode()
                return self.json_response(self.setup(body))
            if name == "codes":
                pool = _moto.find_pool(query.get("pool_id", ""))
                user = pool.user(query.get("username", "")) if pool else None
                key = (pool.id, user.username) if pool is not None and user is not None else ("", "")
                return self.json_response(
                    {
                        p: self.codes.get((*key, p))
                        for p in (
                            "signup",
                            "forgot",
                            "mfa",
                            "verify:email",
                            "verify:phone_number",
                            *user_auth.CODE_PURPOSES,
                        )
                    }
                )
            if name == "user":
                return self.create_user(body)
            if name == "stats":
                return self.json_response({"jwks_fetches": self.jwks_fetches.get(query.get("pool_id", ""), 0)})
            if name == "sms_mfa":
                pool = _moto.find_pool(body.get("pool_id", ""))
                user = pool.user(body.get("username", "")) if pool else None
                if user is None:
                    return 404, {"Content-Type": "text/plain"}, b"no such user"
                user.prefer_sms_mfa()
                return self.json_response({})
            if name in user_auth.CONTROLS:
                return self.user_auth_control(name, body)
            if name == "requests":
                wanted = query.get("id", "")
                return self.json_response({op: n for (who, op), n in self.requests.items() if who == wanted})
            if name == "rotation":
                try:
                    self.rotation.configure(str(body["client_id"]), bool(body["enabled"]), float(body["grace_period"]))
                except (KeyError, TypeError, ValueError) as exc:
                    return 400, {"Content-Type": "text/plain"}, str(exc).encode()
                return self.json_response(self.rotation.describe(str(body["client_id"])))
            if name in ("triggers", "trigger_events", "metadata"):
                try:
                    return self.json_response(self.triggers.control(name, body, query))
                except ValueError as exc:
                    return 400, {"Content-Type": "text/plain"}, str(exc).encode()
            if name == "reset":
                self.user_auth.reset()
                self.rotation.reset()
                self.requests.clear()
                self.codes.clear()
                self.srp.clear()
                self.triggers.reset()
                self.custom_auth.reset()
                _moto.reset()
                from . import webauthn

                webauthn.reset()
                return self.json_response({})
        return 404, {"Content-Type": "text/plain"}, b"unknown control endpoint"

    def user_auth_control(self, name: str, body: dict[str, Any]) -> Response:
        pool = _moto.find_pool(str(body.get("pool_id", "")))
        if pool is None:
            return 404, {"Content-Type": "text/plain"}, b"no such pool"
        try:
            return self.json_response(self.user_auth.control(pool, name, body))
        except (KeyError, ValueError) as exc:
            return 400, {"Content-Type": "text/plain"}, str(exc).encode()

    def create_user(self, body: dict[str, Any]) -> Response:
        """A confirmed user with a permanent password and the given (verified) attributes."""
        pool = _moto.find_pool(str(body.get("pool_id", "")))
        if pool is None:
            return 404, {"Content-Type": "text/plain"}, b"no such pool"
        attributes = [{"Name": k, "Value": str(v)} for k, v in dict(body.get("attributes") or {}).items()]
        for name in ("email", "phone_number"):
            if any(a["Name"] == name for a in attributes):
                attributes.append({"Name": f"{name}_verified", "Value": "true"})
        try:
            user = pool.create_confirmed_user(str(body["username"]), str(body["password"]), attributes)
        except Exception as exc:  # moto's own refusal (existing user, weak password): say which
            return 400, {"Content-Type": "text/plain"}, type(exc).__name__.encode()
        return self.json_response({"username": user.username})

    def setup(self, options: dict[str, Any]) -> dict[str, Any]:
        """A pool (email auto-verified, optional email/phone usernames) with two app clients."""
        config: dict[str, Any] = {
            "AutoVerifiedAttributes": ["email"],
            "Policies": {
                "PasswordPolicy": {
                    "MinimumLength": 8,
                    "RequireUppercase": True,
                    "RequireLowercase": True,
                    "RequireNumbers": True,
                    "RequireSymbols": False,
                }
            },
        }
        if options.get("username_attributes"):
            config["UsernameAttributes"] = options["username_attributes"]
        pool = _moto.create_pool(REGION, options.get("name", "fastcognito-test"), config)
        flows = [
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_AUTH",
            "ALLOW_CUSTOM_AUTH",
        ]
        self.user_auth.configure(pool.id, options.get("first_factors"))
        if options.get("relying_party_id") or options.get("passkey_user_verification"):
            from . import webauthn

            webauthn.configure(
                pool.id,
                relying_party_id=options.get("relying_party_id"),
                user_verification=options.get("passkey_user_verification"),
            )
        rotate = options.get("refresh_token_rotation")
        if rotate:  # Cognito wants ALLOW_REFRESH_TOKEN_AUTH off on a rotating client
            flows.remove("ALLOW_REFRESH_TOKEN_AUTH")
        public = pool.create_client("public", False, flows)
        private = pool.create_client("with-secret", True, flows)
        if rotate:
            grace = float(options.get("retry_grace_period_seconds") or 0)
            for client in (public, private):
                self.rotation.configure(client.id, True, grace)
        if options.get("mfa_configuration"):
            _moto.set_pool_mfa(pool, str(options["mfa_configuration"]))
        return {
            "region": REGION,
            "pool_id": pool.id,
            "public_client_id": public.id,
            "secret_client_id": private.id,
            "client_secret": private.secret,
        }
