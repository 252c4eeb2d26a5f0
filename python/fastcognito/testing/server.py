"""Runs moto's server behind the strict layer:
``python -m fastcognito.testing.server [--host H] [--port P]``.

Port 0 (the default) picks a free port; the first line printed is ``READY <port>``.
"""

from __future__ import annotations

import argparse
import logging
import os

# moto then checks software-token (TOTP) codes instead of accepting any.
os.environ.setdefault("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")

from werkzeug.serving import make_server  # noqa: E402

from fastcognito.testing.strict import StrictCognito  # noqa: E402


def build_app() -> StrictCognito:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    return StrictCognito(DomainDispatcherApplication(create_backend_app))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server(args.host, args.port, build_app(), threaded=True)
    print(f"READY {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
