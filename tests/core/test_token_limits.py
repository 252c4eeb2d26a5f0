"""Limits on what a token may be (issue 15, item 3): a protected header with ``crit`` is
refused (RFC 7515 §4.1.11), a token over 16 KiB is refused before it is decoded, what a
refusal quotes of the token (kid, alg, issuer) is cut to 64 characters, and ``nbf``/``iat``
must be numbers, like ``exp``. Tokens are signed with a key made here and preloaded."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from joserfc.jwk import RSAKey

from fastcognito import MultiPoolVerifier, TokenVerifier
from fastcognito.exceptions import TokenVerificationError

KEY = RSAKey.generate_key(2048, parameters={"kid": "k", "alg": "RS256", "use": "sig"})
POOL_ID = "eu-west-1_Limits"
ISSUER = f"https://cognito-idp.eu-west-1.amazonaws.com/{POOL_ID}"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed(header: dict[str, Any] | None = None, **overrides: Any) -> str:
    """A token signed with KEY, its header and claims as given (joserfc refuses to sign some)."""
    now = int(time.time())
    claims = {"sub": "s", "iss": ISSUER, "token_use": "access", "client_id": "c", "iat": now, "exp": now + 600}
    claims.update(overrides)
    head = {"alg": "RS256", "kid": "k", **(header or {})}
    signing_input = f"{b64(json.dumps(head).encode())}.{b64(json.dumps(claims).encode())}"
    signature = KEY.private_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr]
    return f"{signing_input}.{b64(signature)}"


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier(POOL_ID, "c", jwks={"keys": [KEY.as_dict(private=False)]}, endpoint_url="http://127.0.0.1:1")


def refusal(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(TokenVerificationError) as info:
        verifier.verify(token)
    return info.value.message


def test_a_good_token_passes(verifier: TokenVerifier) -> None:
    assert verifier.verify(signed())["sub"] == "s"


@pytest.mark.parametrize("crit", [["exp"], ["b64"], [], "exp"])
def test_crit_is_refused(verifier: TokenVerifier, crit: Any) -> None:
    """Before: a correctly signed token whose header asked for critical extensions passed
    (``crit`` was ignored, where RFC 7515 says to refuse what is not understood)."""
    assert "crit" in refusal(verifier, signed({"crit": crit}))


def test_tokens_over_16_kib_are_refused_before_decoding(verifier: TokenVerifier) -> None:
    """Before: a correctly signed 17 KiB token passed, and any size was decoded."""
    big = signed(padding="x" * (17 * 1024))
    assert len(big) > 16 * 1024
    assert "16 KiB" in refusal(verifier, big)
    assert verifier.verify(signed(padding="x" * (10 * 1024)))["sub"] == "s"
    huge = "a" * (1 << 20) + "." + "b" * 10 + ".c"
    assert len(refusal(verifier, huge)) < 200


@pytest.mark.parametrize("header", [{"kid": "K" * 10_000}, {"alg": "A" * 10_000}])
def test_refusals_quote_at_most_64_characters(verifier: TokenVerifier, header: dict[str, str]) -> None:
    """Before: a 10 KB kid or alg was quoted whole in the refusal (a 1 MB one, 1 MB)."""
    why = refusal(verifier, signed(header))
    assert len(why) < 200 and "…" in why, why


def test_a_long_issuer_is_cut_in_refusals(verifier: TokenVerifier) -> None:
    """Before: the issuer was quoted whole, by the verifier and by MultiPoolVerifier."""
    token = signed(iss="https://" + "i" * 5000)
    assert len(refusal(verifier, token)) < 300
    multi = MultiPoolVerifier([verifier])
    with pytest.raises(TokenVerificationError) as info:
        multi.verify(token)
    assert len(info.value.message) < 200 and "…" in info.value.message


@pytest.mark.parametrize("claim", ["nbf", "iat", "exp"])
@pytest.mark.parametrize("value", ["9999999999", None, True, [1]])
def test_time_claims_must_be_numbers(verifier: TokenVerifier, claim: str, value: Any) -> None:
    """Before: ``"nbf": "9999999999"`` (text, or any other non-number) was skipped, so a token
    not valid for centuries passed; so did an ``iat`` in the future written as text."""
    assert f"{claim} claim is not a number" in refusal(verifier, signed(**{claim: value}))
