"""Refresh tokens in the mandate family: renewals on a rotating app client store the rotated
refresh token, ``refresh_tokens``, and concurrent renewals of one object sending one request."""

from __future__ import annotations

import asyncio
import threading
import uuid

import pytest

from fastcognito import Cognito, SyncCognito
from fastcognito.exceptions import NotAuthorizedException, RefreshTokenReuseException
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD, make_jwt
from tests.mandate_api.test_mandate import FLAVOURS, M


@pytest.fixture(params=FLAVOURS)
def m(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> M:
    cls, with_secret = request.param
    return M(emulator, pool, cls, with_secret)


def client_id(m: M) -> str:
    return m.pool.secret_client_id if m.with_secret else m.pool.public_client_id


def rotate(m: M, grace: float = 0.0) -> None:
    m.emulator.set_refresh_token_rotation(client_id(m), True, grace)


def count(emulator: Emulator, client: str, op: str) -> int:
    return emulator.requests(client).get(op, 0)


def expire(cog: object) -> None:
    """Makes the stored access token look expired (check_token reads only its claims)."""
    claims = {"exp": 1, "username": cog.access_claims["username"]}  # type: ignore[attr-defined]
    cog.access_token = make_jwt(claims)  # type: ignore[attr-defined]


def test_renew_access_token_on_a_rotating_client_stores_the_new_refresh_token(m: M) -> None:
    rotate(m)
    cog = m.user()
    for _ in range(3):  # grace 0: each renewal must use the refresh token the last one stored
        access, refresh = cog.access_token, cog.refresh_token
        cog.renew_access_token()
        assert cog.access_token != access and cog.refresh_token not in (None, refresh)
        assert cog.access_claims["token_use"] == "access"
    with pytest.raises(RefreshTokenReuseException):
        cog.refresh_tokens(refresh)


def test_check_token_renews_on_a_rotating_client(m: M) -> None:
    rotate(m)
    cog = m.user()
    refresh = cog.refresh_token
    expire(cog.client)
    assert cog.check_token() is True
    assert cog.refresh_token != refresh
    assert cog.check_token() is False
    cog.get_user()  # the renewed access token works


def test_refresh_tokens_without_and_with_rotation(m: M) -> None:
    cog = m.user()
    refresh = cog.refresh_token
    result = cog.refresh_tokens()
    assert result["refresh_token"] is None and result["access_token"] == cog.access_token
    assert cog.refresh_token == refresh
    rotate(m)
    result = cog.refresh_tokens(client_metadata={"source": "test"})
    assert result["refresh_token"] == cog.refresh_token != refresh
    assert cog.id_claims["cognito:username"]
    with pytest.raises(TypeError):
        cog.refresh_tokens(client_metadata="x")


def test_a_failed_renewal_is_reported_and_the_object_recovers(m: M) -> None:
    cog = m.user()
    good = cog.refresh_token
    cog.client.refresh_token = "not-a-refresh-token"
    with pytest.raises(NotAuthorizedException):
        cog.renew_access_token()
    cog.client.refresh_token = good
    cog.renew_access_token()


# ---- single flight ------------------------------------------------------------------------


def signed_in(emulator: Emulator, pool: Pool, cls: type, with_secret: bool) -> object:
    client = pool.secret_client_id if with_secret else pool.public_client_id
    secret = pool.client_secret if with_secret else None
    username = f"sf-{uuid.uuid4().hex[:8]}"
    emulator.create_user(pool.pool_id, username, PASSWORD, email=f"{username}@example.com")
    cog = cls(pool.pool_id, client, username=username, client_secret=secret, endpoint_url=emulator.url)
    if cls is Cognito:
        asyncio.run(cog.authenticate(PASSWORD))
    else:
        cog.authenticate(PASSWORD)
    return cog


@pytest.mark.parametrize("with_secret", [False, True], ids=["public", "secret"])
@pytest.mark.parametrize("rotating", [True, False], ids=["rotating", "not-rotating"])
def test_concurrent_awaited_renewals_send_one_request(
    emulator: Emulator, pool: Pool, with_secret: bool, rotating: bool
) -> None:
    client = pool.secret_client_id if with_secret else pool.public_client_id
    if rotating:
        emulator.set_refresh_token_rotation(client, True, 0)
    cog = signed_in(emulator, pool, Cognito, with_secret)
    op = "GetTokensFromRefreshToken" if rotating else "InitiateAuth"

    async def main() -> None:
        before = count(emulator, client, op)
        expire(cog)
        results = await asyncio.gather(*(cog.check_token() for _ in range(6)))  # type: ignore[attr-defined]
        assert results == [True] * 6
        assert count(emulator, client, op) == before + 1
        old = cog.refresh_token  # type: ignore[attr-defined]
        await asyncio.gather(*(cog.renew_access_token() for _ in range(6)))  # type: ignore[attr-defined]
        assert count(emulator, client, op) == before + 2
        if rotating:
            assert cog.refresh_token != old  # type: ignore[attr-defined]
        await cog.get_user()  # type: ignore[attr-defined]

    asyncio.run(main())


@pytest.mark.parametrize("with_secret", [False, True], ids=["public", "secret"])
def test_concurrent_threads_renew_once(emulator: Emulator, pool: Pool, with_secret: bool) -> None:
    client = pool.secret_client_id if with_secret else pool.public_client_id
    emulator.set_refresh_token_rotation(client, True, 0)
    cog = signed_in(emulator, pool, SyncCognito, with_secret)
    cog.renew_access_token()  # learns that the client rotates
    before = count(emulator, client, "GetTokensFromRefreshToken")
    expire(cog)
    start = threading.Barrier(6)
    results: list[bool] = []
    errors: list[BaseException] = []

    def run() -> None:
        start.wait()
        try:
            results.append(cog.check_token())  # type: ignore[attr-defined]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    # Threads that saw the expired token report True (and wait on the one renewal in flight);
    # a thread that reads the token after the renewal finished rightly reports False.
    assert len(results) == 6 and True in results
    assert count(emulator, client, "GetTokensFromRefreshToken") == before + 1
    cog.get_user()  # type: ignore[attr-defined]


def test_concurrent_renewals_share_the_failure(emulator: Emulator, pool: Pool) -> None:
    cog = signed_in(emulator, pool, Cognito, False)
    cog.refresh_token = "not-a-refresh-token"  # type: ignore[attr-defined]

    async def main() -> list[object]:
        return await asyncio.gather(
            *(cog.renew_access_token() for _ in range(4)),  # type: ignore[attr-defined]
            return_exceptions=True,
        )

    before = count(emulator, pool.public_client_id, "InitiateAuth")
    outcomes = asyncio.run(main())
    assert all(isinstance(o, NotAuthorizedException) for o in outcomes)
    assert count(emulator, pool.public_client_id, "InitiateAuth") == before + 1
