"""Auth factors, MFA preferences (SMS, TOTP, email) and TOTP set-up in the cognitopy family."""

from __future__ import annotations

import pytest

from fastcognito.exceptions import InvalidParameterException, NotAuthorizedException
from fastcognito.testing._moto import totp_code
from tests.helpers import Api


def factors(api: Api, username: str) -> dict:
    return api.api.admin_get_user_auth_factors(username)  # type: ignore[no-any-return]


def test_auth_factors_of_a_new_user(api: Api) -> None:
    username, tokens = api.logged_in()
    mine = api.api.get_user_auth_factors(tokens["access_token"])
    assert mine == {
        "username": username,
        "preferred_mfa_setting": None,
        "user_mfa_setting_list": [],
        "configured_user_auth_factors": ["PASSWORD"],
    }
    assert factors(api, username) == mine
    with pytest.raises(NotAuthorizedException):
        api.api.get_user_auth_factors("not-a-token")


def test_email_mfa_preference(api: Api) -> None:
    username, tokens = api.logged_in()
    api.api.set_user_mfa_preference(tokens["access_token"], email=True, preferred="EMAIL")
    found = factors(api, username)
    assert found["user_mfa_setting_list"] == ["EMAIL_OTP"]
    assert found["preferred_mfa_setting"] == "EMAIL_OTP"
    # AdminGetUser says the same as Cognito's (moto knows no email MFA).
    assert api.api.get_user_auth_factors(tokens["access_token"]) == found
    api.api.set_user_mfa_preference(tokens["access_token"], email=False)
    assert factors(api, username)["user_mfa_setting_list"] == []
    assert factors(api, username)["preferred_mfa_setting"] is None


def test_sms_mfa_needs_a_phone_number(api: Api) -> None:
    username, tokens = api.logged_in()
    with pytest.raises(InvalidParameterException):
        api.api.set_user_mfa_preference(tokens["access_token"], sms=True)
    with_phone = api.confirmed(phone_number="+15555550100")
    api.api.admin_set_user_mfa_preference(with_phone, sms=True, preferred="SMS")
    assert factors(api, with_phone)["user_mfa_setting_list"] == ["SMS_MFA"]
    assert factors(api, with_phone)["preferred_mfa_setting"] == "SMS_MFA"
    assert factors(api, username)["user_mfa_setting_list"] == []


def test_totp_set_up_then_one_preferred_factor(api: Api) -> None:
    username, tokens = api.logged_in()
    access = tokens["access_token"]
    with pytest.raises(InvalidParameterException):  # not verified yet
        api.api.set_user_mfa_preference(access, software_token=True)
    secret = api.api.associate_software_token(access)
    assert isinstance(secret, str) and secret
    code = totp_code(secret)
    wrong = "000000" if code != "000000" else "111111"
    assert api.api.verify_software_token(access, wrong) is False
    assert api.api.verify_software_token(access, totp_code(secret), "phone") is True
    api.api.set_user_mfa_preference(access, software_token=True, email=True, preferred="SOFTWARE_TOKEN")
    found = factors(api, username)
    assert found["user_mfa_setting_list"] == ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]
    assert found["preferred_mfa_setting"] == "SOFTWARE_TOKEN_MFA"
    # Preferring another factor: only one is preferred.
    api.api.admin_set_user_mfa_preference(username, preferred="EMAIL")
    found = factors(api, username)
    assert found["preferred_mfa_setting"] == "EMAIL_OTP"
    assert found["user_mfa_setting_list"] == ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, ValueError),
        ({"preferred": "VOICE"}, ValueError),
        ({"sms": "yes"}, TypeError),
        ({"email": False, "preferred": "EMAIL"}, ValueError),
    ],
)
def test_mfa_preference_arguments_are_checked_before_any_call(api: Api, kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        api.api.set_user_mfa_preference("token", **kwargs)
    with pytest.raises(error):
        api.api.admin_set_user_mfa_preference("someone", **kwargs)
    counts = api.emulator.requests(api.client_id)
    assert "SetUserMFAPreference" not in counts
    assert "AdminSetUserMFAPreference" not in api.emulator.requests(api.pool.pool_id)


def test_factor_methods_refuse_non_strings(api: Api) -> None:
    with pytest.raises(ValueError):
        api.api.get_user_auth_factors(None)
    with pytest.raises(ValueError):
        api.api.admin_get_user_auth_factors(5)
    with pytest.raises(ValueError):
        api.api.associate_software_token(None)
    with pytest.raises(ValueError):
        api.api.verify_software_token("token", 123456)
