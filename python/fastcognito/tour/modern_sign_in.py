"""The tour, part 3: choice-based sign-in (USER_AUTH): a one-time code by email, the user's
choice among the pool's first factors, and email MFA after a password. Run the whole tour
with ``fastcognito tour``."""

from __future__ import annotations

from fastcognito import Cognito, CognitoPy
from fastcognito.testing import Emulator

from .cognitopy_style import step

PASSWORD = "Passw0rd!1"


async def main(emu: Emulator) -> None:
    # A pool that lets users sign in with a password or a code sent by email or SMS.
    pool = emu.setup(first_factors=["PASSWORD", "EMAIL_OTP", "SMS_OTP"])
    emu.create_user(pool.pool_id, "dana", PASSWORD, email="dana@example.com")

    with CognitoPy(pool.pool_id, pool.secret_client_id, pool.client_secret, secret_hash=True) as cognito:
        signing_in = cognito.sign_in("dana", preferred_challenge="EMAIL_OTP")
        step("sign_in with an email code", signing_in)
        code = emu.code(pool.pool_id, "dana", "email_otp")
        done = cognito.confirm_sign_in(signing_in, code=code)
        step("confirm_sign_in with the emailed code", done)

        choice = cognito.sign_in("dana")
        step("sign_in without a preference: the user's options", choice.available_challenges)
        done = cognito.confirm_sign_in(choice, answer="PASSWORD_SRP", password=PASSWORD)
        step("the user picks PASSWORD_SRP (SRP computed in Rust)", done.signed_in)

    # Email MFA after the password, on a mandate-style object that keeps the tokens.
    emu.set_user_mfa(pool.pool_id, "dana", "EMAIL_OTP", preferred=True)
    cog = Cognito(pool.pool_id, pool.public_client_id, username="dana")
    mfa = await cog.sign_in(preferred_challenge="PASSWORD", password=PASSWORD)
    step("Cognito.sign_in with a password, then email MFA", mfa.challenge_name)
    await cog.confirm_sign_in(mfa, code=emu.code(pool.pool_id, "dana", "email_mfa"))
    step("confirm_sign_in: tokens stored and verified", (cog.access_claims or {}).get("username"))
