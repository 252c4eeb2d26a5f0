"""The pytest plugin's ``cognito_pool`` marker: pool options for choice-based sign-in."""

from __future__ import annotations

import pytest

USER_TESTS = """
import pytest

from fastcognito import CognitoPy


@pytest.mark.cognito_pool(first_factors=["PASSWORD", "EMAIL_OTP"])
def test_email_otp(cognito_emulator, cognito_pool, cognito_user):
    with CognitoPy(cognito_pool.pool_id, cognito_pool.public_client_id, "", endpoint_url=cognito_emulator.url) as c:
        step = c.sign_in(cognito_user.username)
        assert step.available_challenges == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]
        step = c.confirm_sign_in(step, answer="EMAIL_OTP")
        code = cognito_emulator.code(cognito_pool.pool_id, cognito_user.username, "email_otp")
        assert c.confirm_sign_in(step, code=code).signed_in


def test_default_pool_allows_the_password_alone(cognito_emulator, cognito_pool, cognito_user):
    with CognitoPy(cognito_pool.pool_id, cognito_pool.public_client_id, "", endpoint_url=cognito_emulator.url) as c:
        assert c.sign_in(cognito_user.username).available_challenges == ["PASSWORD", "PASSWORD_SRP"]
"""


def test_the_cognito_pool_marker_sets_first_factors(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error::pytest.PytestUnknownMarkWarning")
    result.assert_outcomes(passed=2)
