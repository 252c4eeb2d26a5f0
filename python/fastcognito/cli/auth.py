"""``login`` (SRP, tokens as JSON) and ``verify TOKEN`` (verified claims or the reason)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from ..mandate import ForceChangePasswordException, MFAChallengeException, SyncCognito, WarrantException
from ..verifier import TokenVerifier
from ._common import ChallengePending, add_pool_options, emit, need


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    login = commands.add_parser(
        "login",
        help="sign a user in (SRP) and print the tokens as JSON",
        description="Signs a user in with SRP (the password never leaves this machine) and prints "
        "id_token, access_token, refresh_token, token_type and expires_in as JSON. The password "
        "is prompted for, or read from the first line of stdin with --password-stdin.",
    )
    login.add_argument(
        "username",
        nargs="?",
        default=os.environ.get("FASTCOGNITO_USERNAME"),
        help="username, email or phone (env FASTCOGNITO_USERNAME)",
    )
    login.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add_pool_options(login)
    login.set_defaults(run=run_login)

    verify = commands.add_parser(
        "verify",
        help="verify a token and print its claims",
        description="Verifies a JWT against the pool's keys (signature, expiry, issuer, token use, "
        "app client) and prints its claims as JSON, or the reason it failed (exit status 4).",
    )
    verify.add_argument("token", help="the JWT, or - to read it from stdin")
    verify.add_argument(
        "--token-use", choices=("access", "id"), default="access", help="the kind of token expected (default: access)"
    )
    add_pool_options(verify, secret=False)
    verify.set_defaults(run=run_verify)


def _password(args: argparse.Namespace) -> str:
    try:
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass(f"Password for {args.username}: ")
    except EOFError:  # Ctrl-D at the prompt, or no terminal and nothing on stdin
        raise ValueError("no password given") from None
    if not password:
        raise ValueError("an empty password")
    return password


def run_login(args: argparse.Namespace) -> int:
    need(args, "pool_id", "client_id", "username")
    cognito = SyncCognito(
        args.pool_id,
        args.client_id,
        user_pool_region=args.region,
        username=args.username,
        client_secret=args.client_secret or None,
        endpoint_url=args.endpoint_url,
    )
    password = _password(args)
    try:
        cognito.authenticate(password)
    except ForceChangePasswordException:
        raise ChallengePending("NEW_PASSWORD_REQUIRED: the user must set a new password first") from None
    except MFAChallengeException as exc:
        name = (exc.get_tokens() or {}).get("ChallengeName", "MFA")
        raise ChallengePending(f"{name}: the user must answer an MFA challenge") from None
    except WarrantException as exc:
        if type(exc) is not WarrantException:  # a token or service error: its own exit status
            raise
        raise ChallengePending(exc.message) from None  # a challenge this command cannot answer
    emit(
        {
            "id_token": cognito.id_token,
            "access_token": cognito.access_token,
            "refresh_token": cognito.refresh_token,
            "token_type": cognito.token_type,
            "expires_in": _expires_in(cognito.access_claims),
        }
    )
    return 0


def _expires_in(claims: dict[str, object] | None) -> int | None:
    import time

    exp = (claims or {}).get("exp")
    return max(0, int(exp) - int(time.time())) if isinstance(exp, (int, float)) else None


def run_verify(args: argparse.Namespace) -> int:
    need(args, "pool_id", "client_id")
    token = sys.stdin.readline().strip() if args.token == "-" else args.token
    verifier = TokenVerifier(
        args.pool_id, args.client_id, token_use=args.token_use, region=args.region, endpoint_url=args.endpoint_url
    )
    emit(verifier.verify(token))
    return 0
