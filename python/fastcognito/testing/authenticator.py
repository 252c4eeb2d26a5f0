"""A software passkey provider for tests: it plays the browser and the authenticator at once.

:class:`PasskeyAuthenticator` answers the options Cognito hands out (StartWebAuthnRegistration's
``CredentialCreationOptions``, the ``CREDENTIAL_REQUEST_OPTIONS`` of a ``WEB_AUTHN`` sign-in
challenge) with what ``navigator.credentials.create()/get()`` would give a web page, as the
JSON a page sends on (``RegistrationResponseJSON`` / ``AuthenticationResponseJSON``, binary
fields base64url without padding). Keys are P-256 (ES256), made with ``cryptography``.

>>> authenticator = PasskeyAuthenticator(origin="https://localhost")
>>> options = client.start_passkey_registration(access_token)            # doctest: +SKIP
>>> client.complete_passkey_registration(access_token, authenticator.create(options))  # doctest: +SKIP

It does not refuse what a browser would (an RP id foreign to the origin): tests use it to
send exactly such credentials to the emulator and see them refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from . import _cbor

__all__ = ["PasskeyAuthenticator", "StoredPasskey", "b64url", "b64url_decode"]

ES256 = -7
# authenticatorData flag bits (WebAuthn Level 3, section 6.1)
UP, UV, BE, BS, AT = 0x01, 0x04, 0x08, 0x10, 0x40


def b64url(data: bytes) -> str:
    """base64url without padding, as WebAuthn's JSON carries binary values."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """The bytes of a base64url string, padded or not; ValueError if it is not one."""
    if not isinstance(text, str):
        raise ValueError("expected a base64url string")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise ValueError("not base64url") from None


def _options(options: Any, kind: str) -> dict[str, Any]:
    """Options as a dict: Cognito gives the creation options as a JSON document and the
    request options as a JSON string; a ``{"publicKey": ...}`` wrapper is accepted too."""
    if isinstance(options, (str, bytes)):
        options = json.loads(options)
    if not isinstance(options, dict):
        raise TypeError(f"{kind} options must be a dict or a JSON string")
    inner = options.get("publicKey")
    return inner if isinstance(inner, dict) else options


@dataclass
class StoredPasskey:
    """A credential the authenticator holds."""

    credential_id: bytes
    rp_id: str
    user_handle: str
    private_key: ec.EllipticCurvePrivateKey
    sign_count: int = 0

    def __repr__(self) -> str:
        return f"StoredPasskey(credential_id={b64url(self.credential_id)!r}, rp_id={self.rp_id!r})"


