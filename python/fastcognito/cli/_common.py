"""What the commands share: connection options, reading them from the environment, output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any


class ChallengePending(Exception):
    """A login was answered with a challenge this command cannot answer."""


def add_pool_options(parser: argparse.ArgumentParser, *, client: bool = True, secret: bool = True) -> None:
    """``--pool-id``, ``--client-id`` and ``--client-secret`` (optional), ``--region``, ``--endpoint-url``."""
    group = parser.add_argument_group("user pool (defaults from the environment)")
    group.add_argument(
        "--pool-id", default=os.environ.get("FASTCOGNITO_POOL_ID"), help="user pool id (env FASTCOGNITO_POOL_ID)"
    )
    if client:
        group.add_argument(
            "--client-id",
            default=os.environ.get("FASTCOGNITO_CLIENT_ID"),
            help="app client id (env FASTCOGNITO_CLIENT_ID)",
        )
    if client and secret:
        group.add_argument(
            "--client-secret",
            default=os.environ.get("FASTCOGNITO_CLIENT_SECRET"),
            help="app client secret, for a client that has one (prefer the env "
            "FASTCOGNITO_CLIENT_SECRET: an argument shows in ps and shell history)",
        )
    group.add_argument("--region", default=None, help="AWS region (default: the pool id's prefix)")
    group.add_argument(
        "--endpoint-url",
        default=None,
        help="Cognito endpoint, e.g. the local emulator "
        "(env AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER or AWS_ENDPOINT_URL)",
    )


def need(args: argparse.Namespace, *names: str) -> None:
    """ValueError (exit 2) naming the options that are neither given nor in the environment."""
    missing = [n for n in names if not getattr(args, n, None)]
    if missing:
        # `username` is positional where it is needed (login); the others are options
        flags = ", ".join(n.upper() if n == "username" else "--" + n.replace("_", "-") for n in missing)
        env = ", ".join("FASTCOGNITO_" + n.upper() for n in missing)
        raise ValueError(f"missing {flags} (or set {env})")


def emit(value: Any) -> None:
    """Prints a result as indented JSON on stdout."""
    json.dump(value, sys.stdout, indent=2, sort_keys=True, default=str)
    sys.stdout.write("\n")
    sys.stdout.flush()
