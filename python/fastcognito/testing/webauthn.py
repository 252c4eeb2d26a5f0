"""Passkeys in the emulator: the four WebAuthn operations of a signed-in user, and the
verification of a passkey sign-in, as functions keyed on (pool id, internal username).

strict.py dispatches StartWebAuthnRegistration, CompleteWebAuthnRegistration,
ListWebAuthnCredentials and DeleteWebAuthnCredential to :func:`handle`. The ``WEB_AUTHN``
sign-in challenge of USER_AUTH uses :func:`webauthn_challenge` (its ChallengeParameters,
and the challenge to keep with the session) and :func:`answer_webauthn` (checks the
``CREDENTIAL`` answer); :func:`verify_assertion` is the check itself.

Verified as a relying party must (WebAuthn Level 3, sections 7.1 and 7.2): the client data's
type, challenge and origin; the RP id hash; the UP flag, and UV when the pool requires it;
BS only with BE; the attestation (``none``, or ``packed`` self-attestation with the new
key) and the assertion signature over authenticatorData || SHA-256(clientDataJSON), ES256;
a signature counter that grows. Refusals carry the codes the API Reference lists (see the
"Modern sign-in" part of docs/compat.md for which refusal gets which code).

The relying party id is ``localhost`` unless the pool was set up with ``relying_party_id``;
an origin is allowed when its host is the RP id or a subdomain of it, over https (http too
for localhost, which browsers treat as secure). A ceremony run in a cross-origin iframe
(``crossOrigin: true``, with a ``topOrigin``) is refused like a foreign origin: the pool's
pages are expected at the top level, as browsers run them (``crossOrigin: false``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from . import _cbor
from .authenticator import AT, BE, BS, ES256, UP, UV, b64url, b64url_decode
from .strict import Fault

__all__ = [
    "Config",
    "Credential",
    "configure",
    "reset",
    "handle",
    "start_registration",
    "complete_registration",
    "list_credentials",
    "delete_credential",
    "has_passkey",
    "forget_user",
    "request_options",
    "verify_assertion",
    "webauthn_challenge",
    "answer_webauthn",
]

#: How long a registration or sign-in challenge stays valid (the options' ``timeout``).
TIMEOUT_MS = 180_000
#: Passkeys one user may register (Cognito's limit is not documented; LimitExceededException past it).
MAX_PASSKEYS = 20


@dataclass
class Config:
    """A pool's passkey settings (Cognito's ``WebAuthnConfiguration``)."""

    relying_party_id: str = "localhost"
    user_verification: str = "preferred"  # or "required"


@dataclass
class Credential:
    """A registered passkey."""

    credential_id: str  # base64url
    pool_id: str
    username: str
    public_key: ec.EllipticCurvePublicKey
    relying_party_id: str
    sign_count: int
    transports: list[str]
    attachment: str | None
    created_at: float
    name: str

    def description(self) -> dict[str, Any]:
        """As ListWebAuthnCredentials lists it."""
        out: dict[str, Any] = {
            "CredentialId": self.credential_id,
            "FriendlyCredentialName": self.name,
            "RelyingPartyId": self.relying_party_id,
            "AuthenticatorTransports": list(self.transports),
            "CreatedAt": self.created_at,
        }
        if self.attachment:
            out["AuthenticatorAttachment"] = self.attachment
        return out


@dataclass
class _Pending:
    challenge: str
    client_id: str
    expires: float


@dataclass
class _State:
    configs: dict[str, Config] = field(default_factory=dict)
    # (pool id, username) -> the registration started last
    pending: dict[tuple[str, str], _Pending] = field(default_factory=dict)
    # pool id -> credential id -> credential, in registration order
    credentials: dict[str, dict[str, Credential]] = field(default_factory=dict)
    # (pool id, username) -> the WebAuthn user handle (user.id), stable per user
    handles: dict[tuple[str, str], str] = field(default_factory=dict)


_state = _State()


def configure(pool_id: str, *, relying_party_id: str | None = None, user_verification: str | None = None) -> Config:
    """Sets a pool's passkey settings (what SetUserPoolMfaConfig's WebAuthnConfiguration holds)."""
    config = _state.configs.setdefault(pool_id, Config())
    if relying_party_id is not None:
        config.relying_party_id = relying_party_id
    if user_verification is not None:
        if user_verification not in ("required", "preferred"):
            raise ValueError("user_verification must be 'required' or 'preferred'")
        config.user_verification = user_verification
    return config


def _config(pool_id: str) -> Config:
    return _state.configs.get(pool_id) or Config()


def reset() -> None:
    """Forgets every passkey, setting and challenge."""
    global _state
    _state = _State()


def _now() -> float:
    return time.time()


def _user_handle(pool_id: str, username: str) -> str:
    return _state.handles.setdefault((pool_id, username), b64url(secrets.token_bytes(16)))


def _user_credentials(pool_id: str, username: str) -> list[Credential]:
    return [c for c in _state.credentials.get(pool_id, {}).values() if c.username == username]


def has_passkey(pool_id: str, username: str) -> bool:
    """Whether the user has a passkey (WEB_AUTHN is then an available challenge)."""
    return bool(_user_credentials(pool_id, username))


def forget_user(pool_id: str, username: str) -> None:
    """Drops a deleted user's passkeys."""
    creds = _state.credentials.get(pool_id, {})
    for cred_id in [k for k, c in creds.items() if c.username == username]:
        del creds[cred_id]
    _state.pending.pop((pool_id, username), None)


