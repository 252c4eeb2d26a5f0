"""The ``fastcognito`` command (also ``python -m fastcognito``).

Commands: ``tour``, ``local`` (a strict local emulator), ``login`` (SRP, tokens as JSON),
``verify TOKEN``, and the admin calls ``get-user``, ``create-user``, ``add-to-group`` and
``list-users``. Every failure ends with its own exit status (:data:`EXIT_CODES`), and a
one-line reason on stderr that never contains a password, secret or token.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..exceptions import (
    CognitoError,
    EndpointConnectionError,
    InternalError,
    KeysUnavailableError,
    MalformedResponseError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
    ServiceError,
    TokenError,
)
from ..testing import EmulatorError
from . import admin, auth, local
from ._common import ChallengePending

__all__ = ["main", "EXIT_CODES"]

#: Exit status per kind of failure (checked in this order; the first match wins).
EXIT_CODES: list[tuple[type[BaseException], int, str]] = [
    (ChallengePending, 5, "the login needs a challenge answered (new password or MFA)"),
    (KeysUnavailableError, 6, "Cognito (or the emulator) could not be reached"),
    (TokenError, 4, "the token is invalid (bad signature, expired, wrong pool/client/use)"),
    (ServiceError, 3, "Cognito refused the request (the error code is printed)"),
    (EndpointConnectionError, 6, "Cognito (or the emulator) could not be reached"),
    (ReadTimeoutError, 7, "Cognito did not answer in time"),
    (NoCredentialsError, 8, "an admin call found no AWS credentials"),
    (MalformedResponseError, 9, "the answer was not Cognito's"),
    (InternalError, 10, "an internal error in fastcognito"),
    (ParamValidationError, 2, "a bad argument or usage"),
    (ValueError, 2, "a bad argument"),
    (TypeError, 2, "a bad argument"),
    (EmulatorError, 11, "the local emulator could not start (is fastcognito[emulator] installed?)"),
    (CognitoError, 1, "any other fastcognito error"),
]

_EXPECTED = tuple(cls for cls, _, _ in EXIT_CODES)


def _epilog() -> str:
    first: dict[int, str] = {}
    for _, code, what in EXIT_CODES:
        first.setdefault(code, what)
    lines = [f"  {code:<3} {what}" for code, what in sorted({0: "success", 130: "interrupted", **first}.items())]
    return "exit status:\n" + "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fastcognito",
        description="AWS Cognito user pools from the command line, and a strict local emulator.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fastcognito {__version__}")
    commands = parser.add_subparsers(title="commands", dest="command", required=True, metavar="COMMAND")
    local.register(commands)
    auth.register(commands)
    admin.register(commands)
    return parser


def exit_code(exc: BaseException) -> int:
    """The exit status for a failure (see :data:`EXIT_CODES`)."""
    for cls, code, _ in EXIT_CODES:
        if isinstance(exc, cls):
            return code
    return 1


def _reason(exc: BaseException) -> str:
    if isinstance(exc, CognitoError):
        return f"{exc.code}: {exc.message}"
    return str(exc) or type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command; returns (and, as a console script, exits with) its status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except KeyboardInterrupt:
        print("fastcognito: interrupted", file=sys.stderr)
        return 130
    except _EXPECTED as exc:
        print(f"fastcognito {args.command}: {_reason(exc)}", file=sys.stderr)
        return exit_code(exc)
    except BrokenPipeError:
        return 0
    return status
