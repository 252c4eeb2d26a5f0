"""The tour, part 2: mandate-style code on fastcognito: the same calls, awaited, with SRP
and verified tokens. Run the whole tour with ``fastcognito tour``."""

from __future__ import annotations

from fastcognito import Cognito  # was: from mandate import Cognito
from fastcognito.mandate import ForceChangePasswordException, TokenVerificationException
from fastcognito.testing import Emulator


async def main(emu: Emulator) -> None:
    # A pool where the email is the username, and an app client with a secret: the case
    # mandate's README says does not work with SRP.
    pool = emu.setup(username_attributes=["email"])
    email = "dana@example.com"
    cog = Cognito(
        pool.pool_id,
        pool.secret_client_id,
        username=email,
        client_secret=pool.client_secret,
        endpoint_url=emu.url,
    )
    await cog.register(email=email, username=email, password="Passw0rd!1")
    await cog.confirm_sign_up(emu.code(pool.pool_id, email, "signup"), email)
    print("register, then confirm_sign_up with the emailed code:", email)

    await cog.authenticate("Passw0rd!1")  # SRP, maths in Rust; tokens verified against the JWKS
    claims = cog.access_claims or {}
    # With the email as an alias, the internal username Cognito puts in the token is a UUID.
    print(
        "authenticate (SRP, by email alias, client with a secret):",
        f"token_type={cog.token_type}, internal username={claims['username']}",
    )

    user = await cog.get_user(attr_map={"given_name": "first_name"})
    print(f"get_user: {user}, email={user.email}, sub={user.sub}")

    await cog.update_profile({"given_name": "Dana"})
    user = await cog.get_user(attr_map={"given_name": "first_name"})
    print(f"update_profile, then get_user: first_name={user.first_name}")

    await cog.renew_access_token()
    print(f"renew_access_token, then get_user: email={(await cog.get_user()).email}")

    try:
        await cog.verify_token(cog.access_token or "", "id_token", "id")
    except TokenVerificationException as e:
        print("verify_token of an access token as an id token raises:", e)

    admin = Cognito(pool.pool_id, pool.public_client_id, endpoint_url=emu.url)
    await admin.admin_create_user("erin@example.com", temporary_password="Temp0rary!", email="erin@example.com")
    erin = Cognito(pool.pool_id, pool.public_client_id, username="erin@example.com", endpoint_url=emu.url)
    try:
        await erin.authenticate("Temp0rary!")
    except ForceChangePasswordException:
        await erin.new_password_challenge("Temp0rary!", "Erin5Password")
        print(f"erin (admin_create_user) sets her own password: signed in={bool(erin.access_token)}")

    users = await admin.get_users()
    print("get_users (every page):", sorted(u.email for u in users))

    await cog.change_password("Passw0rd!1", "Passw0rd!2")
    await cog.logout()
    print(f"change_password, then logout: access_token={cog.access_token}")
