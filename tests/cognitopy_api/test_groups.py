"""Groups and membership."""

from __future__ import annotations

import datetime

import pytest

from fastcognito.cognitopy import PagedList
from fastcognito.exceptions import GroupExistsException, ResourceNotFoundException, UserNotFoundException
from tests.helpers import Api


def test_create_get_update_delete_group(api: Api) -> None:
    assert api.api.admin_create_group(group_name="admins", description="Admins", precedence=1) is None
    group = api.api.get_group("admins")
    assert group["GroupName"] == "admins" and group["Description"] == "Admins" and group["Precedence"] == 1
    assert isinstance(group["CreationDate"], datetime.datetime)
    with pytest.raises(GroupExistsException):
        api.api.admin_create_group("admins", "again", 2)
    # precedence=0 and description="" are real values (cognitopy dropped them).
    assert api.api.update_group("admins", description="", precedence=0, role="arn:aws:iam::123456789012:role/r") is None
    group = api.api.get_group("admins")
    assert group["Precedence"] == 0 and group["RoleArn"].endswith("role/r")
    assert api.api.admin_delete_group("admins") is None
    with pytest.raises(ResourceNotFoundException):
        api.api.get_group("admins")
    with pytest.raises(ResourceNotFoundException):
        api.api.admin_delete_group("admins")
    with pytest.raises(ResourceNotFoundException):
        api.api.update_group("admins", description="x")


def test_create_group_with_role(api: Api) -> None:
    api.api.admin_create_group("ops", "Ops", 3, role_arn="arn:aws:iam::123456789012:role/ops")
    assert api.api.get_group("ops")["RoleArn"] == "arn:aws:iam::123456789012:role/ops"


def test_membership_and_pagination(api: Api) -> None:
    name = api.confirmed()
    for i in range(5):
        api.api.admin_create_group(f"g{i}", f"group {i}", i)
        api.api.admin_add_user_to_group(name, f"g{i}")
    seen = []
    page = api.api.admin_list_groups_for_user(username=name, limit=2)
    while True:
        assert isinstance(page, PagedList)
        seen += [g["GroupName"] for g in page]
        if not page["NextToken"]:
            break
        page = api.api.admin_list_groups_for_user(username=name, limit=2, next_token=page["NextToken"])
    assert sorted(seen) == [f"g{i}" for i in range(5)]
    assert api.api.admin_remove_user_from_group(name, "g0") is None
    assert "g0" not in [g["GroupName"] for g in api.api.admin_list_groups_for_user(name)]
    tokens = api.api.login(name, "Passw0rd!x")
    assert sorted(api.api.get_info_user_by_token(tokens["access_token"])["groups"]) == ["g1", "g2", "g3", "g4"]
    with pytest.raises(ResourceNotFoundException):
        api.api.admin_add_user_to_group(name, "missing")
    with pytest.raises(ResourceNotFoundException):
        api.api.admin_remove_user_from_group(name, "missing")
    with pytest.raises(UserNotFoundException):
        api.api.admin_list_groups_for_user("ghost")


def test_list_groups(api: Api) -> None:
    for i in range(3):
        api.api.admin_create_group(f"l{i}", "d", i)
    everything = api.api.list_groups()
    assert sorted(g["GroupName"] for g in everything) == ["l0", "l1", "l2"] and everything.next_token is None
    first = api.api.list_groups(limit=2)
    assert len(first) == 2 and first["NextToken"]
    rest = api.api.list_groups(limit=2, next_token=first["NextToken"])
    assert sorted(g["GroupName"] for g in [*first, *rest]) == ["l0", "l1", "l2"]
    with pytest.raises(ValueError):
        api.api.list_groups(limit="2")


def test_unknown_pool(api: Api) -> None:
    from tests.helpers import Driver

    missing = Driver(api.cls("us-east-1_doesnotexist", api.client_id, "", endpoint_url=api.emulator.url))
    with pytest.raises(ResourceNotFoundException):
        missing.list_groups()
    with pytest.raises(ResourceNotFoundException):
        missing.list_users()
    with pytest.raises(ResourceNotFoundException):
        missing.admin_create_group("g", "d", 1)
