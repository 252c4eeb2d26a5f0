"""What the login glue of every framework shares: the client it needs, the signed login-state
cookie, and the checks of the callback (framework-free)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from ..exceptions import CognitoError, InvalidGrantError, InvalidRequestError
from . import AuthFailure

__all__ = [
    "LoginClient",
    "LoginState",
    "check_login_args",
    "login_scopes",
    "seal",
    "unseal",
    "checked_callback",
    "exchange_failure",
]

#: How long a login may take between the redirect to Cognito and the callback (seconds).
DEFAULT_MAX_AGE = 600


class LoginClient(Protocol):
    """What the login glue uses of :class:`fastcognito.OAuthClient` / ``AsyncOAuthClient``
    (either; the async one's methods are awaited)."""

    def authorization_url(
        self,
        *,
        scopes: Iterable[str],
        state: str | None = None,
        identity_provider: str | None = None,
        login_hint: str | None = None,
        prompt: str | None = None,
    ) -> Any: ...

    def exchange_code(self, code: str, code_verifier: str) -> Any: ...


class LoginState(dict[str, str]):
    """The state and PKCE verifier of one login in progress, kept by the browser until the
    callback (``state``, ``code_verifier``)."""


def login_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    if isinstance(scopes, str):
        raise TypeError('scopes must be a list of scope names, e.g. ["openid", "email"], not a str')
    found = tuple(scopes)
    if not found or not all(isinstance(s, str) and s for s in found):
        raise TypeError("scopes must be a non-empty list of scope names")
    return found


def check_login_args(client: Any, after_login: Any, max_age: Any, *, clients: str, after_login_shape: str) -> None:
    """What both frameworks' OAuthLogin check when built, before any request."""
    if not callable(getattr(client, "authorization_url", None)) or not callable(getattr(client, "exchange_code", None)):
        raise TypeError(f"client must be a {clients}")
    if after_login is not None and not callable(after_login):
        raise TypeError(f"after_login must be a callable {after_login_shape} -> response")
    if not isinstance(max_age, int) or max_age <= 0:
        raise ValueError("max_age must be a positive number of seconds")


def secret_bytes(secret_key: str | bytes) -> bytes:
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    if not isinstance(key, bytes) or len(key) < 16:
        raise ValueError("secret_key must be a str or bytes of at least 16 characters (keep it secret)")
    return key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, name: str, payload: str) -> str:
    # The cookie's name is signed with it: a value cannot be replayed under another name.
    return _b64(hmac.new(key, f"fastcognito-login|{name}|{payload}".encode(), hashlib.sha256).digest())


def seal(key: bytes, name: str, state: str, code_verifier: str, *, now: float | None = None) -> str:
    """The cookie value: the state, the verifier and the time, HMAC-SHA256 signed (not
    encrypted: the verifier is the browser's own, and the cookie is HttpOnly)."""
    issued = int(time.time() if now is None else now)
    payload = _b64(json.dumps({"s": state, "v": code_verifier, "t": issued}, separators=(",", ":")).encode())
    return f"{payload}.{_mac(key, name, payload)}"


def unseal(key: bytes, name: str, value: str | None, max_age: int, *, now: float | None = None) -> LoginState | None:
    """The login state of a cookie value; None when absent, forged, malformed or too old."""
    if not value:
        return None
    payload, _, mac = value.partition(".")
    if not hmac.compare_digest(mac.encode(), _mac(key, name, payload).encode()):
        return None
    try:
        found = json.loads(_unb64(payload))
        state, verifier, issued = found["s"], found["v"], found["t"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    if not (isinstance(state, str) and isinstance(verifier, str) and isinstance(issued, int)):
        return None
    age = (time.time() if now is None else now) - issued
    if not -60 <= age <= max_age:
        return None
    return LoginState(state=state, code_verifier=verifier)


def _refused(description: str, error: str = "invalid_request") -> AuthFailure:
    return AuthFailure(400, error, description)


def checked_callback(params: Mapping[str, str], saved: LoginState | None) -> tuple[str, str]:
    """The code and verifier of a callback request (its query ``params``), or AuthFailure 400:
    no login in progress, a state that is not this browser's, or an error from Cognito."""
    state = params.get("state")
    if saved is None:
        raise _refused("no sign-in is in progress in this browser (or it took too long): start again")
    if not state or not hmac.compare_digest(state.encode(), saved["state"].encode()):
        raise _refused("the sign-in's state does not match this browser's: start again")
    error = params.get("error")
    if error:
        # Cognito's own code (e.g. access_denied, invalid_scope), safe to show; its free text is not echoed.
        raise _refused(f"the sign-in failed: {error}", error if error.isidentifier() else "invalid_request")
    code = params.get("code")
    if not code:
        raise _refused("the callback has no authorization code")
    return code, saved["code_verifier"]


def exchange_failure(exc: CognitoError) -> AuthFailure:
    """The answer when the token endpoint refuses the code: 400 for a code that is spent,
    expired or not this login's (start again), 502 for anything else (the app's client or
    Cognito is wrong, not the browser)."""
    if isinstance(exc, (InvalidGrantError, InvalidRequestError)):
        return _refused(
            "the authorization code was refused (used, expired or not this sign-in's): start again", exc.error
        )
    return AuthFailure(502, "bad_gateway", "the sign-in could not be completed with Cognito")


def authorization_request(found: Any) -> tuple[str, str, str]:
    """``(url, state, code_verifier)`` of an AuthorizationRequest."""
    url, state, verifier = found.url, found.state, found.code_verifier
    if not (isinstance(url, str) and isinstance(state, str) and isinstance(verifier, str)):
        raise TypeError("authorization_url() must return an AuthorizationRequest (url, state, code_verifier)")
    return url, state, verifier


def tokens_of(found: Any) -> dict[str, Any]:
    if not isinstance(found, dict):
        raise TypeError("exchange_code() must return a dict of tokens")
    return found
