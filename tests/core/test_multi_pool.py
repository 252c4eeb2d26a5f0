"""MultiPoolVerifier: a token goes to the verifier of its issuer, read before any signature
work; any other issuer is refused."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from fastcognito import CognitoPy, MultiPoolVerifier, TokenVerifier
from fastcognito.exceptions import TokenVerificationError
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD, make_jwt


def sign_in(emulator: Emulator, pool: Pool, name: str) -> dict[str, Any]:
    emulator.create_user(pool.pool_id, name, PASSWORD)
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as client:
        return client.login(name, PASSWORD)


def test_tokens_go_to_their_pools_verifier(emulator: Emulator, pool: Pool) -> None:
    other = emulator.setup(issuer_format="updated")
    first, second = sign_in(emulator, pool, "multi-1"), sign_in(emulator, other, "multi-2")
    verifiers = [TokenVerifier(p.pool_id, p.public_client_id, endpoint_url=emulator.url) for p in (pool, other)]
    multi = MultiPoolVerifier(verifiers)
    assert multi.verifiers == tuple(verifiers)
    assert multi.verifier_for(first["access_token"]) is verifiers[0]
    assert multi.verifier_for(second["access_token"]) is verifiers[1]
    assert multi.verify(first["access_token"])["username"] == "multi-1"
    assert asyncio.run(multi.verify_async(second["access_token"]))["username"] == "multi-2"
    # The right pool, the wrong kind of token: refused by that pool's verifier.
    with pytest.raises(TokenVerificationError, match="token_use"):
        multi.verify(first["id_token"])
    multi.hydrate()
    asyncio.run(multi.hydrate_async())
    assert emulator.jwks_fetches(pool.pool_id) == 1 and emulator.jwks_fetches(other.pool_id) == 1


def test_an_unknown_issuer_is_refused_before_any_key_is_fetched(emulator: Emulator, pool: Pool) -> None:
    multi = MultiPoolVerifier([TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url)])
    now = int(time.time())
    stranger = make_jwt({"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Nope", "exp": now + 60})
    with pytest.raises(TokenVerificationError, match="us-east-1_Nope") as info:
        multi.verify(stranger)
    assert stranger not in str(info.value)
    with pytest.raises(TokenVerificationError, match="no issuer"):
        asyncio.run(multi.verify_async(make_jwt({"exp": now + 60})))
    with pytest.raises(TokenVerificationError, match="no issuer"):
        multi.verify("not a token")
    assert emulator.jwks_fetches(pool.pool_id) == 0


def test_pinned_issuers_split_one_pool_and_a_shared_issuer_is_refused() -> None:
    key = RSAKey.generate_key(2048, parameters={"kid": "k"})
    jwks = {"keys": [key.as_dict(private=False)]}
    pool_id = "eu-west-1_Multi"
    original = f"https://cognito-idp.eu-west-1.amazonaws.com/{pool_id}"
    updated = f"https://issuer-cognito-idp.eu-west-1.amazonaws.com/{pool_id}"
    old = TokenVerifier(pool_id, "legacy-client", issuer=original, jwks=jwks)
    new = TokenVerifier(pool_id, "new-client", issuer=updated, jwks=jwks)
    multi = MultiPoolVerifier([old, new])
    now = int(time.time())
    claims = {"iss": updated, "token_use": "access", "client_id": "new-client", "exp": now + 60, "iat": now}
    token = jwt.encode({"alg": "RS256", "kid": "k"}, claims, key)
    assert multi.verify(token)["client_id"] == "new-client"
    with pytest.raises(ValueError, match="two verifiers"):
        MultiPoolVerifier([old, TokenVerifier(pool_id, "x", jwks=jwks)])
    with pytest.raises(TypeError):
        MultiPoolVerifier([])
    with pytest.raises(TypeError):
        MultiPoolVerifier([object()])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        multi.verify(b"a.b.c")  # type: ignore[arg-type]


def test_a_remembered_token_goes_to_its_verifier_and_its_custom_check(emulator: Emulator, pool: Pool) -> None:
    other = emulator.setup()
    token = sign_in(emulator, other, "recalled")["access_token"]
    checked: list[str] = []
    verifiers = [
        TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url),
        TokenVerifier(
            other.pool_id,
            other.public_client_id,
            endpoint_url=emulator.url,
            custom_check=lambda claims: checked.append(claims["username"]),
        ),
    ]
    multi = MultiPoolVerifier(verifiers)
    for _ in range(2):
        assert multi.verify(token)["username"] == "recalled"
    assert asyncio.run(multi.verify_async(token))["username"] == "recalled"
    assert checked == ["recalled"] * 3
    assert verifiers[1]._verifier.remembered_count == 1 and verifiers[0]._verifier.remembered_count == 0
    assert emulator.jwks_fetches(pool.pool_id) == 0
