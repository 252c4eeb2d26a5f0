"""Admin calls on users, and list_users."""

from __future__ import annotations

import datetime

import pytest

from fastcognito import DesiredDelivery, MessageAction
from fastcognito.cognitopy import ChallengeRequired, ExceptionAuthCognito, PagedList
from fastcognito.exceptions import (
    InvalidParameterException,
    NotAuthorizedException,
    UsernameExistsException,
    UserNotFoundException,
)
from tests.helpers import PASSWORD, Api


def test_admin_get_user_flat_dict(api: Api) -> None:
    name = api.confirmed(given_name="Ann")
    user = api.api.admin_get_user(name)
    assert user["username"] == name and user["enabled"] is True and user["user_status"] == "CONFIRMED"
    assert isinstance(user["user_create_date"], datetime.datetime) and user["user_create_date"].tzinfo is not None
    assert isinstance(user["user_last_modified_date"], datetime.datetime)
    assert user["email"] == f"{name}@example.com" and user["given_name"] == "Ann" and user["sub"]
    with pytest.raises(UserNotFoundException) as info:
        api.api.admin_get_user("ghost")
    assert isinstance(info.value, ExceptionAuthCognito) and info.value.operation == "AdminGetUser"


def test_admin_create_user(api: Api) -> None:
    result = api.api.admin_create_user(
        username="new-user",
        user_attributes={"email": "n@example.com", "email_verified": True},
        force_alias=True,
        message_action=MessageAction.SUPPRESS,
        desired_delivery=[DesiredDelivery.EMAIL],
        temporary_password="Temp0rary!",
    )
    assert result is None
    user = api.api.admin_get_user("new-user")
    assert user["user_status"] == "FORCE_CHANGE_PASSWORD" and user["email_verified"] == "true"
    with pytest.raises(ChallengeRequired):
        api.api.login("new-user", "Temp0rary!")
    # The enums' strings work as well as the members.
    api.api.admin_create_user("other", {}, False, "SUPPRESS", ["EMAIL", "SMS"])
    with pytest.raises(UsernameExistsException):
        api.api.admin_create_user("other", {}, False, MessageAction.SUPPRESS, [DesiredDelivery.EMAIL])


def test_admin_delete_user(api: Api) -> None:
    name = api.confirmed()
    assert api.api.admin_delete_user(name) is None
    with pytest.raises(UserNotFoundException):
        api.api.admin_get_user(name)
    with pytest.raises(UserNotFoundException):
        api.api.admin_delete_user(name)


def test_admin_confirm_register(api: Api) -> None:
    name = api.registered()
    assert api.api.admin_confirm_register(name) is None
    assert api.api.admin_get_user(name)["user_status"] == "CONFIRMED"
    assert api.api.login(name, PASSWORD)["access_token"]
    with pytest.raises(UserNotFoundException):
        api.api.admin_confirm_register("ghost")


def test_admin_disable_and_enable_user(api: Api) -> None:
    name = api.confirmed()
    assert api.api.admin_disable_user(name) is None
    assert api.api.admin_get_user(name)["enabled"] is False
    with pytest.raises(NotAuthorizedException, match="disabled"):
        api.api.login(name, PASSWORD)
    assert api.api.admin_enable_user(name) is None
    assert api.api.login(name, PASSWORD)["access_token"]
    with pytest.raises(UserNotFoundException):
        api.api.admin_disable_user("ghost")
    with pytest.raises(UserNotFoundException):
        api.api.admin_enable_user("ghost")


@pytest.mark.parametrize("method", ["admin_reset_user_password", "admin_reset_password"])
def test_admin_reset_password(api: Api, method: str) -> None:
    name = api.confirmed(email_verified="true")
    assert getattr(api.api, method)(name) is None
    assert api.api.admin_get_user(name)["user_status"] == "RESET_REQUIRED"
    # The README's follow-up: the code that was sent sets a new password.
    api.api.confirm_forgot_password(name, api.codes(name)["forgot"], "Res3tPassword")
    assert api.api.login(name, "Res3tPassword")["access_token"]
    unverified = api.confirmed()
    with pytest.raises(InvalidParameterException):
        getattr(api.api, method)(unverified)


def test_list_users_paginates(api: Api) -> None:
    names = sorted(api.confirmed() for _ in range(5))
    seen: list[str] = []
    page = api.api.list_users(limit=2)
    pages = 1
    while True:
        assert isinstance(page, PagedList) and len(page) <= 2
        seen += [u["username"] for u in page]
        if page["NextToken"] is None:
            break
        assert page.next_token == page["NextToken"]
        page = api.api.list_users(limit=2, next_token=page.next_token)
        pages += 1
    assert sorted(seen) == names and pages == 3
    assert all(isinstance(u["user_create_date"], datetime.datetime) for u in api.api.list_users())


def test_list_users_attributes_filter_and_group(api: Api) -> None:
    first = api.confirmed(given_name="Zed")
    second = api.confirmed()
    only_email = api.api.list_users(attributes_get=["email"])
    assert {u["username"] for u in only_email} == {first, second}
    assert all("given_name" not in u and u["email"] for u in only_email)
    filtered = api.api.list_users(filter=f'username = "{first}"')
    assert [u["username"] for u in filtered] == [first]
    api.api.admin_create_group("team", "the team", 1)
    api.api.admin_add_user_to_group(second, "team")
    in_group = api.api.list_users(attributes_get=["email"], group="team")
    assert [u["username"] for u in in_group] == [second]
    assert "sub" not in in_group[0] and in_group[0]["email"] == f"{second}@example.com"
    from fastcognito.exceptions import ResourceNotFoundException

    with pytest.raises(ResourceNotFoundException):
        api.api.list_users(group="no-such-group")
    with pytest.raises(InvalidParameterException):
        api.api.list_users(filter='custom:x = "1"')


def test_admin_set_user_password(api: Api) -> None:
    name = api.confirmed()
    api.api.admin_set_user_password(name, "Permanent0!x", permanent=True)
    assert api.api.login(name, "Permanent0!x")["access_token"]
    with pytest.raises(NotAuthorizedException):
        api.api.login(name, PASSWORD)
    # Not permanent (the default): Cognito asks for a new password at the next sign-in.
    api.api.admin_set_user_password(name, "Temporary0!x")
    with pytest.raises(ChallengeRequired) as info:
        api.api.login(name, "Temporary0!x")
    assert info.value.challenge_name == "NEW_PASSWORD_REQUIRED"
    with pytest.raises(UserNotFoundException):
        api.api.admin_set_user_password("ghost", "Permanent0!x", True)
    with pytest.raises(ValueError):
        api.api.admin_set_user_password(name, "Permanent0!x", permanent="yes")


def test_admin_user_global_sign_out(api: Api) -> None:
    name, tokens = api.logged_in()
    api.api.admin_user_global_sign_out(name)
    with pytest.raises(NotAuthorizedException):
        api.api.renew_access_token(tokens["access_token"], tokens["refresh_token"])
    with pytest.raises(UserNotFoundException):
        api.api.admin_user_global_sign_out("ghost")
