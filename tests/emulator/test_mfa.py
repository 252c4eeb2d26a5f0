"""The emulator's MFA preferences and auth factors, spoken to with boto3: email MFA (which
moto lacks), Cognito's refusals, one preferred factor, and GetUser/AdminGetUser agreeing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fastcognito.testing import Emulator, Pool
from tests.emulator.test_rotation import code_of, idp
from tests.helpers import PASSWORD


def user(emulator: Emulator, pool: Pool, client: Any, **attributes: str) -> tuple[str, str]:
    username = f"mfa-{uuid.uuid4().hex[:8]}"
    emulator.create_user(pool.pool_id, username, PASSWORD, **attributes)
    result = client.initiate_auth(
        ClientId=pool.public_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )
    return username, result["AuthenticationResult"]["AccessToken"]


def test_email_mfa_and_factors(emulator: Emulator, pool: Pool) -> None:
    client = idp(emulator, pool)
    username, access = user(emulator, pool, client, email="m@example.com")
    client.set_user_mfa_preference(AccessToken=access, EmailMfaSettings={"Enabled": True, "PreferredMfa": True})
    mine = client.get_user_auth_factors(AccessToken=access)
    assert mine["UserMFASettingList"] == ["EMAIL_OTP"] and mine["PreferredMfaSetting"] == "EMAIL_OTP"
    assert mine["ConfiguredUserAuthFactors"] == ["PASSWORD"]
    admin = client.admin_get_user_auth_factors(UserPoolId=pool.pool_id, Username=username)
    assert {k: v for k, v in admin.items() if k != "ResponseMetadata"} == {
        k: v for k, v in mine.items() if k != "ResponseMetadata"
    }
    for got in (client.get_user(AccessToken=access), client.admin_get_user(UserPoolId=pool.pool_id, Username=username)):
        assert got["UserMFASettingList"] == ["EMAIL_OTP"] and got["PreferredMfaSetting"] == "EMAIL_OTP"


def test_refusals(emulator: Emulator, pool: Pool) -> None:
    client = idp(emulator, pool)
    username, access = user(emulator, pool, client)  # no email, no phone number
    cases = [
        {"EmailMfaSettings": {"Enabled": True}},
        {"SMSMfaSettings": {"Enabled": True}},
        {"SoftwareTokenMfaSettings": {"Enabled": True}},  # not verified
        {"EmailMfaSettings": {"Enabled": False, "PreferredMfa": True}},
    ]
    for settings in cases:
        with pytest.raises(ClientError) as refused:
            client.admin_set_user_mfa_preference(UserPoolId=pool.pool_id, Username=username, **settings)
        assert code_of(refused) == "InvalidParameterException"
    with pytest.raises(ClientError) as refused:
        client.get_user_auth_factors(AccessToken="not-a-token")
    assert code_of(refused) == "NotAuthorizedException"
    with pytest.raises(ClientError) as refused:
        client.admin_get_user_auth_factors(UserPoolId=pool.pool_id, Username="nobody")
    assert code_of(refused) == "UserNotFoundException"


def test_one_preferred_factor(emulator: Emulator, pool: Pool) -> None:
    client = idp(emulator, pool)
    username, _access = user(emulator, pool, client, email="p@example.com", phone_number="+15555550123")
    both = {"Enabled": True, "PreferredMfa": True}
    client.admin_set_user_mfa_preference(UserPoolId=pool.pool_id, Username=username, SMSMfaSettings=both)
    client.admin_set_user_mfa_preference(UserPoolId=pool.pool_id, Username=username, EmailMfaSettings=both)
    found = client.admin_get_user_auth_factors(UserPoolId=pool.pool_id, Username=username)
    assert found["UserMFASettingList"] == ["SMS_MFA", "EMAIL_OTP"]
    assert found["PreferredMfaSetting"] == "EMAIL_OTP"
    client.admin_set_user_mfa_preference(
        UserPoolId=pool.pool_id, Username=username, EmailMfaSettings={"Enabled": False, "PreferredMfa": False}
    )
    found = client.admin_get_user_auth_factors(UserPoolId=pool.pool_id, Username=username)
    assert found["UserMFASettingList"] == ["SMS_MFA"] and "PreferredMfaSetting" not in found
