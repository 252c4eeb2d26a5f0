"""The admin commands (``create-user``, ``get-user``, ``add-to-group``, ``list-users``) against ``fastcognito local``."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.cli.support import Local, new_name, run

# --- admin commands ---------------------------------------------------------------------------


def create_user(local: Local, name: str, *extra: str) -> dict[str, Any]:
    out = run(["create-user", name, "--suppress", *extra], local.environ())
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_create_user_and_get_user(local: Local) -> None:
    name = new_name()
    created = create_user(local, name, "-a", f"email={name}@example.com", "--attribute", "given_name=Ada")
    assert created["username"] == name
    assert created["email"] == f"{name}@example.com"
    assert created["given_name"] == "Ada"
    assert created["user_status"] == "FORCE_CHANGE_PASSWORD"  # Cognito made up a password

    got = run(["get-user", name], local.environ())
    assert got.returncode == 0, got.stderr
    user = json.loads(got.stdout)
    assert user == created


def test_get_user_of_a_missing_user_exits_3(local: Local) -> None:
    out = run(["get-user", new_name()], local.environ())
    assert out.returncode == 3
    assert "UserNotFoundException" in out.stderr


def test_create_user_twice_exits_3(local: Local) -> None:
    name = new_name()
    create_user(local, name)
    out = run(["create-user", name, "--suppress"], local.environ())
    assert out.returncode == 3
    assert "UsernameExistsException" in out.stderr


def test_create_user_with_a_malformed_attribute_exits_2(local: Local) -> None:
    name = new_name()
    out = run(["create-user", name, "-a", "no-equals-sign"], local.environ())
    assert out.returncode == 2
    assert "NAME=VALUE" in out.stderr
    assert run(["get-user", name], local.environ()).returncode == 3  # nothing was created


def test_add_to_group(local: Local) -> None:
    name, group = new_name(), f"g-{uuid.uuid4().hex[:8]}"
    create_user(local, name)

    missing = run(["add-to-group", name, group], local.environ())
    assert missing.returncode == 3
    assert "ResourceNotFoundException" in missing.stderr

    with local.admin() as admin:
        admin.admin_create_group(group, "a group", 1)
        out = run(["add-to-group", name, group], local.environ())
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == {"username": name, "group": group, "added": True}
        groups = [g["GroupName"] for g in admin.admin_list_groups_for_user(name)]
    assert groups == [group]


def list_users(local: Local, *args: str) -> list[dict[str, Any]]:
    out = run(["list-users", *args], local.environ())
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_list_users_filter_and_limit(local: Local) -> None:
    names = [new_name() for _ in range(3)]
    for name in names:
        create_user(local, name, "-a", f"email={name}@example.com", "-a", "given_name=Ada")

    found = list_users(local, "--filter", f'username = "{names[1]}"')
    assert [u["username"] for u in found] == [names[1]]

    everyone = {u["username"] for u in list_users(local)}
    assert set(names) | {local.username} <= everyone

    limited = list_users(local, "--limit", "2")
    assert len(limited) == 2
    assert {u["username"] for u in limited} <= everyone

    only_email = list_users(local, "-f", f'email = "{names[2]}@example.com"', "-a", "email")
    assert [u["username"] for u in only_email] == [names[2]]
    assert only_email[0]["email"] == f"{names[2]}@example.com"
    assert "given_name" not in only_email[0]
    assert list_users(local, "-f", f'username = "{names[2]}"')[0]["given_name"] == "Ada"

    bad = run(["list-users", "--limit", "0"], local.environ())
    assert bad.returncode == 2
    assert "--limit" in bad.stderr
