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
    print("registered and confirmed", email)

    await cog.authenticate("Passw0rd!1")  # SRP, maths in Rust; tokens verified against the JWKS
    print("SRP login by email alias with a client secret:", cog.token_type, (cog.access_claims or {})["username"])

    user = await cog.get_user(attr_map={"given_name": "first_name"})
    print("get_user:", user, user.email, user.sub)

    await cog.update_profile({"given_name": "Dana"})
    user = await cog.get_user(attr_map={"given_name": "first_name"})
    print("update_profile then get_user:", user.first_name)

    await cog.renew_access_token()
    print("renew_access_token: still", (await cog.get_user()).email)

    try:
        await cog.verify_token(cog.access_token or "", "id_token", "id")
    except TokenVerificationException as e:
        print("an access token is not an id token:", e)

    admin = Cognito(pool.pool_id, pool.public_client_id, endpoint_url=emu.url)
    await admin.admin_create_user("erin@example.com", temporary_password="Temp0rary!", email="erin@example.com")
    erin = Cognito(pool.pool_id, pool.public_client_id, username="erin@example.com", endpoint_url=emu.url)
    try:
        await erin.authenticate("Temp0rary!")
    except ForceChangePasswordException:
        await erin.new_password_challenge("Temp0rary!", "Erin5Password")
        print("erin set her own password and is signed in:", bool(erin.access_token))

    users = await admin.get_users()
    print("get_users (every page):", sorted(u.email for u in users))

    await cog.change_password("Passw0rd!1", "Passw0rd!2")
    await cog.logout()
    print("changed password and logged out; tokens now", cog.access_token)
