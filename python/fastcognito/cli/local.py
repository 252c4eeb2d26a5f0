"""``tour`` and ``local``: the strict local emulator (needs ``fastcognito[emulator]``)."""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import time
from types import FrameType

from ..testing import DEFAULT_PASSWORD, REAL_AWS_SETTINGS, EmulatorError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tour = commands.add_parser(
        "tour",
        help="run the tour of both APIs against a local emulator",
        description="Starts the strict local emulator and runs cognitopy-style and mandate-style "
        "code against it, printing each step.",
    )
    tour.set_defaults(run=run_tour)

    local = commands.add_parser(
        "local",
        help="run a strict local Cognito with a pool, two app clients and a user",
        description="Starts the strict local emulator (moto underneath: it checks SECRET_HASH, SRP "
        "proofs and codes as Cognito does) with a user pool, an app client without and one with "
        "a secret, and a confirmed user. Prints the environment variables that point fastcognito "
        "(and boto3) at it, then serves until interrupted (Ctrl-C or SIGTERM: exit status 0). "
        "Paste the export lines into another shell, then run: fastcognito login.",
    )
    local.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    local.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    local.add_argument("--username", default="demo", help="the confirmed user's name (default demo)")
    local.add_argument(
        "--password",
        default=DEFAULT_PASSWORD,
        help=f"the confirmed user's password (default {DEFAULT_PASSWORD}; 8+ characters "
        "with upper and lower case and a digit)",
    )
    local.add_argument("--email", default=None, help="the user's email (default USERNAME@example.com)")
    local.add_argument("--json", action="store_true", help="print one JSON object instead of export lines")
    local.add_argument(
        "--callback-url",
        action="append",
        metavar="URL",
        help="a callback URL of the app clients' managed login, e.g. http://localhost:8000/callback "
        "(repeatable; default http://localhost/callback)",
    )
    local.add_argument(
        "--first-factors",
        metavar="LIST",
        help="the pool's first factors for choice-based sign-in, comma-separated, of PASSWORD, "
        "EMAIL_OTP, SMS_OTP and WEB_AUTHN (default PASSWORD, as Cognito's), e.g. "
        "PASSWORD,EMAIL_OTP,WEB_AUTHN for sign-in by emailed code and passkeys",
    )
    local.set_defaults(run=run_local)


def run_tour(args: argparse.Namespace) -> int:
    from ..tour import main as tour

    tour()
    return 0


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def run_local(args: argparse.Namespace) -> int:
    from ..testing import Emulator, environment

    if not 0 <= args.port < 65536:
        raise ValueError("--port must be between 0 and 65535")
    signal.signal(signal.SIGTERM, _stop)
    with Emulator(args.host, args.port) as emu:
        options: dict[str, object] = {"callback_urls": args.callback_url} if args.callback_url else {}
        if args.first_factors is not None:
            options["first_factors"] = [f.strip() for f in args.first_factors.split(",") if f.strip()]
        try:
            pool = emu.setup(name="fastcognito-local", **options)
        except EmulatorError as exc:  # the emulator's refusal of an option: a bad argument
            raise ValueError(f"cannot set up the pool: {exc}") from None
        try:
            user = emu.create_user(
                pool.pool_id, args.username, args.password, email=args.email or f"{args.username}@example.com"
            )
        except EmulatorError as exc:  # moto's refusal of the name or password: a bad argument
            raise ValueError(
                f"cannot create user {args.username!r} ({exc}); the password needs 8+ "
                "characters with upper and lower case and a digit"
            ) from None
        env = environment(emu.url, pool)
        env["FASTCOGNITO_USERNAME"] = user.username
        # A local, throwaway pool: its client secret and the user's password are printed on
        # purpose (they are what you need to use it). Nothing else prints a secret.
        if args.json:
            print(
                json.dumps(
                    {
                        "env": env,
                        "unset": list(REAL_AWS_SETTINGS),
                        "secret_client_id": pool.secret_client_id,
                        "client_secret": pool.client_secret,
                        "username": user.username,
                        "password": user.password,
                    }
                ),
                flush=True,
            )
        else:
            print(f"# fastcognito local: a strict Cognito emulator at {emu.url}")
            for name, value in env.items():
                print(f"export {name}={shlex.quote(value)}")
            # Real AWS settings that would follow requests to the emulator, or send them past it.
            print(f"unset {' '.join(REAL_AWS_SETTINGS)}")
            print("# The app client with a secret (use both lines instead of FASTCOGNITO_CLIENT_ID above):")
            print(f"#   export FASTCOGNITO_CLIENT_ID={shlex.quote(pool.secret_client_id)}")
            print(f"#   export FASTCOGNITO_CLIENT_SECRET={shlex.quote(pool.client_secret)}")
            print(f"# User {user.username!r} is confirmed; password: {user.password}")
            print("# Then: fastcognito login   (Ctrl-C here stops the emulator)", flush=True)
        try:
            while emu.process is not None and emu.process.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        if emu.process is not None and emu.process.returncode not in (None, 0):
            print("fastcognito local: the emulator stopped unexpectedly", file=sys.stderr)
            return 1
    return 0