# ---- parsing what a client sends --------------------------------------------------------
def _credential_json(credential: Any, code: str) -> dict[str, Any]:
    if isinstance(credential, str):
        try:
            credential = json.loads(credential)
        except ValueError:
            raise Fault(code, "The credential is not valid JSON.") from None
    if not isinstance(credential, dict) or not isinstance(credential.get("response"), dict):
        raise Fault(code, "The credential is not a WebAuthn public key credential.")
    if credential.get("type") != "public-key":
        raise Fault(code, "The credential type must be public-key.")
    return credential


def _field(obj: dict[str, Any], name: str, code: str) -> bytes:
    try:
        return b64url_decode(obj.get(name))  # type: ignore[arg-type]
    except ValueError:
        raise Fault(code, f"{name} is missing or not base64url.") from None


def _client_data(raw: bytes, kind: str, code: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise Fault(code, "clientDataJSON is not a JSON object.")
    if data.get("type") != kind:
        raise Fault(code, f"clientDataJSON type must be {kind}.")
    return data


def _origin_allowed(origin: Any, rp_id: str) -> bool:
    if not isinstance(origin, str):
        return False
    parts = urlsplit(origin)
    host = parts.hostname or ""
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in ("localhost", "127.0.0.1"))
    return secure and (host == rp_id or host.endswith("." + rp_id))


def _client_origin_allowed(client_data: dict[str, Any], rp_id: str) -> bool:
    """The client data's origin, and its frame: a relying party that does not embed its sign-in
    in other sites' frames must refuse what such a frame made (WebAuthn L3, 7.1 step 10)."""
    if client_data.get("crossOrigin") not in (None, False) or "topOrigin" in client_data:
        return False
    return _origin_allowed(client_data.get("origin"), rp_id)


@dataclass
class _AuthData:
    rp_id_hash: bytes
    flags: int
    sign_count: int
    credential_id: bytes = b""
    cose_key: dict[Any, Any] | None = None


def _auth_data(raw: bytes, code: str) -> _AuthData:
    if len(raw) < 37:
        raise Fault(code, "authenticatorData is too short.")
    parsed = _AuthData(raw[:32], raw[32], struct.unpack(">I", raw[33:37])[0])
    if parsed.flags & AT:
        rest = raw[37:]
        if len(rest) < 18:
            raise Fault(code, "attested credential data is truncated.")
        length = struct.unpack(">H", rest[16:18])[0]
        parsed.credential_id = rest[18 : 18 + length]
        if len(parsed.credential_id) != length or length > 1023:
            raise Fault(code, "the credential id is truncated or too long.")
        try:
            key, _extensions = _cbor.decode_first(rest[18 + length :])
        except _cbor.CBORError:
            raise Fault(code, "the credential public key is not CBOR.") from None
        parsed.cose_key = key if isinstance(key, dict) else None
    return parsed


