"""The mandate family verifies tokens of a pool in either issuer format (its ``authenticate``
verifies the tokens it gets, so a pool set to the updated format must work end to end);
``issuer=`` still pins one."""

from __future__ import annotations

import pytest

from fastcognito import Cognito, SyncCognito
from fastcognito.mandate import TokenVerificationException
from fastcognito.testing import Emulator
from tests.helpers import PASSWORD, Driver


@pytest.mark.parametrize("cls", [Cognito, SyncCognito], ids=["async", "sync"])
@pytest.mark.parametrize("issuer_format", ["original", "updated"])
def test_both_issuer_formats(emulator: Emulator, cls: type, issuer_format: str) -> None:
    pool = emulator.setup(issuer_format=issuer_format)
    emulator.create_user(pool.pool_id, "fmt", PASSWORD, email="fmt@example.com")
    cog = Driver(cls(pool.pool_id, pool.public_client_id, username="fmt", endpoint_url=emulator.url))
    cog.authenticate(PASSWORD)
    host = "issuer-cognito-idp" if issuer_format == "updated" else "cognito-idp"
    expected = f"https://{host}.{pool.region}.amazonaws.com/{pool.pool_id}"
    assert cog.access_claims["iss"] == expected
    assert cog.verify_token(cog.id_token, "id_token", "id")["iss"] == expected
    cog.verify_tokens()
    # The attribute keeps mandate's value: the pool's issuer in the original format.
    assert cog.issuer == f"https://cognito-idp.{pool.region}.amazonaws.com/{pool.pool_id}"


@pytest.mark.parametrize("cls", [Cognito, SyncCognito], ids=["async", "sync"])
def test_a_pinned_issuer_refuses_the_other_format(emulator: Emulator, cls: type) -> None:
    pool = emulator.setup(issuer_format="updated")
    emulator.create_user(pool.pool_id, "pin", PASSWORD)
    signed_in = Driver(cls(pool.pool_id, pool.public_client_id, username="pin", endpoint_url=emulator.url))
    signed_in.authenticate(PASSWORD)
    other_host = f"https://elsewhere.example.com/{pool.pool_id}"
    pinned = Driver(cls(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url, issuer=other_host))
    with pytest.raises(TokenVerificationException, match="issuer"):
        pinned.verify_token(signed_in.access_token, "access_token", "access")
