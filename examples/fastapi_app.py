"""A FastAPI app whose routes need a Cognito access token (fastcognito's CognitoAuth dependency).

Run it (it starts the local emulator, signs a user in and calls the app through FastAPI's
test client): ``python examples/fastapi_app.py``. It needs ``pip install 'fastcognito[emulator]'
fastapi httpx``. In your own app, build the TokenVerifier from your pool and app client ids.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI

from fastcognito.integrations.starlette import CognitoAuth
from fastcognito.verifier import TokenVerifier


def create_app(verifier: TokenVerifier) -> FastAPI:
    app = FastAPI()
    signed_in = CognitoAuth(verifier)
    admins_only = CognitoAuth(verifier, groups=["admins"])

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/me")
    async def me(claims: dict[str, Any] = Depends(signed_in)) -> dict[str, Any]:
        return {"username": claims["username"], "sub": claims["sub"]}

    @app.get("/admin")
    async def admin(claims: dict[str, Any] = Depends(admins_only)) -> dict[str, Any]:
        return {"admin": claims["username"], "groups": claims.get("cognito:groups", [])}

    return app


def demo() -> None:
    from fastapi.testclient import TestClient

    from fastcognito import CognitoPy
    from fastcognito.testing import Emulator

    with Emulator() as emu:
        pool = emu.setup()
        emu.create_user(pool.pool_id, "alice", "Passw0rd!1", email="alice@example.com")
        with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emu.url) as cognito:
            token = cognito.login("alice", "Passw0rd!1")["access_token"]
            client = TestClient(create_app(TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emu.url)))
            bearer = {"Authorization": f"Bearer {token}"}
            print("GET /me without a token ->", client.get("/me").status_code)
            print("GET /me                 ->", client.get("/me", headers=bearer).json())
            print("GET /admin (no group)   ->", client.get("/admin", headers=bearer).status_code)
            cognito.admin_create_group("admins", "administrators", 1)
            cognito.admin_add_user_to_group("alice", "admins")
            token = cognito.login("alice", "Passw0rd!1")["access_token"]
            print("GET /admin (in admins)  ->", client.get("/admin", headers={"Authorization": f"Bearer {token}"}).json())


if __name__ == "__main__":
    import os

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    demo()
