"""What both web examples do when run: start the local emulator, sign a user in, and call the
app's routes through the framework's test client, printing what each answers."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastcognito import CognitoPy
from fastcognito.testing import REAL_AWS_SETTINGS, Emulator, Pool
from fastcognito.verifier import TokenVerifier


def run_demo(
    test_client: Callable[[TokenVerifier], Any],
    body: Callable[[Any], Any],
) -> None:
    """``test_client(verifier)`` builds the app and its test client; ``body(response)`` is the
    response's JSON body (``.json()`` in httpx, ``.json`` in Werkzeug)."""
    # Admin calls are signed: with dummy keys, as real ones are not for the emulator.
    os.environ.update(AWS_ACCESS_KEY_ID="local", AWS_SECRET_ACCESS_KEY="local", AWS_EC2_METADATA_DISABLED="true")
    for name in REAL_AWS_SETTINGS:
        os.environ.pop(name, None)
    with Emulator() as emu:
        pool = emu.setup()
        emu.create_user(pool.pool_id, "alice", "Passw0rd!1", email="alice@example.com")
        with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emu.url) as cognito:
            client = test_client(TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emu.url))

            def bearer() -> dict[str, str]:
                return {"Authorization": f"Bearer {cognito.login('alice', 'Passw0rd!1')['access_token']}"}

            print("GET /me without a token ->", client.get("/me").status_code)
            print("GET /me                 ->", body(client.get("/me", headers=bearer())))
            print("GET /admin (no group)   ->", client.get("/admin", headers=bearer()).status_code)
            cognito.admin_create_group("admins", "administrators", 1)
            cognito.admin_add_user_to_group("alice", "admins")
            print("GET /admin (in admins)  ->", body(client.get("/admin", headers=bearer())))


@contextmanager
def emulator_with_alice() -> Iterator[tuple[Emulator, Pool]]:
    """The local emulator with a pool and user "alice" (password ``Passw0rd!1``), for the
    login examples; stopped on exit."""
    os.environ.update(AWS_ACCESS_KEY_ID="local", AWS_SECRET_ACCESS_KEY="local", AWS_EC2_METADATA_DISABLED="true")
    for name in REAL_AWS_SETTINGS:
        os.environ.pop(name, None)
    with Emulator() as emu:
        pool = emu.setup()
        emu.create_user(pool.pool_id, "alice", "Passw0rd!1", email="alice@example.com")
        yield emu, pool
