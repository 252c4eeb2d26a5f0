"""The pool's key set during an outage (issue 15, item 2), against a key server on loopback
that this test controls and counts requests on: one fetch in flight per key set, its outcome
(keys or failure) shared by every caller that waited for it, a back-off after a failure during
which callers fail at once, and the client's timeouts applied to the fetch. Counts are
asserted, not times; an upper bound on elapsed time is only a guard against hangs."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from fastcognito import MultiPoolVerifier, SyncCognito, TokenVerifier
from fastcognito.exceptions import KeysUnavailableError, TokenVerificationException
from tests.core.jwks_server import JwksServer

KEY = RSAKey.generate_key(2048, parameters={"kid": "k", "alg": "RS256", "use": "sig"})
JWKS = json.dumps({"keys": [KEY.as_dict(private=False)]}).encode()
POOL_ID = "eu-west-1_Outage"
ISSUER = f"https://cognito-idp.eu-west-1.amazonaws.com/{POOL_ID}"


def token(**overrides: Any) -> str:
    now = int(time.time())
    claims = {"sub": "s", "iss": ISSUER, "token_use": "access", "client_id": "client-a", "iat": now, "exp": now + 600}
    return jwt.encode({"alg": "RS256", "kid": "k"}, {**claims, **overrides}, KEY)


def verifier(server: JwksServer, **options: Any) -> TokenVerifier:
    return TokenVerifier(POOL_ID, "client-a", endpoint_url=server.url, **options)


def test_ten_requests_while_the_key_set_fails_fetch_it_once() -> None:
    """Before: 10 requests with the JWKS answering 500 made 10 fetches (a failed fetch left
    nothing behind). Now the first fails, the others fail at once during the back-off."""
    with JwksServer(500) as server:
        one = verifier(server)
        for _ in range(10):
            with pytest.raises(KeysUnavailableError, match="HTTP 500"):
                one.verify(token())
        assert server.requests == 1
        multi = MultiPoolVerifier([verifier(server)])
        for _ in range(5):
            with pytest.raises(KeysUnavailableError):
                asyncio.run(multi.verify_async(token()))
        assert server.requests == 2  # one for the second verifier's own key set
        # The mandate family's key cache behaves the same.
        cog = SyncCognito(POOL_ID, "client-a", endpoint_url=server.url, max_attempts=1)
        for _ in range(5):
            with pytest.raises(TokenVerificationException, match="HTTP 500"):
                cog.verify_token(token(), "access_token", "access")
        assert server.requests == 3


def test_waiters_on_a_failing_fetch_share_its_failure() -> None:
    """Before: callers that waited for a failing (slow) fetch each fetched again in turn,
    so 8 concurrent requests on a 2 s failing fetch made 8 fetches and the last waited 16 s.
    Now the one fetch's failure is every waiter's answer."""
    with JwksServer(500, delay=1.0) as server:
        awaited = verifier(server)

        async def many() -> list[Any]:
            return await asyncio.gather(*(awaited.verify_async(token()) for _ in range(8)), return_exceptions=True)

        started = time.monotonic()
        results = asyncio.run(many())
        assert all(isinstance(r, KeysUnavailableError) for r in results), results
        assert server.requests == 1
        # Threads blocking on the same kind of fetch.
        blocking = verifier(server)

        def one(_: int) -> BaseException | None:
            try:
                blocking.verify(token())
            except KeysUnavailableError as exc:
                return exc
            return None

        with ThreadPoolExecutor(6) as pool:
            outcomes = list(pool.map(one, range(6)))
        assert all(isinstance(o, KeysUnavailableError) for o in outcomes), outcomes
        assert server.requests == 2
        assert time.monotonic() - started < 60  # hang guard


def test_after_the_back_off_the_key_set_is_fetched_again() -> None:
    """The back-off ends: the keys are fetched again, once, and tokens verify."""
    with JwksServer(503) as server:
        v = verifier(server)
        with pytest.raises(KeysUnavailableError) as first:
            v.verify(token())
        assert "not fetched again" not in first.value.message
        server.serve(200, JWKS)
        with pytest.raises(KeysUnavailableError, match="not fetched again"):
            v.verify(token())
        assert not v.has_keys and server.requests == 1
        time.sleep(2.2)  # the first back-off is 2 s
        assert v.verify(token())["sub"] == "s"
        assert v.verify(token(sub="t"))["sub"] == "t"
        assert server.requests == 2


def test_unknown_kids_share_one_fetch() -> None:
    """Tokens naming keys the set lacks, all at once on a cold verifier: one fetch, and the
    30 s cooldown keeps the made-up kids from fetching again."""
    with JwksServer(200, JWKS, delay=0.5) as server:
        v = verifier(server)

        async def many() -> list[Any]:
            tokens = [token()] + [jwt.encode({"alg": "RS256", "kid": f"made-up-{i}"}, {}, KEY) for i in range(10)]
            return await asyncio.gather(*(v.verify_async(t) for t in tokens), return_exceptions=True)

        results = asyncio.run(many())
        assert results[0]["sub"] == "s"
        assert all("unknown key" in str(r) for r in results[1:]), results
        assert server.requests == 1


@pytest.mark.parametrize("family", ["TokenVerifier", "SyncCognito"])
def test_read_timeout_bounds_the_key_download(family: str) -> None:
    """Before: the mandate family fetched the keys within its 30 s operation timeout whatever
    read_timeout/connect_timeout said, so a key server that sleeps 8 s held a request 8 s with
    both set to 1 (TokenVerifier already bounded its fetch by the two added up). The fetch now
    ends as an outage (KeysUnavailableError) after the connection plus read_timeout."""
    with JwksServer(200, JWKS, delay=8.0) as server:
        started = time.monotonic()
        with pytest.raises(KeysUnavailableError, match="timed out"):
            if family == "TokenVerifier":
                verifier(server, connect_timeout=1, read_timeout=1).verify(token())
            else:
                SyncCognito(
                    POOL_ID, "client-a", endpoint_url=server.url, connect_timeout=1, read_timeout=1, max_attempts=1
                ).verify_token(token(), "access_token", "access")
        assert time.monotonic() - started < 6  # hang guard: well before the server's 8 s
