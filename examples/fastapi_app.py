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
    from _demo import run_demo  # examples/_demo.py: the emulator, a signed-in user, the calls
    from fastapi.testclient import TestClient

    run_demo(lambda verifier: TestClient(create_app(verifier)), lambda response: response.json())


if __name__ == "__main__":
    demo()
