"""The admin calls people run by hand: ``get-user``, ``create-user``, ``add-to-group``,
``list-users``. They are signed with the usual AWS credentials (environment, profile, ...)."""

from __future__ import annotations

import argparse
from typing import Any

from ..cognitopy import CognitoPy
from ..enums import DesiredDelivery, MessageAction
from ._common import add_pool_options, emit, need


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    get_user = commands.add_parser(
        "get-user",
        help="print a user (AdminGetUser) as JSON",
        description="Prints a user's status and attributes as JSON.",
    )
    get_user.add_argument("username")
    add_pool_options(get_user, client=False)
    get_user.set_defaults(run=run_get_user)

    create = commands.add_parser(
        "create-user",
        help="create a user (AdminCreateUser)",
        description="Creates a user and prints it as JSON. Without --temporary-password Cognito "
        "makes one up; with --suppress no invitation is sent.",
    )
    create.add_argument("username")
    create.add_argument(
        "--attribute",
        "-a",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a user attribute, e.g. -a email=alice@example.com (repeatable)",
    )
    create.add_argument(
        "--temporary-password",
        default=None,
        help="the password to change at first login (an argument shows in ps: "
        "for a real pool, let Cognito make one up)",
    )
    create.add_argument("--suppress", action="store_true", help="send no invitation message")
    add_pool_options(create, client=False)
    create.set_defaults(run=run_create_user)

    add = commands.add_parser(
        "add-to-group",
        help="add a user to a group (AdminAddUserToGroup)",
        description="Adds a user to an existing group.",
    )
    add.add_argument("username")
    add.add_argument("group")
    add_pool_options(add, client=False)
    add.set_defaults(run=run_add_to_group)

    list_users = commands.add_parser(
        "list-users",
        help="list users (ListUsers), optionally filtered",
        description="Prints the users as a JSON array, following every page up to --limit. "
        "A filter is a ListUsers expression: 'email ^= \"alice\"', 'status = \"CONFIRMED\"'.",
    )
    list_users.add_argument("--filter", "-f", default=None, help="a ListUsers filter expression")
    list_users.add_argument("--limit", type=int, default=None, help="at most this many users")
    list_users.add_argument(
        "--attribute", "-a", action="append", default=None, metavar="NAME", help="only these attributes (repeatable)"
    )
    add_pool_options(list_users, client=False)
    list_users.set_defaults(run=run_list_users)


def _client(args: argparse.Namespace) -> CognitoPy:
    need(args, "pool_id")
    # Admin calls name no app client; CognitoPy wants one, and it is never sent.
    return CognitoPy(args.pool_id, "admin", "", region=args.region, endpoint_url=args.endpoint_url)


def run_get_user(args: argparse.Namespace) -> int:
    with _client(args) as cognito:
        emit(cognito.admin_get_user(args.username))
    return 0


def _attributes(pairs: list[str]) -> dict[str, str]:
    attributes = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"an attribute must be NAME=VALUE, not {pair!r}")
        attributes[name] = value
    return attributes


def run_create_user(args: argparse.Namespace) -> int:
    attributes = _attributes(args.attribute)
    action = MessageAction.SUPPRESS if args.suppress else None
    # The invitation goes where the user can be reached: SMS for a phone only, else email.
    medium = (
        DesiredDelivery.SMS if "phone_number" in attributes and "email" not in attributes else DesiredDelivery.EMAIL
    )
    with _client(args) as cognito:
        cognito.admin_create_user(args.username, attributes, False, action, [medium], args.temporary_password)
        emit(cognito.admin_get_user(args.username))
    return 0


def run_add_to_group(args: argparse.Namespace) -> int:
    with _client(args) as cognito:
        cognito.admin_add_user_to_group(args.username, args.group)
    emit({"username": args.username, "group": args.group, "added": True})
    return 0


def run_list_users(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise ValueError("--limit must be at least 1")
    users: list[dict[str, Any]] = []
    token = None
    with _client(args) as cognito:
        while True:
            page_size = 60 if args.limit is None else min(60, args.limit - len(users))
            page = cognito.list_users(args.attribute, page_size, next_token=token, filter=args.filter)
            users.extend(page)
            token = page.next_token
            if not token or (args.limit is not None and len(users) >= args.limit):
                break
    emit(users)
    return 0
