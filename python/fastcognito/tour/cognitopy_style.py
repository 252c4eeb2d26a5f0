"""The tour, part 1: cognitopy-style code (``CognitoPy``, ``AsyncCognitoPy``) on fastcognito,
against the strict local emulator. Run the whole tour with ``fastcognito tour``."""

from __future__ import annotations

import asyncio
import os

from fastcognito import AsyncCognitoPy, CognitoPy, DesiredDelivery, MessageAction
from fastcognito.cognitopy import ChallengeRequired, ExceptionAuthCognito
from fastcognito.exceptions import NotAuthorizedException
from fastcognito.testing import Emulator

STEP = 0


def step(title: str, detail: object = "") -> None:
    global STEP
    STEP += 1
    print(f"{STEP:2d}. {title}" + (f": {detail}" if detail != "" else ""))


def short(token: str) -> str:
    return token[:16] + "..." if len(token) > 20 else token


def main(emu: Emulator) -> None:
    pool = emu.setup()
    os.environ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] = emu.url
    step("local emulator", f"{emu.url}, pool {pool.pool_id}")

    # An app client with a secret: cognitopy's secret_hash=True.
    with CognitoPy(pool.pool_id, pool.secret_client_id, pool.client_secret, secret_hash=True) as cognito:
        step("client", repr(cognito))

        registered = cognito.register("alice", "Passw0rd!1", {"email": "alice@example.com", "name": "Alice"})
        step("register", registered)

        code = emu.code(pool.pool_id, "alice", "signup")
        cognito.confirm_register("alice", code)
        step("confirm_register with the emailed code", code)

        tokens = cognito.login("alice", "Passw0rd!1")
        step("login", {k: short(v) if isinstance(v, str) else v for k, v in tokens.items()})

        fresh = cognito.renew_access_token(tokens["access_token"], tokens["refresh_token"])
        step("renew_access_token", short(fresh))
        step("get_info_user_by_token", cognito.get_info_user_by_token(fresh))
        step("check_expired_token", cognito.check_expired_token(fresh))

        try:
            cognito.login("alice", "wrong password")
        except NotAuthorizedException as e:
            assert isinstance(e, ExceptionAuthCognito)
            step("a wrong password raises", f"{type(e).__name__}: {e}")

        cognito.admin_create_group("admins", "Administrators", precedence=1)
        cognito.admin_add_user_to_group("alice", "admins")
        groups = cognito.admin_list_groups_for_user("alice", limit=10)
        step("groups of alice, first page of up to 10", [g["GroupName"] for g in groups])
        step("NextToken of that page (None: it was the last)", groups["NextToken"])

        user = cognito.admin_get_user("alice")
        step("admin_get_user", {k: user[k] for k in ("username", "user_status", "email", "name")})

        cognito.admin_create_user(
            "bob", {"email": "bob@example.com"}, False, MessageAction.SUPPRESS, [DesiredDelivery.EMAIL], "Temp0rary!"
        )
        try:
            cognito.login("bob", "Temp0rary!")
        except ChallengeRequired as challenge:
            step("bob must set a password", challenge.challenge_name)
            cognito.resolve_challenge_new_password(challenge.session or "", "bob", "B0bsPassword")
        step("bob logs in", short(cognito.login("bob", "B0bsPassword")["access_token"]))

        page = cognito.list_users(limit=1)
        users = list(page)
        while page.next_token:
            page = cognito.list_users(limit=1, next_token=page.next_token)
            users += page
        step("list_users, one per page", [u["username"] for u in users])

        cognito.admin_disable_user("bob")
        step("admin_disable_user bob, then his enabled flag", cognito.admin_get_user("bob")["enabled"])
        cognito.admin_enable_user("bob")

        cognito.change_password("Passw0rd!1", "Passw0rd!2", tokens["access_token"])
        step("change_password", "done")

        cognito.initiate_forgot_password("alice")
        reset_code = emu.code(pool.pool_id, "alice", "forgot")
        cognito.confirm_forgot_password("alice", reset_code, "Passw0rd!3")
        step("forgot password, then confirm with the code", reset_code)

        cognito.revoke_refresh_token(tokens["refresh_token"])
        try:
            cognito.renew_access_token(tokens["access_token"], tokens["refresh_token"])
        except NotAuthorizedException as e:
            step("revoke_refresh_token, then renewing fails", e)

    # The same API, awaitable.
    async def async_part() -> None:
        async with AsyncCognitoPy(pool.pool_id, pool.public_client_id, "") as cognito:
            names = [f"carol{i}" for i in range(5)]
            await asyncio.gather(*(cognito.register(n, "Passw0rd!1", {}) for n in names))
            await asyncio.gather(*(cognito.admin_confirm_register(n) for n in names))
            logins = await asyncio.gather(*(cognito.login(n, "Passw0rd!1") for n in names))
            step("AsyncCognitoPy: concurrent sign-ups and logins, token sets received", len(logins))
            await cognito.delete_user(logins[0]["access_token"])
            step("delete_user with the user's own token", names[0])

    asyncio.run(async_part())

    with CognitoPy(pool.pool_id, pool.secret_client_id, pool.client_secret, secret_hash=True) as cognito:
        cognito.admin_delete_user("bob")
        cognito.admin_delete_group("admins")
        step("admin_delete_user and admin_delete_group", "bob, admins")
