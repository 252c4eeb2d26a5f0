"""Token verification: every forged or wrong token is rejected with a reason."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from fastcognito import Cognito, SyncCognito
from fastcognito.exceptions import TokenVerificationError
from fastcognito.mandate import TokenVerificationException, WarrantException
from fastcognito.testing import Emulator, Pool
from fastcognito.testing._moto import public_keys, signing_key
from tests.helpers import PASSWORD, Driver

MOTO_KEY = RSAKey.import_key(signing_key())


def b64(obj: Any) -> str:
    raw = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture(params=[Cognito, SyncCognito], ids=["async", "sync"])
def signed_in(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> Driver:
    cog = Driver(request.param(pool.pool_id, pool.public_client_id, username="tok", endpoint_url=emulator.url))
    cog.register(username="tok", password=PASSWORD, email="tok@example.com")
    cog.confirm_sign_up(emulator.codes(pool.pool_id, "tok")["signup"])
    cog.authenticate(PASSWORD)
    return cog


def claims_for(cog: Driver, token_use: str = "id", **overrides: Any) -> dict[str, Any]:
    client = cog.client
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": "s",
        "iss": client.issuer,
        "token_use": token_use,
        "iat": now,
        "exp": now + 600,
    }
    claims["aud" if token_use == "id" else "client_id"] = client.client_id
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def sign(claims: dict[str, Any], key: RSAKey = MOTO_KEY, kid: str = "dummy") -> str:
    return jwt.encode({"alg": "RS256", "kid": kid}, claims, key)


def rejected(cog: Driver, token: str, token_use: str = "id") -> str:
    with pytest.raises(TokenVerificationException) as info:
        cog.verify_token(token, f"{token_use}_token", token_use)
    err = info.value
    assert isinstance(err, WarrantException) and isinstance(err, TokenVerificationError)
    if len(token) > 8:
        assert token not in str(err) and token not in repr(err)
    return str(err)


def test_genuine_tokens_verify(signed_in: Driver) -> None:
    claims = signed_in.verify_token(signed_in.id_token, "id_token", "id")
    assert claims["token_use"] == "id" and claims["cognito:username"] == "tok"
    assert signed_in.verify_token(signed_in.access_token, "access_token", "access")["username"] == "tok"
    # A token we sign with the pool's key and the right claims is accepted: the cases below
    # fail for the reason they name, not because of how the test signs.
    assert signed_in.verify_token(sign(claims_for(signed_in)), "id_token", "id")["sub"] == "s"
    keys = signed_in.get_keys()
    assert [k["kid"] for k in keys["keys"]] == ["dummy"]
    assert signed_in.get_key("dummy")["kty"] == "RSA"
    with pytest.raises(TokenVerificationException):
        signed_in.get_key("nope")


def test_tampered_payload(signed_in: Driver) -> None:
    header, payload, signature = signed_in.id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["cognito:username"] = "admin"
    assert "signature" in rejected(signed_in, f"{header}.{b64(claims)}.{signature}")


def test_alg_none(signed_in: Driver) -> None:
    token = f"{b64({'alg': 'none', 'kid': 'dummy'})}.{b64(claims_for(signed_in))}."
    assert "RS256" in rejected(signed_in, token)


def test_hs256_signed_with_the_public_key(signed_in: Driver) -> None:
    import hashlib
    import hmac

    public = json.dumps(signed_in.get_keys()["keys"][0]).encode()
    head = f"{b64({'alg': 'HS256', 'kid': 'dummy'})}.{b64(claims_for(signed_in))}"
    mac = hmac.new(public, head.encode(), hashlib.sha256).digest()
    assert "RS256" in rejected(signed_in, f"{head}.{b64(mac)}")


def test_expired(signed_in: Driver) -> None:
    now = int(time.time())
    assert "expired" in rejected(signed_in, sign(claims_for(signed_in, exp=now - 5, iat=now - 100)))
    assert "exp" in rejected(signed_in, sign(claims_for(signed_in, exp=None)))


def test_wrong_issuer(signed_in: Driver) -> None:
    assert "issuer" in rejected(signed_in, sign(claims_for(signed_in, iss="https://evil.example.com/pool")))


def test_id_token_of_another_app_client(signed_in: Driver) -> None:
    assert "another app client" in rejected(signed_in, sign(claims_for(signed_in, aud="some-other-client")))
    assert "another app client" in rejected(
        signed_in, sign(claims_for(signed_in, "access", client_id="other")), "access"
    )


def test_access_token_where_an_id_token_is_expected(signed_in: Driver) -> None:
    assert "token_use" in rejected(signed_in, signed_in.access_token, "id")
    assert "token_use" in rejected(signed_in, signed_in.id_token, "access")


def test_unknown_kid(signed_in: Driver) -> None:
    other = RSAKey.generate_key(2048)
    assert "unknown key" in rejected(signed_in, sign(claims_for(signed_in), key=other, kid="rotated"))
    # Signed by another key under the pool's kid: the signature fails.
    assert "signature" in rejected(signed_in, sign(claims_for(signed_in), key=other, kid="dummy"))


@pytest.mark.parametrize("garbage", ["", "garbage", "a.b.c", "a.b.c.d", "...", b64({"alg": "RS256"}) + ".x.y"])
def test_garbage(signed_in: Driver, garbage: str) -> None:
    rejected(signed_in, garbage)


def test_jwks_from_the_environment(emulator: Emulator, pool: Pool, monkeypatch: pytest.MonkeyPatch) -> None:
    """COGNITO_JWKS (a JWKS document, as mandate reads it) replaces the fetch."""
    public = public_keys()
    monkeypatch.setenv("COGNITO_JWKS", json.dumps(public))
    # An endpoint nobody answers: only the environment can supply the keys.
    cog = SyncCognito(pool.pool_id, pool.public_client_id, endpoint_url="http://127.0.0.1:9", max_attempts=1)
    claims = cog.verify_token(sign(claims_for(Driver(cog))), "id_token", "id")
    assert claims["sub"] == "s"
    monkeypatch.setenv("COGNITO_JWKS", "{not json")
    cog2 = SyncCognito(pool.pool_id, pool.public_client_id, endpoint_url="http://127.0.0.1:9", max_attempts=1)
    with pytest.raises(TokenVerificationException, match="JWKS"):
        cog2.verify_token(sign(claims_for(Driver(cog2))), "id_token", "id")


def test_unreachable_jwks_is_a_verification_error(pool: Pool) -> None:
    cog = SyncCognito(pool.pool_id, pool.public_client_id, endpoint_url="http://127.0.0.1:9", max_attempts=1)
    with pytest.raises(TokenVerificationException, match="JWKS") as info:
        cog.verify_token(sign(claims_for(Driver(cog))), "id_token", "id")
    assert f"from http://127.0.0.1:9/{pool.pool_id}/.well-known/jwks.json: connection refused" in str(info.value)


def test_issuer_override(emulator: Emulator, pool: Pool) -> None:
    cog = SyncCognito(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url, issuer="https://my.issuer/x")
    token = sign(claims_for(Driver(cog)))
    assert cog.verify_token(token, "id_token", "id")["iss"] == "https://my.issuer/x"


def test_check_token_renews_an_expired_token(signed_in: Driver) -> None:
    now = int(time.time())
    stale = sign(claims_for(signed_in, "access", exp=now - 60, iat=now - 3600, username="tok"))
    signed_in.client.access_token = stale
    assert signed_in.check_token(renew=False) is True
    assert signed_in.access_token == stale
    assert signed_in.check_token() is True
    assert signed_in.access_token != stale and signed_in.check_token() is False
    assert signed_in.verify_tokens() is None
    signed_in.client.id_token = stale
    with pytest.raises(TokenVerificationException):
        signed_in.verify_tokens()