class PasskeyAuthenticator:
    """A passkey provider for one web origin.

    ``attestation``: ``None`` follows the options' ``attestation`` preference ("none" gives a
    ``none`` statement, anything else a ``packed`` self-attestation); ``"none"`` or ``"packed"``
    forces one. ``user_verified``: whether it sets the UV flag. ``backup_eligible``: sets BE and
    BS (a synced passkey). ``counter_step``: how much the signature counter grows per sign-in
    (0 for providers that keep it at zero, as synced passkeys do).
    """

    def __init__(
        self,
        origin: str = "https://localhost",
        *,
        attestation: str | None = None,
        user_verified: bool = True,
        backup_eligible: bool = False,
        attachment: str | None = "platform",
        transports: tuple[str, ...] = ("internal", "hybrid"),
        counter_step: int = 1,
    ) -> None:
        if attestation not in (None, "none", "packed"):
            raise ValueError("attestation must be None, 'none' or 'packed'")
        self.origin = origin
        self.attestation = attestation
        self.user_verified = user_verified
        self.backup_eligible = backup_eligible
        self.attachment = attachment
        self.transports = tuple(transports)
        self.counter_step = counter_step
        self.passkeys: dict[bytes, StoredPasskey] = {}

    def __repr__(self) -> str:
        return f"PasskeyAuthenticator(origin={self.origin!r}, passkeys={len(self.passkeys)})"

    def _flags(self, extra: int = 0) -> int:
        flags = UP | extra
        if self.user_verified:
            flags |= UV
        if self.backup_eligible:
            flags |= BE | BS
        return flags

    def _client_data(self, kind: str, challenge: str) -> bytes:
        # Browsers put the challenge back as unpadded base64url of its bytes.
        data = {
            "type": kind,
            "challenge": b64url(b64url_decode(challenge)),
            "origin": self.origin,
            "crossOrigin": False,
        }
        return json.dumps(data, separators=(",", ":")).encode()

    def _default_rp_id(self) -> str:
        return urlsplit(self.origin).hostname or ""

    def create(self, options: Any) -> dict[str, Any]:
        """Registers a new passkey for the options' RP and user: the browser's
        ``RegistrationResponseJSON``. ValueError where a browser refuses (no ES256 in
        ``pubKeyCredParams``, a passkey of ``excludeCredentials`` already here)."""
        opts = _options(options, "creation")
        rp_id = str((opts.get("rp") or {}).get("id") or self._default_rp_id())
        algs = [p.get("alg") for p in opts.get("pubKeyCredParams") or [] if isinstance(p, dict)]
        if algs and ES256 not in algs:
            raise ValueError("NotSupportedError: the authenticator only makes ES256 (-7) keys")
        for excluded in opts.get("excludeCredentials") or []:
            if b64url_decode(excluded.get("id", "")) in self.passkeys:
                raise ValueError("InvalidStateError: a passkey in excludeCredentials is already registered here")
        user_handle = str((opts.get("user") or {}).get("id", ""))
        key = ec.generate_private_key(ec.SECP256R1())
        cred_id = os.urandom(32)
        numbers = key.public_key().public_numbers()
        cose = {1: 2, 3: ES256, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
        attested = bytes(16) + struct.pack(">H", len(cred_id)) + cred_id + _cbor.encode(cose)
        auth_data = hashlib.sha256(rp_id.encode()).digest() + bytes([self._flags(AT)]) + struct.pack(">I", 0) + attested
        client_data = self._client_data("webauthn.create", str(opts.get("challenge", "")))
        fmt = self.attestation or ("none" if opts.get("attestation", "none") == "none" else "packed")
        statement: dict[str, Any] = {}
        if fmt == "packed":
            signed = auth_data + hashlib.sha256(client_data).digest()
            statement = {"alg": ES256, "sig": key.sign(signed, ec.ECDSA(hashes.SHA256()))}
        attestation_object = _cbor.encode({"fmt": fmt, "attStmt": statement, "authData": auth_data})
        self.passkeys[cred_id] = StoredPasskey(cred_id, rp_id, user_handle, key)
        spki = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        result: dict[str, Any] = {
            "id": b64url(cred_id),
            "rawId": b64url(cred_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation_object),
                "authenticatorData": b64url(auth_data),
                "transports": list(self.transports),
                "publicKey": b64url(spki),
                "publicKeyAlgorithm": ES256,
            },
        }
        if self.attachment:
            result["authenticatorAttachment"] = self.attachment
        return result

    def get(self, options: Any, *, credential_id: str | None = None) -> dict[str, Any]:
        """Signs the options' challenge with a passkey for their RP (one of
        ``allowCredentials`` if it names any; ``credential_id`` picks one): the browser's
        ``AuthenticationResponseJSON``. ValueError if no passkey here fits."""
        opts = _options(options, "request")
        rp_id = str(opts.get("rpId") or self._default_rp_id())
        allowed = {b64url_decode(c.get("id", "")) for c in opts.get("allowCredentials") or []}
        wanted = b64url_decode(credential_id) if credential_id is not None else None
        candidates = [
            p
            for p in self.passkeys.values()
            if p.rp_id == rp_id
            and (not allowed or p.credential_id in allowed)
            and (wanted is None or p.credential_id == wanted)
        ]
        if not candidates:
            raise ValueError(f"NotAllowedError: no passkey here for {rp_id!r}")
        passkey = candidates[-1]
        passkey.sign_count += self.counter_step
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest() + bytes([self._flags()]) + struct.pack(">I", passkey.sign_count)
        )
        client_data = self._client_data("webauthn.get", str(opts.get("challenge", "")))
        signature = passkey.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        result: dict[str, Any] = {
            "id": b64url(passkey.credential_id),
            "rawId": b64url(passkey.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": passkey.user_handle,
            },
        }
        if self.attachment:
            result["authenticatorAttachment"] = self.attachment
        return result
