"""A test-only SRP client (user and device SRP), written from the client's side of the protocol
(cognito-modern.md §5.3, §10.2) to drive the emulator's server side: only the group's
constants N and g come from the emulator."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from fastcognito.testing.srp_server import G, N


def _bytes(n: int) -> bytes:
    """Padded hex as bytes: a leading zero byte when the top bit is set."""
    hexed = format(n, "x")
    if len(hexed) % 2:
        hexed = "0" + hexed
    elif hexed[0] in "89abcdef":
        hexed = "00" + hexed
    return bytes.fromhex(hexed)


def _hash_int(data: bytes) -> int:
    return int(hashlib.sha256(data).hexdigest(), 16)


def timestamp(at: datetime | None = None) -> str:
    at = at or datetime.now(timezone.utc)
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{days[at.weekday()]} {months[at.month - 1]} {at.day} {at:%H:%M:%S} UTC {at.year}"


@dataclass
class DeviceSecret:
    """What a client keeps for a confirmed device, and what ConfirmDevice sends."""

    device_key: str
    group_key: str
    password: str
    verifier_config: dict[str, str]


def new_device_secret(device_key: str, group_key: str) -> DeviceSecret:
    password = base64.b64encode(secrets.token_bytes(40)).decode()
    salt = int.from_bytes(secrets.token_bytes(16), "big")
    inner = hashlib.sha256(f"{group_key}{device_key}:{password}".encode()).digest()
    x = _hash_int(_bytes(salt) + inner)
    verifier = pow(G, x, N)
    config = {
        "PasswordVerifier": base64.b64encode(_bytes(verifier)).decode(),
        "Salt": base64.b64encode(_bytes(salt)).decode(),
    }
    return DeviceSecret(device_key, group_key, password, config)


class SrpClient:
    """One SRP exchange: ``srp_a`` to send, then ``answer(challenge parameters)``.

    User SRP: ``pool_name`` is the part of the pool id after ``_``, ``user_id`` the
    USER_ID_FOR_SRP and ``password`` the user's. Device SRP: the DeviceGroupKey, the
    DeviceKey and the device's password."""

    def __init__(self, pool_name: str, user_id: str, password: str) -> None:
        self.pool_name, self.user_id, self.password = pool_name, user_id, password
        self.a = int.from_bytes(secrets.token_bytes(32), "big")
        self.big_a = pow(G, self.a, N)

    @property
    def srp_a(self) -> str:
        return format(self.big_a, "x")

    def signature(self, params: dict[str, str], when: str) -> str:
        big_b, salt = int(params["SRP_B"], 16), int(params["SALT"], 16)
        k = _hash_int(_bytes(N) + _bytes(G))
        u = _hash_int(_bytes(self.big_a) + _bytes(big_b))
        inner = hashlib.sha256(f"{self.pool_name}{self.user_id}:{self.password}".encode()).digest()
        x = _hash_int(_bytes(salt) + inner)
        s = pow(big_b - k * pow(G, x, N), self.a + u * x, N)
        prk = hmac.new(_bytes(u), _bytes(s), hashlib.sha256).digest()
        key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
        message = (
            self.pool_name.encode() + self.user_id.encode() + base64.b64decode(params["SECRET_BLOCK"]) + when.encode()
        )
        return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()

    def answer(self, params: dict[str, str]) -> dict[str, str]:
        """PASSWORD_CLAIM_SIGNATURE, PASSWORD_CLAIM_SECRET_BLOCK and TIMESTAMP for ``params``."""
        when = timestamp()
        return {
            "PASSWORD_CLAIM_SIGNATURE": self.signature(params, when),
            "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
            "TIMESTAMP": when,
        }
