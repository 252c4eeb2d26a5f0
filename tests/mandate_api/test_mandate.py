"""The mandate API (Cognito awaitable, SyncCognito blocking) against the strict emulator."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from fastcognito import Cognito, SyncCognito
from fastcognito.exceptions import (
    CodeMismatchException,
    NotAuthorizedException,
    UsernameExistsException,
    UserNotFoundException,
)
from fastcognito.mandate import (
    ForceChangePasswordException,
    GroupObj,
    SMSMFAChallengeException,
    SoftwareTokenMFAChallengeException,
    UserObj,
    WarrantException,
)
from fastcognito.testing import Emulator, Pool
from fastcognito.testing._moto import totp_code
from tests.helpers import PASSWORD, Driver


@dataclass
class M:
    emulator: Emulator
    pool: Pool
    cls: type
    with_secret: bool

    def client(self, username: str | None = None, **kwargs: Any) -> Driver:
        client_id = self.pool.secret_client_id if self.with_secret else self.pool.public_client_id
        secret = self.pool.client_secret if self.with_secret else None
        return Driver(
            self.cls(
                self.pool.pool_id,
                client_id,
                username=username,
                client_secret=secret,
                endpoint_url=self.emulator.url,
                **kwargs,
            )
        )

    def codes(self, username: str) -> dict[str, str | None]:
        return self.emulator.codes(self.pool.pool_id, username)

    def user(self, username: str | None = None, email: str | None = None) -> Driver:
        """A confirmed user, signed in with SRP."""
        username = username or f"m-{uuid.uuid4().hex[:8]}"
        email = email or f"{username}@example.com"
        cog = self.client()
        cog.register(username=username, password=PASSWORD, email=email)
        cog.confirm_sign_up(self.codes(username)["signup"])
        cog.authenticate(PASSWORD)
        return cog


FLAVOURS = [
    pytest.param((Cognito, False), id="async-public"),
    pytest.param((Cognito, True), id="async-secret"),
    pytest.param((SyncCognito, False), id="sync-public"),
    pytest.param((SyncCognito, True), id="sync-secret"),
]


@pytest.fixture(params=FLAVOURS)
def m(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> M:
    cls, with_secret = request.param
    return M(emulator, pool, cls, with_secret)


@pytest.fixture(params=FLAVOURS)
def alias(request: pytest.FixtureRequest, emulator: Emulator) -> M:
    """A pool whose usernames are email addresses (the internal username is a UUID)."""
    cls, with_secret = request.param
    return M(emulator, emulator.setup(username_attributes=["email"]), cls, with_secret)


def test_constructor_positional_order_and_region(m: M) -> None:
    c = m.cls("eu-west-2_abc", "cid", None, "ann", "id-tok", "access-tok", "refresh-tok", "sec", loop=object())
    assert (c.user_pool_region, c.username, c.id_token, c.access_token, c.refresh_token, c.client_secret) == (
        "eu-west-2",
        "ann",
        "id-tok",
        "access-tok",
        "refresh-tok",
        "sec",
    )
    assert m.cls("us-east-1_x", "cid", "eu-central-1").user_pool_region == "eu-central-1"
    assert c.generate_region_from_pool() == "eu-west-2"  # plain, not awaited, as in mandate
    for text in ("id-tok", "access-tok", "refresh-tok", "sec"):
        assert text not in repr(c)
    c.username = "bob"
    c.access_token = "other"
    assert (c.username, c.access_token) == ("bob", "other")


def test_register_confirm_and_srp_login(m: M) -> None:
    cog = m.client()
    result = cog.register(username="ann", password=PASSWORD, email="ann@example.com", attrs={"given_name": "Ann"})
    assert result["UserConfirmed"] is False and result["UserSub"]
    assert cog.username == "ann" and cog.client.email == "ann@example.com" and cog.client.given_name == "Ann"
    assert not hasattr(cog.client, "password") and PASSWORD not in repr(vars(cog.client))
    with pytest.raises(CodeMismatchException):
        cog.confirm_sign_up("000000" if m.codes("ann")["signup"] != "000000" else "1")
    cog.confirm_sign_up(m.codes("ann")["signup"], "ann")
    with pytest.raises(UsernameExistsException) as info:
        cog.register(username="ann", password=PASSWORD, email="ann@example.com")
    assert info.value.response["Error"]["Code"] == "UsernameExistsException"
    assert cog.authenticate(PASSWORD) is None
    assert cog.token_type == "Bearer" and cog.id_token and cog.access_token and cog.refresh_token
    assert cog.client.id_claims["cognito:username"] == "ann"
    assert cog.client.access_claims["token_use"] == "access"


def test_srp_rejects_a_wrong_password(m: M) -> None:
    cog = m.user()
    with pytest.raises(NotAuthorizedException):
        cog.authenticate("Wr0ngPassword!")
    with pytest.raises(UserNotFoundException):
        m.client("nobody").authenticate(PASSWORD)


def test_srp_by_email_alias(alias: M) -> None:
    """With a client secret, SRP by alias needs the SECRET_HASH of the internal username."""
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    cog = alias.client(email)
    cog.register(username=email, password=PASSWORD, email=email)
    cog.confirm_sign_up(alias.codes(email)["signup"])
    cog.authenticate(PASSWORD)
    internal = cog.client.access_claims["username"]
    assert internal != email
    cog.renew_access_token()  # keyed on the internal username too
    assert cog.client.access_claims["username"] == internal
    with pytest.raises(NotAuthorizedException):
        cog.authenticate("Wr0ngPassword!")


def test_admin_authenticate(m: M) -> None:
    cog = m.user()
    fresh = m.client(cog.username)
    fresh.admin_authenticate(PASSWORD)
    assert fresh.access_token and fresh.client.id_claims["cognito:username"] == cog.username
    with pytest.raises(NotAuthorizedException):
        fresh.admin_authenticate("Wr0ngPassword!")


def test_new_password_challenge(m: M) -> None:
    admin = m.client()
    result = admin.admin_create_user("temp", temporary_password="Temp0rary!", email="t@example.com")
    assert result["User"]["Username"] == "temp" and admin.username == "temp"
    cog = m.client("temp")
    with pytest.raises(ForceChangePasswordException, match="Change password"):
        cog.authenticate("Temp0rary!")
    with pytest.raises(ForceChangePasswordException):
        cog.admin_authenticate("Temp0rary!")
    cog.new_password_challenge("Temp0rary!", "N3wPassword!")
    assert cog.access_token
    cog.authenticate("N3wPassword!")
    with pytest.raises(WarrantException):
        cog.new_password_challenge("N3wPassword!", "An0ther!Pass")


def test_sms_mfa_challenge(m: M) -> None:
    cog = m.user()
    m.emulator.enable_sms_mfa(m.pool.pool_id, cog.username)
    with pytest.raises(SMSMFAChallengeException) as info:
        cog.authenticate(PASSWORD)
    assert info.value.get_tokens()["ChallengeName"] == "SMS_MFA"
    with pytest.raises(CodeMismatchException):
        cog.respond_to_sms_mfa_challenge("000000" if m.codes(cog.username)["mfa"] != "000000" else "1")
    with pytest.raises(SMSMFAChallengeException):
        cog.admin_authenticate(PASSWORD)
    cog.respond_to_sms_mfa_challenge(m.codes(cog.username)["mfa"])
    assert cog.access_token and cog.client.mfa_tokens is None


def test_software_token_mfa(m: M) -> None:
    cog = m.user()
    secret = cog.associate_software_token()
    assert secret
    code = totp_code(secret)
    wrong = "000000" if code != "000000" else "111111"
    assert cog.verify_software_token(wrong) is False
    code = totp_code(secret)
    assert cog.verify_software_token(code, "phone") is True
    cog.set_user_mfa_preference(False, True, "SOFTWARE_TOKEN")
    with pytest.raises(SoftwareTokenMFAChallengeException):
        cog.authenticate(PASSWORD)
    with pytest.raises(CodeMismatchException):
        cog.respond_to_software_token_mfa_challenge("000000")
    with pytest.raises(SoftwareTokenMFAChallengeException):
        cog.authenticate(PASSWORD)
    code = totp_code(secret)
    cog.respond_to_software_token_mfa_challenge(code)
    assert cog.access_token
    with pytest.raises(ValueError):
        cog.set_user_mfa_preference(True, True, "VOICE")


def test_profile_and_user_objects(m: M) -> None:
    cog = m.user()
    cog.update_profile({"given_name": "Zed", "custom:tier": "gold"}, attr_map={"custom:tier": "tier"})
    user = cog.get_user(attr_map={"custom:tier": "tier"})
    assert isinstance(user, UserObj) and repr(user) == f"<UserObj: {cog.username}>"
    assert user.given_name == "Zed" and user.tier == "gold" and user.sub and user.nothing_here is None
    assert user.pk == cog.username and user.username == cog.username
    user.given_name = "Yan"
    result = user.save()
    if m.cls is Cognito:
        import asyncio

        asyncio.run(result)
    assert cog.get_user().given_name == "Yan"
    admin_view = cog.admin_get_user()
    assert admin_view.user_status == "CONFIRMED" and admin_view.enabled is True
    assert admin_view.create_date is not None and admin_view.modified_date is not None  # as pycognito
    cog.admin_update_profile(username=cog.username, attrs={"family_name": "Ng"})
    assert cog.admin_get_user().family_name == "Ng"
    with pytest.raises(UserNotFoundException):
        cog.admin_update_profile(username="ghost", attrs={"family_name": "x"})


def test_user_obj_delete(m: M) -> None:
    cog = m.user()
    user = cog.admin_get_user()
    result = user.delete(admin=True)
    if m.cls is Cognito:
        import asyncio

        asyncio.run(result)
    with pytest.raises(UserNotFoundException):
        cog.admin_get_user()


def test_get_users_follows_pagination(m: M) -> None:
    admin = m.client()
    for i in range(63):
        admin.admin_create_user(f"bulk{i:02d}", email=f"b{i}@example.com")
    users = admin.get_users()
    assert len(users) == 63 and {u.username for u in users} == {f"bulk{i:02d}" for i in range(63)}


def test_groups(m: M) -> None:
    admin = m.client()
    for i in range(62):
        admin.create_group(f"grp{i:02d}", description=f"group {i}", precedence=i)
    groups = admin.get_groups()
    assert len(groups) == 62 and all(isinstance(g, GroupObj) for g in groups)
    group = admin.get_group("grp05")
    assert (group.group_name, group.description, group.precedence) == ("grp05", "group 5", 5)
    assert repr(group) == "<GroupObj: grp05>" and group.creation_date is not None
    group.description = "renamed"
    result = group.save()
    if m.cls is Cognito:
        import asyncio

        asyncio.run(result)
    assert admin.get_group("grp05").description == "renamed"
    result = group.delete()
    if m.cls is Cognito:
        import asyncio

        asyncio.run(result)
    from fastcognito.exceptions import ResourceNotFoundException

    with pytest.raises(ResourceNotFoundException):
        admin.get_group("grp05")


def test_password_flows(m: M) -> None:
    cog = m.user()
    cog.change_password(PASSWORD, "Chang3dPass!")
    with pytest.raises(NotAuthorizedException):
        cog.change_password("Wr0ngOld!", "Other0Pass!")
    cog.initiate_forgot_password()
    with pytest.raises(CodeMismatchException):
        cog.confirm_forgot_password("bad", "Reset0Pass!")
    cog.confirm_forgot_password(m.codes(cog.username)["forgot"], "Reset0Pass!")
    cog.authenticate("Reset0Pass!")


def test_verification_and_check_token(m: M) -> None:
    cog = m.user()
    assert cog.check_token() is False
    cog.send_verification("email")
    with pytest.raises(CodeMismatchException):
        cog.validate_verification("000000" if m.codes(cog.username)["verify:email"] != "000000" else "1")
    cog.send_verification()
    assert cog.validate_verification(m.codes(cog.username)["verify:email"]) is None
    assert cog.get_user().email_verified is True
    empty = m.client("x")
    with pytest.raises(AttributeError, match="Access Token Required"):
        empty.check_token()


def test_logout_and_delete_user(m: M) -> None:
    cog = m.user()
    token = cog.access_token
    cog.logout()
    assert cog.access_token is None and cog.refresh_token is None and cog.id_token is None
    cog.client.access_token = token
    with pytest.raises(NotAuthorizedException):
        cog.get_user()
    other = m.user()
    name = other.username
    other.delete_user()
    with pytest.raises(UserNotFoundException):
        m.client(name).admin_get_user()
    with pytest.raises(UserNotFoundException):
        m.client().admin_delete_user(name)
    with pytest.raises(TypeError):
        m.client().admin_delete_user(None)


def test_admin_confirm_sign_up(m: M) -> None:
    cog = m.client()
    cog.register(username="unconf", password=PASSWORD, email="u@example.com")
    cog.admin_confirm_sign_up()
    cog.authenticate(PASSWORD)
    with pytest.raises(UserNotFoundException):
        cog.admin_confirm_sign_up("ghost")


def test_renew_access_token(m: M) -> None:
    cog = m.user()
    old = cog.access_token
    refresh = cog.refresh_token
    cog.renew_access_token()
    assert cog.access_token != old and cog.refresh_token == refresh
    cog.client.refresh_token = "not-a-refresh-token"
    with pytest.raises(NotAuthorizedException):
        cog.renew_access_token()


# --- pycognito's admin calls, added to both mandate-style classes -----------------------------


def test_pycognito_group_membership_calls(m: M) -> None:
    cog = m.user()
    admin = m.client()
    for i in range(62):  # more than one page of ListGroupsForUser
        admin.create_group(f"pg{i:02d}")
        admin.admin_add_user_to_group(cog.username, f"pg{i:02d}")
    names = admin.admin_list_groups_for_user(cog.username)
    assert sorted(names) == [f"pg{i:02d}" for i in range(62)]
    admin.admin_remove_user_from_group(cog.username, "pg00")
    assert "pg00" not in admin.admin_list_groups_for_user(cog.username)
    with pytest.raises(UserNotFoundException):
        admin.admin_list_groups_for_user("ghost")
    with pytest.raises(TypeError):
        admin.admin_add_user_to_group(cog.username, 42)


def test_pycognito_enable_disable_and_reset(m: M) -> None:
    cog = m.user()
    admin = m.client()
    admin.admin_disable_user(cog.username)
    with pytest.raises(NotAuthorizedException):
        m.client(cog.username).authenticate(PASSWORD)
    admin.admin_enable_user(cog.username)
    m.client(cog.username).authenticate(PASSWORD)
    admin.admin_update_profile(cog.username, {"email_verified": "true"})  # a reset needs a verified address
    admin.admin_reset_password(cog.username)
    assert m.client(cog.username).admin_get_user().user_status == "RESET_REQUIRED"
    reset = m.client(cog.username)
    reset.confirm_forgot_password(m.codes(cog.username)["forgot"], "Res3tPassword")
    reset.authenticate("Res3tPassword")
    assert reset.access_token


def test_resend_confirmation_code_sends_a_new_code(m: M) -> None:
    name = f"r-{uuid.uuid4().hex[:8]}"
    cog = m.client()
    cog.register(username=name, password=PASSWORD, email=f"{name}@example.com")
    first = m.codes(name)["signup"]
    cog.resend_confirmation_code(name)
    second = m.codes(name)["signup"]
    assert second and second != first
    with pytest.raises(CodeMismatchException):
        cog.confirm_sign_up(first, name)
    cog.confirm_sign_up(second, name)


def test_register_without_email(m: M) -> None:
    name = f"p-{uuid.uuid4().hex[:8]}"
    m.client().register(username=name, password=PASSWORD, attrs={"phone_number": "+15555550100"})
    user = m.client(name).admin_get_user()
    assert user.phone_number == "+15555550100" and user.email is None


def test_admin_create_user_additional_kwargs(m: M) -> None:
    admin = m.client()
    name = f"c-{uuid.uuid4().hex[:8]}"
    admin.admin_create_user(
        name,
        "Temp0rary!pw",
        email=f"{name}@example.com",
        additional_kwargs={"MessageAction": "SUPPRESS", "DesiredDeliveryMediums": ["EMAIL"]},
    )
    assert m.client(name).admin_get_user().user_status == "FORCE_CHANGE_PASSWORD"
    with pytest.raises(TypeError, match="client_metadata"):  # pycognito's ClientMetadata: checked
        admin.admin_create_user(f"x-{name}", additional_kwargs={"ClientMetadata": {"a": 1}})
    with pytest.raises(ValueError):
        admin.admin_create_user(f"y-{name}", additional_kwargs={"MessageAction": "SHOUT"})
    with pytest.raises(UserNotFoundException):  # nothing was created by the refused calls
        m.client(f"x-{name}").admin_get_user()


def test_admin_set_user_password(m: M) -> None:
    cog = m.user()
    admin = m.client()
    admin.admin_set_user_password(cog.username, "Permanent0!x", permanent=True)
    fresh = m.client(cog.username)
    fresh.authenticate("Permanent0!x")
    assert fresh.access_claims["username"] == cog.client.access_claims["username"]
    with pytest.raises(NotAuthorizedException):
        fresh.authenticate(PASSWORD)
    admin.admin_set_user_password(cog.username, "Temporary0!x")
    with pytest.raises(ForceChangePasswordException):
        fresh.authenticate("Temporary0!x")
    with pytest.raises(TypeError):
        admin.admin_set_user_password(cog.username, 12345678)


def test_admin_user_global_sign_out(m: M) -> None:
    cog = m.user()
    m.client().admin_user_global_sign_out(cog.username)
    with pytest.raises(NotAuthorizedException):
        cog.renew_access_token()


def test_access_keys_kept_and_client_id_optional(m: M) -> None:
    cog = m.cls(m.pool.pool_id, None, access_key="AKIDEXAMPLE", secret_key="s3cr3t-key-value")
    assert cog.client_id is None
    assert cog.access_key == "AKIDEXAMPLE" and cog.secret_key == "s3cr3t-key-value"
    assert "s3cr3t-key-value" not in repr(cog) and "AKIDEXAMPLE" not in repr(cog)
    assert m.cls(m.pool.pool_id).client_id is None


def test_without_a_client_id_admin_calls_work_and_the_others_say_what_is_missing(m: M) -> None:
    name = m.user().username
    cog = Driver(m.cls(m.pool.pool_id, None, username=name, endpoint_url=m.emulator.url))
    assert cog.admin_get_user().username == name
    for call in (lambda: cog.authenticate(PASSWORD), cog.initiate_forgot_password):
        with pytest.raises(ValueError, match="needs the app client id: pass client_id="):
            call()
