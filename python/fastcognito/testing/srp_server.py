"""The server side of Cognito's SRP-6a, for the emulator (moto does not check the proof).

Written from the protocol (RFC 5054 group 3072, g = 2, SHA-256) and Cognito's conventions,
independently of fastcognito's Rust client.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone

N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)
G = 2
TIMESTAMP = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12][0-9]|3[01]) "
    r"\d\d:\d\d:\d\d UTC \d{4}$"
)


def pad(n: int) -> bytes:
    """Big-endian bytes as a positive two's-complement number (leading 0x00 if the top bit is set)."""
    raw = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    return b"\x00" + raw if raw[0] & 0x80 else raw


def H(*parts: bytes) -> int:
    return int.from_bytes(hashlib.sha256(b"".join(parts)).digest(), "big")


K = H(pad(N), pad(G))


@dataclass
class Exchange:
    pool_name: str
    user_id: str
    verifier: int
    salt: int
    b: int
    big_a: int
    big_b: int
    secret_block: bytes


def start(pool_name: str, user_id: str, password: str, srp_a_hex: str) -> Exchange:
    salt = int.from_bytes(secrets.token_bytes(16), "big")
    x = H(pad(salt), hashlib.sha256(f"{pool_name}{user_id}:{password}".encode()).digest())
    return start_from_verifier(pool_name, user_id, pow(G, x, N), salt, srp_a_hex)


def start_from_verifier(pool_name: str, user_id: str, verifier: int, salt: int, srp_a_hex: str) -> Exchange:
    """The server's half from a stored verifier (a device's: pool name -> DeviceGroupKey,
    user id -> DeviceKey); ValueError when SRP_A is not a usable value."""
    big_a = int(srp_a_hex, 16)
    if big_a % N == 0:
        raise ValueError("SRP_A is zero modulo N")
    while True:
        b = int.from_bytes(secrets.token_bytes(32), "big")
        big_b = (K * verifier + pow(G, b, N)) % N
        if big_b % N and H(pad(big_a), pad(big_b)):  # the client refuses B = 0 or u = 0
            return Exchange(pool_name, user_id, verifier, salt, b, big_a, big_b, secrets.token_bytes(64))


def challenge_parameters(ex: Exchange) -> dict[str, str]:
    return {
        "SALT": format(ex.salt, "x"),
        "SRP_B": format(ex.big_b, "x"),
        "SECRET_BLOCK": base64.b64encode(ex.secret_block).decode(),
        "USER_ID_FOR_SRP": ex.user_id,
        "USERNAME": ex.user_id,
    }


def expected_signature(ex: Exchange, timestamp: str) -> str:
    u = H(pad(ex.big_a), pad(ex.big_b))
    s = pow(ex.big_a * pow(ex.verifier, u, N), ex.b, N)
    prk = hmac.new(pad(u), pad(s), hashlib.sha256).digest()
    key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
    message = ex.pool_name.encode() + ex.user_id.encode() + ex.secret_block + timestamp.encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def timestamp_ok(timestamp: str, skew: float = 300.0) -> bool:
    """English, no leading zero on the day, and within ``skew`` seconds of now."""
    if not TIMESTAMP.match(timestamp):
        return False
    day_padded = re.sub(r"^(\w+ \w+ )(\d) ", r"\g<1>0\2 ", timestamp)
    try:
        at = datetime.strptime(day_padded, "%a %b %d %H:%M:%S UTC %Y").replace(tzinfo=timezone.utc)
    except ValueError:
        return False
    return abs(at.timestamp() - time.time()) <= skew


def proof_refusal(ex: Exchange, responses: dict[str, str]) -> str | None:
    """Why a PASSWORD_VERIFIER answer fails (Cognito's message), or None when its TIMESTAMP
    and PASSWORD_CLAIM_SIGNATURE prove the password."""
    timestamp = responses.get("TIMESTAMP", "")
    if not timestamp_ok(timestamp):
        return "Invalid TIMESTAMP."
    if not hmac.compare_digest(expected_signature(ex, timestamp), responses.get("PASSWORD_CLAIM_SIGNATURE", "")):
        return "Incorrect username or password."
    return None
