"""The pool's issuer format: a pool set to UPDATED (``issuer_format="updated"`` or
UpdateUserPool's IssuerConfiguration) issues tokens whose ``iss`` is
``https://issuer-cognito-idp.{region}.amazonaws.com/{pool}``, by every flow, and they still work."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fastcognito import CognitoPy, TokenVerifier
from fastcognito._core import unverified_claims
from fastcognito.exceptions import TokenVerificationError
from fastcognito.testing import Emulator, EmulatorError, Pool
from tests.helpers import PASSWORD


def original(pool: Pool) -> str:
    return f"https://cognito-idp.{pool.region}.amazonaws.com/{pool.pool_id}"


def updated(pool: Pool) -> str:
    return f"https://issuer-cognito-idp.{pool.region}.amazonaws.com/{pool.pool_id}"


def sign_in(emulator: Emulator, pool: Pool, name: str = "iss-user") -> dict[str, Any]:
    emulator.create_user(pool.pool_id, name, PASSWORD, email=f"{name}@example.com")
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as client:
        return client.login(name, PASSWORD)


def idp(emulator: Emulator, pool: Pool) -> Any:
    return boto3.client("cognito-idp", region_name=pool.region, endpoint_url=emulator.url)


def test_a_pool_issues_the_original_format_by_default(emulator: Emulator, pool: Pool) -> None:
    tokens = sign_in(emulator, pool)
    for name in ("id_token", "access_token"):
        assert unverified_claims(tokens[name])["iss"] == original(pool)


def test_an_updated_pool_issues_the_updated_format_by_every_flow(emulator: Emulator) -> None:
    pool = emulator.setup(issuer_format="updated")
    tokens = sign_in(emulator, pool)
    for name in ("id_token", "access_token"):
        assert unverified_claims(tokens[name])["iss"] == updated(pool)
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as client:
        # The tokens stay moto's own: GetUser knows the access token, refresh issues new ones.
        assert client.get_info_user_by_token(tokens["access_token"])["username"] == "iss-user"
        renewed = client.renew_access_token(tokens["access_token"], tokens["refresh_token"])
    assert unverified_claims(renewed)["iss"] == updated(pool)
    verifier = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url)
    assert verifier.verify(renewed)["iss"] == updated(pool)


def test_update_user_pool_switches_the_format_and_describe_says_so(emulator: Emulator, pool: Pool) -> None:
    cognito = idp(emulator, pool)
    cognito.update_user_pool(UserPoolId=pool.pool_id, IssuerConfiguration={"Type": "UPDATED"})
    described = cognito.describe_user_pool(UserPoolId=pool.pool_id)["UserPool"]
    assert described["IssuerConfiguration"] == {"Type": "UPDATED"}
    tokens = sign_in(emulator, pool)
    assert unverified_claims(tokens["access_token"])["iss"] == updated(pool)
    cognito.update_user_pool(UserPoolId=pool.pool_id, IssuerConfiguration={"Type": "ORIGINAL"})
    again = sign_in(emulator, pool, "iss-user-2")
    assert unverified_claims(again["access_token"])["iss"] == original(pool)


def test_an_unknown_issuer_type_is_refused(emulator: Emulator, pool: Pool) -> None:
    cognito = idp(emulator, pool)
    with pytest.raises(cognito.exceptions.InvalidParameterException):
        cognito.update_user_pool(UserPoolId=pool.pool_id, IssuerConfiguration={"Type": "NEWEST"})
    with pytest.raises(EmulatorError, match="issuer_format"):
        emulator.setup(issuer_format="UPDATED")


def test_a_pinned_verifier_follows_the_pools_format(emulator: Emulator) -> None:
    pool = emulator.setup(issuer_format="updated")
    token = sign_in(emulator, pool)["access_token"]
    pinned_original = TokenVerifier(
        pool.pool_id, pool.public_client_id, issuer=original(pool), endpoint_url=emulator.url
    )
    with pytest.raises(TokenVerificationError, match="issuer"):
        pinned_original.verify(token)
    pinned_updated = TokenVerifier(pool.pool_id, pool.public_client_id, issuer=updated(pool), endpoint_url=emulator.url)
    assert pinned_updated.verify(token)["client_id"] == pool.public_client_id


@pytest.mark.cognito_pool(issuer_format="updated")
def test_the_plugin_marker_takes_the_option(cognito_emulator: Emulator, cognito_pool: Pool) -> None:
    token = sign_in(cognito_emulator, cognito_pool, "marked")["access_token"]
    assert unverified_claims(token)["iss"] == updated(cognito_pool)
