"""The emulator's refresh-token rotation, spoken to with boto3 (the wire as any SDK sends it):
GetTokensFromRefreshToken, the grace period, REFRESH_TOKEN_AUTH refused on a rotating client,
the client secret, and the request counts tests read."""

from __future__ import annotations

import time
import uuid
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from fastcognito.testing import Emulator, EmulatorError, Pool
from tests.helpers import PASSWORD


def idp(emulator: Emulator, pool: Pool) -> Any:
    return boto3.client(
        "cognito-idp",
        region_name=pool.region,
        endpoint_url=emulator.url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def login(emulator: Emulator, pool: Pool, client: Any) -> dict[str, Any]:
    username = f"rot-{uuid.uuid4().hex[:8]}"
    emulator.create_user(pool.pool_id, username, PASSWORD, email=f"{username}@example.com")
    result = client.initiate_auth(
        ClientId=pool.public_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )
    return result["AuthenticationResult"]  # type: ignore[no-any-return]


def code_of(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def test_setup_option_makes_both_clients_rotate(emulator: Emulator) -> None:
    pool = emulator.setup(refresh_token_rotation=True, retry_grace_period_seconds=0.3)
    client = idp(emulator, pool)
    tokens = login(emulator, pool, client)
    with pytest.raises(ClientError) as refused:
        client.initiate_auth(
            ClientId=pool.public_client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
        )
    assert code_of(refused) == "InvalidParameterException"
    assert "GetTokensFromRefreshToken" in str(refused.value)
    new = client.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=pool.public_client_id)
    assert new["AuthenticationResult"]["RefreshToken"] != tokens["RefreshToken"]
    time.sleep(0.4)
    with pytest.raises(ClientError) as reused:
        client.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=pool.public_client_id)
    assert code_of(reused) == "RefreshTokenReuseException"
    # The rotated-out token also stopped working for anything else: revoking it is a no-op.
    client.revoke_token(Token=tokens["RefreshToken"], ClientId=pool.public_client_id)


def test_without_rotation_no_refresh_token_is_returned(emulator: Emulator, pool: Pool) -> None:
    client = idp(emulator, pool)
    tokens = login(emulator, pool, client)
    new = client.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=pool.public_client_id)
    assert "RefreshToken" not in new["AuthenticationResult"]
    assert new["AuthenticationResult"]["AccessToken"] and new["AuthenticationResult"]["IdToken"]


def test_a_token_of_another_client_or_a_wrong_secret_is_refused(emulator: Emulator, pool: Pool) -> None:
    client = idp(emulator, pool)
    tokens = login(emulator, pool, client)
    for kwargs in ({}, {"ClientSecret": "x" * 40}, {"ClientSecret": pool.client_secret}):
        with pytest.raises(ClientError) as refused:
            client.get_tokens_from_refresh_token(
                RefreshToken=tokens["RefreshToken"], ClientId=pool.secret_client_id, **kwargs
            )
        assert code_of(refused) == "NotAuthorizedException"
    assert tokens["RefreshToken"] not in str(refused.value)


def test_grace_period_ends_early_when_the_new_token_is_revoked(emulator: Emulator, pool: Pool) -> None:
    emulator.set_refresh_token_rotation(pool.public_client_id, True, 30)
    client = idp(emulator, pool)
    tokens = login(emulator, pool, client)
    new = client.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=pool.public_client_id)
    client.revoke_token(Token=new["AuthenticationResult"]["RefreshToken"], ClientId=pool.public_client_id)
    with pytest.raises(ClientError) as refused:
        client.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=pool.public_client_id)
    assert code_of(refused) == "NotAuthorizedException"


def test_rotation_can_be_turned_off_again(emulator: Emulator, pool: Pool) -> None:
    emulator.set_refresh_token_rotation(pool.public_client_id, True, 0)
    emulator.set_refresh_token_rotation(pool.public_client_id, False)
    client = idp(emulator, pool)
    tokens = login(emulator, pool, client)
    client.initiate_auth(
        ClientId=pool.public_client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
    )


