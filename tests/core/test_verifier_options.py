"""TokenVerifier as aws-jwt-verify has it: both issuer formats, several app clients, groups,
scopes, grace, custom checks, preloaded keys (no download, counted), hydrate, and tokens
remembered until they expire (never when they failed). Real tokens from the emulator; forged
ones are signed with a key generated here and preloaded with ``jwks=``."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from fastcognito import CognitoPy, TokenVerifier
from fastcognito.exceptions import KeysUnavailableError, TokenVerificationError
from fastcognito.testing import Emulator, Pool
from fastcognito.testing._moto import public_keys
from tests.helpers import PASSWORD

KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key", "alg": "RS256", "use": "sig"})
JWKS = {"keys": [KEY.as_dict(private=False)]}
POOL_ID = "eu-west-1_Forged"
ISSUER = f"https://cognito-idp.eu-west-1.amazonaws.com/{POOL_ID}"
UPDATED_ISSUER = f"https://issuer-cognito-idp.eu-west-1.amazonaws.com/{POOL_ID}"


def forged(token_use: str = "access", key: RSAKey = KEY, **overrides: Any) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {"sub": "s", "iss": ISSUER, "token_use": token_use, "iat": now, "exp": now + 600}
    claims["client_id" if token_use == "access" else "aud"] = "client-a"
    if token_use == "access":
        claims["scope"] = "orders/read profile"
    claims.update(overrides)
    kid = key.as_dict().get("kid", "test-key")
    return jwt.encode({"alg": "RS256", "kid": kid}, {k: v for k, v in claims.items() if v is not None}, key)


def offline(**options: Any) -> TokenVerifier:
    """A verifier of the forged pool with the generated key preloaded (an unreachable endpoint:
    a download would fail loudly)."""
    options.setdefault("jwks", JWKS)
    return TokenVerifier(POOL_ID, options.pop("client_id", "client-a"), endpoint_url="http://127.0.0.1:1", **options)


def refusal(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(TokenVerificationError) as info:
        verifier.verify(token)
    assert token not in str(info.value)
    with pytest.raises(TokenVerificationError):
        asyncio.run(verifier.verify_async(token))
    return str(info.value)


def sign_in(emulator: Emulator, pool: Pool, name: str, *, secret: bool = False) -> dict[str, Any]:
    emulator.create_user(pool.pool_id, name, PASSWORD, email=f"{name}@example.com")
    if secret:
        client = CognitoPy(pool.pool_id, pool.secret_client_id, pool.client_secret, True, endpoint_url=emulator.url)
    else:
        client = CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)
    with client:
        return client.login(name, PASSWORD)


# --- issuers --------------------------------------------------------------------------------
def test_both_issuer_formats_by_default_and_issuer_pins_one() -> None:
    verifier = offline()
    assert verifier.issuers == (ISSUER, UPDATED_ISSUER)
    assert verifier.issuer == ISSUER
    assert verifier.verify(forged())["iss"] == ISSUER
    assert verifier.verify(forged(iss=UPDATED_ISSUER))["iss"] == UPDATED_ISSUER
    assert "issuer" in refusal(verifier, forged(iss="https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"))
    pinned = offline(issuer=UPDATED_ISSUER)
    assert pinned.issuers == (UPDATED_ISSUER,)
    assert "issuer" in refusal(pinned, forged())
    assert pinned.verify(forged(iss=UPDATED_ISSUER))["sub"] == "s"


def test_real_tokens_of_both_formats(emulator: Emulator, pool: Pool) -> None:
    updated_pool = emulator.setup(issuer_format="updated")
    for p, name in ((pool, "fmt-original"), (updated_pool, "fmt-updated")):
        tokens = sign_in(emulator, p, name)
        verifier = TokenVerifier(p.pool_id, p.public_client_id, endpoint_url=emulator.url)
        assert verifier.verify(tokens["access_token"])["username"] == name
        ids = TokenVerifier(p.pool_id, p.public_client_id, "id", endpoint_url=emulator.url)
        assert asyncio.run(ids.verify_async(tokens["id_token"]))["cognito:username"] == name


# --- app clients, groups, scopes --------------------------------------------------------------
def test_several_client_ids(emulator: Emulator, pool: Pool) -> None:
    public = sign_in(emulator, pool, "cid-public")
    private = sign_in(emulator, pool, "cid-secret", secret=True)
    both = TokenVerifier(pool.pool_id, [pool.public_client_id, pool.secret_client_id], endpoint_url=emulator.url)
    assert both.client_ids == (pool.public_client_id, pool.secret_client_id)
    assert both.verify(public["access_token"])["client_id"] == pool.public_client_id
    assert both.verify(private["access_token"])["client_id"] == pool.secret_client_id
    ids = TokenVerifier(pool.pool_id, (pool.public_client_id, pool.secret_client_id), "id", endpoint_url=emulator.url)
    assert ids.verify(private["id_token"])["aud"] == pool.secret_client_id
    only_public = TokenVerifier(pool.pool_id, [pool.public_client_id], endpoint_url=emulator.url)
    assert "another app client" in refusal(only_public, private["access_token"])


def test_groups(emulator: Emulator, pool: Pool) -> None:
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as admin:
        emulator.create_user(pool.pool_id, "grouped", PASSWORD)
        admin.admin_create_group("admins", "Admins", 1)
        admin.admin_add_user_to_group("grouped", "admins")
        tokens = admin.login("grouped", PASSWORD)
    loner = sign_in(emulator, pool, "loner")
    admins = TokenVerifier(pool.pool_id, pool.public_client_id, groups=["editors", "admins"], endpoint_url=emulator.url)
    assert admins.groups == ("editors", "admins")
    assert admins.verify(tokens["access_token"])["cognito:groups"] == ["admins"]
    assert "cognito:groups" in refusal(admins, loner["access_token"])
    assert "cognito:groups" in refusal(offline(groups="admins"), forged())  # a str is one group
    assert offline(groups="admins").verify(forged(**{"cognito:groups": ["admins"]}))["sub"] == "s"


def test_scopes(emulator: Emulator, pool: Pool) -> None:
    tokens = sign_in(emulator, pool, "scoped")
    signin = TokenVerifier(
        pool.pool_id, pool.public_client_id, scopes=["aws.cognito.signin.user.admin"], endpoint_url=emulator.url
    )
    assert signin.verify(tokens["access_token"])["username"] == "scoped"
    assert offline(scopes=["orders/write", "orders/read"]).verify(forged())["scope"] == "orders/read profile"
    assert "scope" in refusal(offline(scopes="orders/write"), forged())
    assert "scope" in refusal(offline(scopes="orders/read"), forged(scope=None))
    with pytest.raises(ValueError, match="id tokens carry no scope"):
        TokenVerifier(POOL_ID, "client-a", "id", scopes=["orders/read"])


# --- time -------------------------------------------------------------------------------------
def test_grace_seconds_on_exp_nbf_and_iat() -> None:
    now = int(time.time())
    strict, lenient = offline(), offline(grace_seconds=120)
    assert lenient.grace_seconds == 120
    expired = forged(exp=now - 30)
    assert "expired" in refusal(strict, expired)
    assert lenient.verify(expired)["sub"] == "s"
    early = forged(nbf=now + 60)
    assert "nbf" in refusal(strict, early)
    assert lenient.verify(early)["sub"] == "s"
    future = forged(iat=now + 60)
    assert "iat" in refusal(strict, future)
    assert lenient.verify(future)["sub"] == "s"
    assert "expired" in refusal(lenient, forged(exp=now - 300))


# --- custom check -----------------------------------------------------------------------------
def test_custom_check_refuses_by_raising_and_runs_every_time() -> None:
    seen: list[str] = []

    def tenant_is_acme(claims: dict[str, Any]) -> None:
        seen.append(claims["sub"])
        if claims.get("custom:tenant") != "acme":
            raise PermissionError("tenant is not acme")

    verifier = offline(custom_check=tenant_is_acme)
    good = forged(**{"custom:tenant": "acme"})
    assert verifier.verify(good)["custom:tenant"] == "acme"
    assert verifier.verify(good)["custom:tenant"] == "acme"  # remembered, still checked
    assert asyncio.run(verifier.verify_async(good))["sub"] == "s"
    assert seen == ["s", "s", "s"]
    with pytest.raises(TokenVerificationError, match="tenant is not acme") as info:
        verifier.verify(forged(**{"custom:tenant": "evil"}))
    assert isinstance(info.value.__cause__, PermissionError)
    with pytest.raises(TypeError):
        offline(custom_check="not callable")
    predicate = offline(custom_check=lambda claims: claims.get("custom:tenant") == "acme")
    assert predicate.verify(good)["sub"] == "s"
    with pytest.raises(TokenVerificationError, match="returned False"):
        predicate.verify(forged())
    assert offline(custom_check=lambda claims: None).verify(forged())["sub"] == "s"


# --- preloaded keys, hydrate ------------------------------------------------------------------
@pytest.mark.parametrize("form", ["dict", "json", "path"])
def test_preloaded_keys_mean_no_download(emulator: Emulator, pool: Pool, tmp_path: Path, form: str) -> None:
    tokens = sign_in(emulator, pool, f"pre-{form}")
    jwks: Any = public_keys()
    if form == "json":
        jwks = json.dumps(jwks)
    elif form == "path":
        (tmp_path / "jwks.json").write_text(json.dumps(jwks))
        jwks = tmp_path / "jwks.json"
    verifier = TokenVerifier(pool.pool_id, pool.public_client_id, jwks=jwks, endpoint_url=emulator.url)
    assert verifier.has_keys
    verifier.hydrate()
    assert verifier.verify(tokens["access_token"])["username"] == f"pre-{form}"
    assert asyncio.run(verifier.verify_async(tokens["access_token"]))["username"] == f"pre-{form}"
    # A token signed with a key not preloaded is refused without fetching the pool's set.
    assert "unknown key" in refusal(verifier, forged(iss=verifier.issuer, client_id=pool.public_client_id))
    assert emulator.jwks_fetches(pool.pool_id) == 0


def test_bad_jwks_is_refused_at_construction(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="jwks"):
        TokenVerifier(POOL_ID, "c", jwks={"keys": []})
    with pytest.raises(ValueError, match="jwks"):
        TokenVerifier(POOL_ID, "c", jwks="{not json")
    with pytest.raises(FileNotFoundError):
        TokenVerifier(POOL_ID, "c", jwks=tmp_path / "missing.json")
    with pytest.raises(TypeError):
        TokenVerifier(POOL_ID, "c", jwks=42)  # type: ignore[arg-type]


def test_construction_fetches_nothing_and_hydrate_fetches_once(emulator: Emulator, pool: Pool) -> None:
    tokens = sign_in(emulator, pool, "hydrated")
    verifier = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url)
    assert emulator.jwks_fetches(pool.pool_id) == 0 and not verifier.has_keys
    verifier.hydrate()
    assert emulator.jwks_fetches(pool.pool_id) == 1 and verifier.has_keys
    verifier.hydrate()
    assert verifier.verify(tokens["access_token"])["username"] == "hydrated"
    assert emulator.jwks_fetches(pool.pool_id) == 1
    awaited = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url)
    asyncio.run(awaited.hydrate_async())
    assert emulator.jwks_fetches(pool.pool_id) == 2 and awaited.has_keys


def test_hydrate_says_when_keys_are_unreachable() -> None:
    verifier = TokenVerifier(POOL_ID, "c", endpoint_url="http://127.0.0.1:1")
    with pytest.raises(KeysUnavailableError):
        verifier.hydrate()
    with pytest.raises(KeysUnavailableError):
        asyncio.run(verifier.hydrate_async())


# --- remembered tokens ------------------------------------------------------------------------
def remembered(verifier: TokenVerifier) -> int:
    return verifier._verifier.remembered_count


def test_a_verified_token_is_remembered_and_a_failed_one_never() -> None:
    verifier = offline(groups=["admins"])
    member = forged(**{"cognito:groups": ["admins"]})
    outsider = forged(**{"cognito:groups": ["guests"]})
    for _ in range(2):
        refusal(verifier, outsider)
        refusal(verifier, forged(exp=int(time.time()) - 5))
        refusal(verifier, member[:-4] + ("AAAA" if not member.endswith("AAAA") else "BBBB"))
    assert remembered(verifier) == 0
    first = verifier.verify(member)
    assert remembered(verifier) == 1
    # The caller's copy is its own: changing it changes nothing for the next request.
    first["cognito:groups"].append("root")
    first["sub"] = "someone else"
    again = verifier.verify(member)
    assert again == {**first, "sub": "s", "cognito:groups": ["admins"]}
    assert remembered(verifier) == 1
    # Another payload under the remembered token's signature is not the remembered token.
    head, _payload, signature = member.split(".")
    _h, other_payload, _s = outsider.split(".")
    assert "signature" in refusal(verifier, f"{head}.{other_payload}.{signature}")
    verifier.forget()
    assert remembered(verifier) == 0
    no_memory = offline(cache_size=0)
    no_memory.verify(member)
    assert remembered(no_memory) == 0


def test_a_remembered_token_is_refused_once_expired() -> None:
    verifier = offline()
    exp = int(time.time()) + 1
    token = forged(exp=exp)
    assert verifier.verify(token)["exp"] == exp
    assert remembered(verifier) == 1
    while time.time() < exp + 0.05:  # wait for the clock to pass exp (no duration is asserted)
        time.sleep(0.05)
    assert "expired" in refusal(verifier, token)
    assert remembered(verifier) == 0


def test_a_verified_token_is_remembered_after_the_first_download(emulator: Emulator, pool: Pool) -> None:
    tokens = sign_in(emulator, pool, "remember-me")
    verifier = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url)
    assert verifier.verify(tokens["access_token"])["username"] == "remember-me"
    assert remembered(verifier) == 1
    awaited = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url)
    assert asyncio.run(awaited.verify_async(tokens["access_token"]))["username"] == "remember-me"
    assert remembered(awaited) == 1
    assert emulator.jwks_fetches(pool.pool_id) == 2


# --- arguments ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs",
    [{"grace_seconds": -1}, {"grace_seconds": 1.5}, {"grace_seconds": True}, {"cache_size": -1}],
    ids=repr,
)
def test_numbers_are_checked(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        TokenVerifier(POOL_ID, "c", **kwargs)


@pytest.mark.parametrize(
    "kwargs", [{"client_id": []}, {"client_id": ["a", ""]}, {"groups": [1]}, {"scopes": [""]}], ids=repr
)
def test_names_are_checked(kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        TokenVerifier(POOL_ID, **{"client_id": "c", **kwargs})
