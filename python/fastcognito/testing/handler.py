"""What every operation handler of the strict emulator shares: its state, moto behind it
(:meth:`Handler.forward`), and the checks Cognito makes on most calls (the app client,
SECRET_HASH, the user, one-time codes, the owner of a token).

The handler mixins (sign_up.py, password_auth.py, account_ops.py, control.py) build on
:class:`Handler`; strict.py's ``StrictCognito`` joins them and routes each request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import secrets
import threading
from collections.abc import Callable
from typing import Any

from . import _moto, rotation, srp_server, user_auth
from ._moto import AppClient, Pool, User
from .custom_auth import CustomAuth
from .devices import Devices
from .fault import Fault, Response
from .sign_in_watch import SignInWatch
from .threat_protection import ThreatProtection
from .triggers import Triggers

TARGET_PREFIX = "AWSCognitoIdentityProviderService."


def secret_hash(secret: str, username: str, client_id: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def mask(value: str) -> str:
    if "@" in value:
        name, domain = value.split("@", 1)
        return f"{name[:1]}***@{domain[:1]}***"
    return "+*******" + value[-4:]


def delivery_details(user: User) -> dict[str, str] | None:
    """Where a code for ``user`` goes: email if it has one, else the phone number."""
    attrs = user.attributes
    for name, medium in (("email", "EMAIL"), ("phone_number", "SMS")):
        if attrs.get(name):
            return {"Destination": mask(attrs[name]), "DeliveryMedium": medium, "AttributeName": name}
    return None


class Handler:
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
        # The access key id of each signed request per client or pool id: whose credentials signed.
        self.access_keys: dict[str, list[str]] = {}
        self.rotation = rotation.Rotation()
        # Lambda triggers (Python callables in the test process) and CUSTOM_AUTH attempts.
        self.triggers = Triggers(self.lock)
        self.custom_auth = CustomAuth(self.triggers)
        # Remembered devices, the sign-ins that meet them, threat protection (context data, events).
        self.devices = Devices()
        self.watch = SignInWatch()
        self.threats = ThreatProtection()

    # ---- moto -------------------------------------------------------------------------
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

    def token_owner(self, token: str) -> tuple[Pool, User]:
        """(pool, user) of a current access token."""
        for pool in _moto.pools():
            username = pool.access_token_owner(token)
            user = pool.user(username) if username is not None else None
            if user is not None:
                return pool, user
        raise Fault("NotAuthorizedException", "Invalid Access Token")
