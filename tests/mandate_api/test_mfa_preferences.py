"""Auth factors and MFA preferences (email MFA included) in the mandate family."""

from __future__ import annotations

import pytest

from fastcognito.exceptions import InvalidParameterException
from fastcognito.testing import Emulator, Pool
from tests.mandate_api.test_mandate import FLAVOURS, M


@pytest.fixture(params=FLAVOURS)
def m(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> M:
    cls, with_secret = request.param
    return M(emulator, pool, cls, with_secret)


def test_auth_factors_and_email_mfa(m: M) -> None:
    cog = m.user()
    mine = cog.get_user_auth_factors()
    assert mine["ConfiguredUserAuthFactors"] == ["PASSWORD"]
    assert mine["UserMFASettingList"] == [] and "PreferredMfaSetting" not in mine
    cog.set_user_mfa_preference(False, False, "EMAIL", email=True)
    mine = cog.get_user_auth_factors()
    assert mine["UserMFASettingList"] == ["EMAIL_OTP"] and mine["PreferredMfaSetting"] == "EMAIL_OTP"
    assert cog.admin_get_user_auth_factors() == mine
    user = cog.admin_get_user()
    assert user.user_status == "CONFIRMED"
    cog.admin_set_user_mfa_preference(email=False)
    assert cog.admin_get_user_auth_factors(cog.username)["UserMFASettingList"] == []


def test_sms_needs_a_phone_number_and_keyword_checks(m: M) -> None:
    cog = m.user()
    with pytest.raises(InvalidParameterException):
        cog.set_user_mfa_preference(True, False)
    with pytest.raises(InvalidParameterException):
        cog.admin_set_user_mfa_preference(sms=True, preferred="SMS")
    with pytest.raises(ValueError):
        cog.admin_set_user_mfa_preference()
    with pytest.raises(TypeError):
        cog.set_user_mfa_preference(False, False, email="yes")
    with pytest.raises(ValueError):
        m.client().admin_get_user_auth_factors()  # no username anywhere
