"""A Flask app whose views need a Cognito access token (fastcognito's require_token decorator).

Run it (it starts the local emulator, signs a user in and calls the app through Flask's test
client): ``python examples/flask_app.py``. It needs ``pip install 'fastcognito[emulator]'
flask``. In your own app, build the TokenVerifier from your pool and app client ids.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from fastcognito.integrations.flask import claims, require_token
from fastcognito.verifier import TokenVerifier


def create_app(verifier: TokenVerifier) -> Flask:
    app = Flask(__name__)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/me")
    @require_token(verifier)
    def me() -> dict[str, Any]:
        return {"username": claims()["username"], "sub": claims()["sub"]}

    @app.get("/admin")
    @require_token(verifier, groups=["admins"])
    def admin() -> dict[str, Any]:
        return {"admin": claims()["username"], "groups": claims().get("cognito:groups", [])}

    return app


def demo() -> None:
    from _demo import run_demo  # examples/_demo.py: the emulator, a signed-in user, the calls

    run_demo(lambda verifier: create_app(verifier).test_client(), lambda response: response.json)


if __name__ == "__main__":
    demo()