def _es256_key(cose: dict[Any, Any] | None) -> ec.EllipticCurvePublicKey:
    if not cose or cose.get(1) != 2 or cose.get(3) != ES256 or cose.get(-1) != 1:
        raise Fault("WebAuthnCredentialNotSupportedException", "Only ES256 (P-256) passkeys are supported.")
    x, y = cose.get(-2), cose.get(-3)
    if not isinstance(x, bytes) or not isinstance(y, bytes) or len(x) != 32 or len(y) != 32:
        raise Fault("WebAuthnCredentialNotSupportedException", "The credential public key is malformed.")
    try:
        return ec.EllipticCurvePublicNumbers(
            int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
        ).public_key()
    except ValueError:
        raise Fault("WebAuthnCredentialNotSupportedException", "The credential public key is not on P-256.") from None


def _signature_ok(key: ec.EllipticCurvePublicKey, signature: bytes, signed: bytes) -> bool:
    try:
        key.verify(signature, signed, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


def _check_flags(flags: int, config: Config, code: str) -> None:
    if not flags & UP:
        raise Fault(code, "The user was not present (UP flag not set).")
    if config.user_verification == "required" and not flags & UV:
        raise Fault(code, "User verification is required (UV flag not set).")
    if flags & BS and not flags & BE:
        raise Fault(code, "Backup state set on a credential that is not backup eligible.")


# ---- registration -----------------------------------------------------------------------
def start_registration(pool_id: str, username: str, client_id: str) -> dict[str, Any]:
    """StartWebAuthnRegistration: new creation options (the previous challenge is replaced)."""
    config = _config(pool_id)
    challenge = b64url(secrets.token_bytes(32))
    _state.pending[(pool_id, username)] = _Pending(challenge, client_id, _now() + TIMEOUT_MS / 1000)
    return {
        "challenge": challenge,
        "rp": {"id": config.relying_party_id, "name": config.relying_party_id},
        "user": {"id": _user_handle(pool_id, username), "name": username, "displayName": username},
        "pubKeyCredParams": [{"type": "public-key", "alg": ES256}, {"type": "public-key", "alg": -257}],
        "timeout": TIMEOUT_MS,
        "excludeCredentials": [
            {"type": "public-key", "id": c.credential_id, "transports": list(c.transports)}
            for c in _user_credentials(pool_id, username)
        ],
        "authenticatorSelection": {
            "requireResidentKey": True,
            "residentKey": "required",
            "userVerification": config.user_verification,
        },
        "attestation": "none",
    }


def complete_registration(pool_id: str, username: str, client_id: str, credential: Any) -> Credential:
    """CompleteWebAuthnRegistration: verifies the browser's RegistrationResponseJSON against
    the user's pending registration and stores the passkey. The challenge is single-use:
    any answer, accepted or not, ends it."""
    bad = "InvalidParameterException"
    cred = _credential_json(credential, bad)
    pending = _state.pending.pop((pool_id, username), None)
    if pending is None or pending.expires < _now():
        raise Fault("WebAuthnChallengeNotFoundException", "No registration challenge was found or it expired.")
    if pending.client_id != client_id:
        raise Fault("WebAuthnClientMismatchException", "The registration was started by another app client.")
    response = cred["response"]
    raw_client_data = _field(response, "clientDataJSON", bad)
    client_data = _client_data(raw_client_data, "webauthn.create", bad)
    if client_data.get("challenge") != pending.challenge:
        raise Fault("WebAuthnChallengeNotFoundException", "The credential answers another challenge.")
    config = _config(pool_id)
    if not _client_origin_allowed(client_data, config.relying_party_id):
        raise Fault("WebAuthnOriginNotAllowedException", "The origin is not allowed for this relying party.")
    try:
        attestation = _cbor.decode(_field(response, "attestationObject", bad))
    except _cbor.CBORError:
        raise Fault(bad, "attestationObject is not CBOR.") from None
    if not isinstance(attestation, dict) or not isinstance(attestation.get("authData"), bytes):
        raise Fault(bad, "attestationObject has no authData.")
    raw_auth = attestation["authData"]
    auth = _auth_data(raw_auth, bad)
    if auth.rp_id_hash != hashlib.sha256(config.relying_party_id.encode()).digest():
        raise Fault("WebAuthnRelyingPartyMismatchException", "The credential is for another relying party.")
    _check_flags(auth.flags, config, "WebAuthnCredentialNotSupportedException")
    if not auth.flags & AT:
        raise Fault(bad, "authenticatorData holds no attested credential.")
    key = _es256_key(auth.cose_key)
    statement, fmt = attestation.get("attStmt"), attestation.get("fmt")
    if fmt == "none":
        if statement != {}:
            raise Fault("WebAuthnCredentialNotSupportedException", "A none attestation has an empty statement.")
    elif fmt == "packed" and isinstance(statement, dict) and "x5c" not in statement:
        signed = raw_auth + hashlib.sha256(raw_client_data).digest()
        if statement.get("alg") != ES256 or not _signature_ok(key, statement.get("sig", b""), signed):
            raise Fault("NotAuthorizedException", "The attestation signature does not verify.")
    else:
        raise Fault("WebAuthnCredentialNotSupportedException", f"Attestation format {fmt!r} is not supported.")
    cred_id = b64url(auth.credential_id)
    if cred.get("id") != cred_id or _field(cred, "rawId", bad) != auth.credential_id:
        raise Fault(bad, "The credential id does not match the attested credential.")
    pool_creds = _state.credentials.setdefault(pool_id, {})
    if cred_id in pool_creds:
        raise Fault(bad, "This passkey is already registered.")
    if len(_user_credentials(pool_id, username)) >= MAX_PASSKEYS:
        raise Fault("LimitExceededException", f"A user can register at most {MAX_PASSKEYS} passkeys.")
    transports = response.get("transports")
    attachment = cred.get("authenticatorAttachment")
    stored = Credential(
        credential_id=cred_id,
        pool_id=pool_id,
        username=username,
        public_key=key,
        relying_party_id=config.relying_party_id,
        sign_count=auth.sign_count,
        transports=[t for t in transports if isinstance(t, str)] if isinstance(transports, list) else [],
        attachment=attachment if attachment in ("platform", "cross-platform") else None,
        created_at=float(int(_now())),
        name=f"Passkey {len(_user_credentials(pool_id, username)) + 1}",
    )
    pool_creds[cred_id] = stored
    return stored


def list_credentials(
    pool_id: str, username: str, max_results: int | None = None, next_token: str | None = None
) -> dict[str, Any]:
    """ListWebAuthnCredentials: the user's passkeys, oldest first, in pages of at most 20."""
    if max_results is not None and (type(max_results) is not int or not 0 <= max_results <= 20):
        raise Fault("InvalidParameterException", "MaxResults must be between 0 and 20.")
    limit = max_results or 20
    try:
        start = int(next_token) if next_token is not None else 0
        if start < 0:
            raise ValueError(next_token)
    except (TypeError, ValueError):
        raise Fault("InvalidParameterException", "Invalid NextToken.") from None
    creds = _user_credentials(pool_id, username)
    page = creds[start : start + limit]
    out: dict[str, Any] = {"Credentials": [c.description() for c in page]}
    if start + limit < len(creds):
        out["NextToken"] = str(start + limit)
    return out


def delete_credential(pool_id: str, username: str, credential_id: str) -> None:
    """DeleteWebAuthnCredential: ResourceNotFoundException for a passkey the user does not have."""
    creds = _state.credentials.get(pool_id, {})
    found = creds.get(credential_id)
    if found is None or found.username != username:
        raise Fault("ResourceNotFoundException", "The passkey was not found.")
    del creds[credential_id]


def _token_client(access_token: str) -> str:
    """The app client an access token was issued to (its ``client_id`` claim)."""
    try:
        payload = access_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return str(claims.get("client_id", ""))
    except (IndexError, ValueError, AttributeError):
        return ""


def handle(operation: str, pool_id: str, username: str, request: dict[str, Any]) -> dict[str, Any]:
    """One of the four operations, for the owner of the request's (valid) access token."""
    if operation == "StartWebAuthnRegistration":
        client_id = _token_client(request.get("AccessToken", ""))
        return {"CredentialCreationOptions": start_registration(pool_id, username, client_id)}
    if operation == "CompleteWebAuthnRegistration":
        if "Credential" not in request:
            raise Fault("InvalidParameterException", "Credential is required.")
        client_id = _token_client(request.get("AccessToken", ""))
        complete_registration(pool_id, username, client_id, request["Credential"])
        return {}
    if operation == "ListWebAuthnCredentials":
        return list_credentials(pool_id, username, request.get("MaxResults"), request.get("NextToken"))
    if operation == "DeleteWebAuthnCredential":
        delete_credential(pool_id, username, str(request.get("CredentialId", "")))
        return {}
    raise Fault("InvalidParameterException", f"Unknown passkey operation {operation}.")


# ---- sign-in ----------------------------------------------------------------------------
def request_options(pool_id: str, username: str, challenge: str | None = None) -> dict[str, Any]:
    """The PublicKeyCredentialRequestOptionsJSON of a sign-in (a fresh challenge unless one
    is given), allowing the user's passkeys."""
    config = _config(pool_id)
    return {
        "challenge": challenge or b64url(secrets.token_bytes(32)),
        "timeout": TIMEOUT_MS,
        "rpId": config.relying_party_id,
        "allowCredentials": [
            {"type": "public-key", "id": c.credential_id, "transports": list(c.transports)}
            for c in _user_credentials(pool_id, username)
        ],
        "userVerification": config.user_verification,
    }


def verify_assertion(pool_id: str, username: str, challenge: str, credential: Any) -> Credential:
    """Checks a passkey sign-in (the browser's AuthenticationResponseJSON, a dict or JSON
    text) of ``username`` against the ``challenge`` that was handed out; on success the
    passkey's signature counter moves on. Every refusal is NotAuthorizedException, the one
    error RespondToAuthChallenge has for a wrong answer; the message says what failed."""
    refused = "NotAuthorizedException"
    cred = _credential_json(credential, refused)
    cred_id = cred.get("id")
    stored = _state.credentials.get(pool_id, {}).get(cred_id) if isinstance(cred_id, str) else None
    if stored is None or stored.username != username:
        raise Fault(refused, "The passkey is not registered for this user.")
    response = cred["response"]
    raw_client_data = _field(response, "clientDataJSON", refused)
    client_data = _client_data(raw_client_data, "webauthn.get", refused)
    if not challenge or client_data.get("challenge") != challenge:
        raise Fault(refused, "The passkey answered another challenge.")
    if not _client_origin_allowed(client_data, stored.relying_party_id):
        raise Fault(refused, "The origin is not allowed for this relying party.")
    raw_auth = _field(response, "authenticatorData", refused)
    auth = _auth_data(raw_auth, refused)
    if auth.rp_id_hash != hashlib.sha256(stored.relying_party_id.encode()).digest():
        raise Fault(refused, "The assertion is for another relying party.")
    _check_flags(auth.flags, _config(pool_id), refused)
    signature = _field(response, "signature", refused)
    if not _signature_ok(stored.public_key, signature, raw_auth + hashlib.sha256(raw_client_data).digest()):
        raise Fault(refused, "The passkey signature does not verify.")
    handle_given = response.get("userHandle")
    if handle_given and handle_given != _user_handle(pool_id, username):
        raise Fault(refused, "The passkey belongs to another user.")
    if (auth.sign_count or stored.sign_count) and auth.sign_count <= stored.sign_count:
        raise Fault(refused, "The signature counter did not increase: the passkey may be cloned.")
    stored.sign_count = auth.sign_count
    return stored


def webauthn_challenge(pool_id: str, username: str) -> tuple[dict[str, str], str]:
    """A WEB_AUTHN sign-in challenge: (its ChallengeParameters, the challenge to keep with
    the session for :func:`answer_webauthn`). CREDENTIAL_REQUEST_OPTIONS is JSON text."""
    options = request_options(pool_id, username)
    return {"CREDENTIAL_REQUEST_OPTIONS": json.dumps(options, separators=(",", ":"))}, options["challenge"]


def answer_webauthn(pool_id: str, username: str, challenge: str, responses: dict[str, str]) -> Credential:
    """Checks the ChallengeResponses of a WEB_AUTHN challenge (``CREDENTIAL``: the
    AuthenticationResponseJSON as JSON text) against the session's challenge."""
    given = responses.get("CREDENTIAL")
    if not given:
        raise Fault("InvalidParameterException", "CREDENTIAL is required to answer WEB_AUTHN.")
    return verify_assertion(pool_id, username, challenge, given)
