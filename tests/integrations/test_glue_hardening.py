"""The web glue under hostile tokens and environments (issue 15, items 1 and 3), through the
example apps: a 401 body quotes at most a short reason, and COGNITO_JWKS does not reach the
verifier behind the glue."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from fastcognito.verifier import TokenVerifier
from tests.integrations.test_verifier_and_glue import FRAMEWORKS, UNREACHABLE, App

KEY = RSAKey.generate_key(2048, parameters={"kid": "k", "alg": "RS256", "use": "sig"})
JWKS = {"keys": [KEY.as_dict(private=False)]}
POOL_ID = "eu-west-1_Glue"
ISSUER = f"https://cognito-idp.eu-west-1.amazonaws.com/{POOL_ID}"


@pytest.fixture(params=FRAMEWORKS)
def framework(request: pytest.FixtureRequest) -> str:
    if request.param == "fastapi":
        pytest.importorskip("fastapi")
        pytest.importorskip("httpx")
    else:
        pytest.importorskip("flask")
    return str(request.param)


def token(kid: str = "k", **overrides: Any) -> str:
    now = int(time.time())
    claims = {"sub": "s", "iss": ISSUER, "token_use": "access", "client_id": "c", "username": "u", "iat": now}
    return jwt.encode({"alg": "RS256", "kid": kid}, {**claims, "exp": now + 600, **overrides}, KEY)


def test_a_huge_kid_gets_a_short_401(framework: str) -> None:
    """Before: the kid was quoted whole in the 401 body (10 KB here; 1 MB for a 1 MB kid)."""
    app = App(framework, TokenVerifier(POOL_ID, "c", jwks=JWKS, endpoint_url=UNREACHABLE))
    assert app.get("/me", token()).status == 200
    answer = app.get("/me", token(kid="K" * 10_000))
    assert answer.status == 401
    assert "unknown key" in answer.reason() and len(answer.reason()) < 200
    answer = app.get("/me", "x" * 20_000 + ".a.b")
    assert answer.status == 401 and len(answer.reason()) < 200


def test_a_long_custom_check_message_is_cut_in_the_401(framework: str) -> None:
    """Before: whatever a custom check raised went whole into the 401 body."""

    def check(claims: dict[str, Any]) -> None:
        raise ValueError("refused: " + "z" * 5000)

    verifier = TokenVerifier(POOL_ID, "c", jwks=JWKS, endpoint_url=UNREACHABLE, custom_check=check)
    answer = App(framework, verifier).get("/me", token())
    assert answer.status == 401
    assert len(answer.reason()) <= 256 and answer.reason().endswith("…")


def test_cognito_jwks_does_not_reach_the_glue(framework: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: with COGNITO_JWKS set, the glue's verifier took its keys from it and served
    the forged token (200). Now the keys come from the pool's URL, unreachable here: 503."""
    monkeypatch.setenv("COGNITO_JWKS", json.dumps(JWKS))
    app = App(framework, TokenVerifier(POOL_ID, "c", endpoint_url=UNREACHABLE))
    assert app.get("/me", token()).status == 503
