"""Where the keys that sign accepted tokens may come from (issue 15, item 1): a verifier uses
the pool's JWKS URL, or the keys its code passes with ``jwks=``, never ``COGNITO_JWKS``; the
mandate family still reads that variable, as mandate did, and logs a warning once per process;
and no verifier accepts the emulator's published test key (moto's kid "dummy") unless its
endpoint is on this machine."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from fastcognito import MultiPoolVerifier, SyncCognito, TokenVerifier
from fastcognito import verifier as verifier_module
from fastcognito.exceptions import KeysUnavailableError, TokenVerificationError, TokenVerificationException
from fastcognito.testing._moto import public_keys, signing_key
from tests.core.jwks_server import JwksServer

ATTACKER = RSAKey.generate_key(2048, parameters={"kid": "attacker", "alg": "RS256", "use": "sig"})
MOTO_KEY = RSAKey.import_key(signing_key())
POOL_ID = "eu-west-1_Prod"
ISSUER = f"https://cognito-idp.eu-west-1.amazonaws.com/{POOL_ID}"
ENDPOINT_VARS = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")


def forged(key: RSAKey, kid: str, **overrides: Any) -> str:
    """An admin's access token for the production pool, signed with ``key``."""
    now = int(time.time())
    claims = {
        "sub": "s",
        "iss": ISSUER,
        "token_use": "access",
        "client_id": "client-a",
        "username": "mallory",
        "cognito:groups": ["admins"],
        "iat": now,
        "exp": now + 600,
    }
    return jwt.encode({"alg": "RS256", "kid": kid}, {**claims, **overrides}, key)


@pytest.fixture
def no_endpoint_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENDPOINT_VARS:
        monkeypatch.delenv(name, raising=False)


def test_a_verifier_ignores_cognito_jwks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: with COGNITO_JWKS set in the server's environment, TokenVerifier (and so
    MultiPoolVerifier and the web glue) took the keys from it: a token signed with any key it
    held passed for the pool. Now the keys come from the pool's JWKS URL (here answering 500)."""
    monkeypatch.setenv("COGNITO_JWKS", json.dumps({"keys": [ATTACKER.as_dict(private=False)]}))
    token = forged(ATTACKER, "attacker")
    with JwksServer(500) as server:
        verifier = TokenVerifier(POOL_ID, "client-a", groups=["admins"], endpoint_url=server.url)
        with pytest.raises(KeysUnavailableError, match="HTTP 500"):
            verifier.verify(token)
        assert server.requests == 1
        multi = MultiPoolVerifier([TokenVerifier(POOL_ID, "client-a", endpoint_url=server.url)])
        with pytest.raises(KeysUnavailableError):
            asyncio.run(multi.verify_async(token))
        assert server.requests == 2
    # Keys from elsewhere are asked for in code.
    explicit = TokenVerifier(POOL_ID, "client-a", jwks={"keys": [ATTACKER.as_dict(private=False)]})
    assert explicit.verify(token)["username"] == "mallory"


@pytest.mark.usefixtures("no_endpoint_vars")
def test_the_emulator_test_key_is_refused_away_from_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: with COGNITO_JWKS holding moto's key set (as the migration guides suggested
    exporting next to the emulator), every verifier accepted tokens signed with moto's
    published private key for any pool, e.g. ``cognito:groups: ["admins"]``. Now a key of
    moto's kid counts only when the endpoint is on loopback; the refusal needs no fetch."""
    monkeypatch.setenv("COGNITO_JWKS", json.dumps(public_keys()))
    token = forged(MOTO_KEY, "dummy")
    aws = TokenVerifier(POOL_ID, "client-a", groups=["admins"])  # AWS's endpoint: nothing answers here
    with pytest.raises(TokenVerificationError, match="test key"):
        aws.verify(token)
    # The mandate family, which still reads COGNITO_JWKS, refuses it the same way.
    cog = SyncCognito(POOL_ID, "client-a", max_attempts=1)
    with pytest.raises(TokenVerificationException, match="test key"):
        cog.verify_token(token, "access_token", "access")
    for endpoint in ("http://cognito.internal:5000", "http://10.0.0.1:5000", "https://example.org"):
        remote = TokenVerifier(POOL_ID, "client-a", endpoint_url=endpoint)
        with pytest.raises(TokenVerificationError, match="test key"):
            remote.verify(token)
        with pytest.raises(ValueError, match="test key"):
            TokenVerifier(POOL_ID, "client-a", jwks=public_keys(), endpoint_url=endpoint)
    with pytest.raises(ValueError, match="test key"):
        TokenVerifier(POOL_ID, "client-a", jwks=public_keys())
    # On loopback (a local emulator, named in code or by AWS_ENDPOINT_URL) it is accepted.
    local = TokenVerifier(POOL_ID, "client-a", jwks=public_keys(), endpoint_url="http://127.0.0.1:1")
    assert local.verify(token)["username"] == "mallory"
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://localhost:1")
    assert TokenVerifier(POOL_ID, "client-a", jwks=public_keys()).verify(token)["sub"] == "s"
    local_cog = SyncCognito(POOL_ID, "client-a", max_attempts=1)
    assert local_cog.verify_token(token, "access_token", "access")["sub"] == "s"


def test_the_mandate_family_honours_cognito_jwks_and_warns_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """mandate read COGNITO_JWKS, so its family still does; before, silently. Now the first
    use in a process logs a warning (logger "fastcognito"), and only the first."""
    monkeypatch.setattr(verifier_module, "_warned_env_jwks", False)
    monkeypatch.setenv("COGNITO_JWKS", json.dumps({"keys": [ATTACKER.as_dict(private=False)]}))
    token = forged(ATTACKER, "attacker")
    with caplog.at_level(logging.WARNING, logger="fastcognito"):
        for _ in range(2):
            cog = SyncCognito(POOL_ID, "client-a", endpoint_url="http://127.0.0.1:1", max_attempts=1)
            assert cog.verify_token(token, "access_token", "access")["username"] == "mallory"
            assert cog.get_keys()["keys"][0]["kid"] == "attacker"
    warnings = [r for r in caplog.records if r.name == "fastcognito" and "COGNITO_JWKS" in r.getMessage()]
    assert len(warnings) == 1, warnings
    assert warnings[0].levelno == logging.WARNING
    assert "TokenVerifier ignores it" in warnings[0].getMessage()


def test_no_warning_without_the_variable(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(verifier_module, "_warned_env_jwks", False)
    monkeypatch.delenv("COGNITO_JWKS", raising=False)
    with caplog.at_level(logging.WARNING, logger="fastcognito"):
        cog = SyncCognito(POOL_ID, "client-a", endpoint_url="http://127.0.0.1:1", max_attempts=1)
        with pytest.raises(KeysUnavailableError):
            cog.verify_token(forged(ATTACKER, "attacker"), "access_token", "access")
    assert not [r for r in caplog.records if "COGNITO_JWKS" in r.getMessage()]
