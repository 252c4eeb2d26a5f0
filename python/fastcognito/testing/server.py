"""Runs moto's server behind the strict layer:
``python -m fastcognito.testing.server [--host H] [--port P]``.

Port 0 (the default) picks a free port; the first line printed is ``READY <port>``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from typing import Any

from werkzeug.serving import make_server

from fastcognito.testing import _moto
from fastcognito.testing.strict import StrictCognito
from fastcognito.testing.surface import ServedSurface, is_loopback


def build_app(host: str = "127.0.0.1") -> ServedSurface:
    """The emulator's app for a server bound to ``host``: only a server bound off loopback on
    purpose answers requests naming another host."""
    return ServedSurface(StrictCognito(_moto.wsgi_app()), any_host=not is_loopback(host.strip("[]")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    if not is_loopback(args.host.strip("[]")):
        print(
            f"WARNING: the emulator listens on {args.host}, not only on loopback: anyone who can reach "
            "this address can sign in as its users and read its codes. Use it only on a network you trust.",
            file=sys.stderr,
            flush=True,
        )
    try:
        server = make_server(args.host, args.port, build_app(args.host), threaded=True)
    except (OSError, SystemExit) as exc:  # in use, unknown host, no permission (werkzeug exits)
        reason = getattr(exc, "strerror", None) or "the address is in use or not allowed"
        print(f"ERROR cannot listen on {args.host}:{args.port}: {reason}", flush=True)
        sys.exit(1)
    print(f"READY {server.server_port}", flush=True)
    # Nothing more is written to the parent's pipe (it is not read again), and the server
    # stops when the parent closes our stdin, which it does even when it is killed.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    threading.Thread(target=_stop_with_parent, args=(server,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def _stop_with_parent(server: Any) -> None:
    sys.stdin.read()  # returns at EOF: the parent has gone
    server.shutdown()


if __name__ == "__main__":
    main()