def test_grace_period_bounds(emulator: Emulator, pool: Pool) -> None:
    with pytest.raises(EmulatorError):
        emulator.set_refresh_token_rotation(pool.public_client_id, True, 61)
    with pytest.raises(EmulatorError):
        emulator.set_refresh_token_rotation(pool.public_client_id, True, -1)


def test_requests_are_counted_per_client_and_pool(emulator: Emulator, pool: Pool) -> None:
    client = idp(emulator, pool)
    login(emulator, pool, client)
    assert emulator.requests(pool.public_client_id) == {"InitiateAuth": 1}
    with pytest.raises(ClientError):
        client.admin_get_user(UserPoolId=pool.pool_id, Username="nobody")
    assert emulator.requests(pool.pool_id) == {"AdminGetUser": 1}
    assert emulator.requests(pool.secret_client_id) == {}


MARKED = """
import pytest

from fastcognito import SyncCognito
from fastcognito.exceptions import RefreshTokenReuseException


@pytest.mark.cognito_pool(refresh_token_rotation=True, retry_grace_period_seconds=0, mfa_configuration="OPTIONAL")
def test_a_rotating_pool(cognito_emulator, cognito_pool, cognito_user):
    cog = SyncCognito(cognito_pool.pool_id, cognito_pool.public_client_id, username=cognito_user.username,
                      endpoint_url=cognito_emulator.url)
    cog.authenticate(cognito_user.password)
    old = cog.refresh_token
    cog.renew_access_token()
    assert cog.refresh_token != old
    with pytest.raises(RefreshTokenReuseException):
        cog.refresh_tokens(old)
    cog.set_user_mfa_preference(False, False, "EMAIL", email=True)
    assert cog.get_user_auth_factors()["PreferredMfaSetting"] == "EMAIL_OTP"


def test_an_unmarked_pool_does_not_rotate(cognito_emulator, cognito_pool, cognito_user):
    cog = SyncCognito(cognito_pool.pool_id, cognito_pool.public_client_id, username=cognito_user.username,
                      endpoint_url=cognito_emulator.url)
    cog.authenticate(cognito_user.password)
    old = cog.refresh_token
    cog.renew_access_token()
    assert cog.refresh_token == old
"""


def test_the_plugin_marker_passes_pool_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_marked=MARKED)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=2)


def test_rotation_set_through_the_app_client_api(emulator: Emulator, pool: Pool) -> None:
    client = idp(emulator, pool)
    created = client.create_user_pool_client(
        UserPoolId=pool.pool_id,
        ClientName="rotating",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"],
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 0},
    )["UserPoolClient"]
    described = client.describe_user_pool_client(UserPoolId=pool.pool_id, ClientId=created["ClientId"])
    assert described["UserPoolClient"]["RefreshTokenRotation"]["Feature"] == "ENABLED"
    username = f"api-{uuid.uuid4().hex[:8]}"
    emulator.create_user(pool.pool_id, username, PASSWORD)
    tokens = client.initiate_auth(
        ClientId=created["ClientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    new = client.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=created["ClientId"])
    assert new["AuthenticationResult"]["RefreshToken"] != tokens["RefreshToken"]
    client.update_user_pool_client(
        UserPoolId=pool.pool_id, ClientId=created["ClientId"], RefreshTokenRotation={"Feature": "DISABLED"}
    )
    again = client.get_tokens_from_refresh_token(
        RefreshToken=new["AuthenticationResult"]["RefreshToken"], ClientId=created["ClientId"]
    )
    assert "RefreshToken" not in again["AuthenticationResult"]


def test_revoking_a_refresh_token_revokes_the_tokens_issued_from_it(emulator: Emulator, pool: Pool) -> None:
    """RevokeToken used to drop the refresh token only: its access token still worked."""
    client = idp(emulator, pool)
    tokens = login(emulator, pool, client)
    other = login(emulator, pool, client)
    client.revoke_token(Token=tokens["RefreshToken"], ClientId=pool.public_client_id)
    with pytest.raises(ClientError) as refused:
        client.get_user(AccessToken=tokens["AccessToken"])
    assert code_of(refused) == "NotAuthorizedException"
    # Another sign-in's tokens are untouched.
    assert client.get_user(AccessToken=other["AccessToken"])["Username"]
