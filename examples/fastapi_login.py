"""A FastAPI app that signs users in with Cognito's managed login (fastcognito's OAuthLogin):
``/login`` sends the browser to the sign-in page, ``/callback`` receives it back with a code,
exchanges it (PKCE) and keeps the access token in an HttpOnly cookie; ``/`` shows the verified
claims.

``python examples/fastapi_login.py`` runs it against the local emulator it starts: it plays the
browser (``Emulator.authorize`` fills in the sign-in page) through FastAPI's test client. Needs
``pip install 'fastcognito[emulator]' fastapi httpx``.

Against ``fastcognito local``, register the app's callback URL, run the ``export`` lines it prints
in another shell, and serve the app there (then open http://localhost:8000/ and sign in as
``demo``)::

    fastcognito local --callback-url http://localhost:8000/callback
    export FASTCOGNITO_CALLBACK_URL=http://localhost:8000/callback
    uvicorn --app-dir examples --factory fastapi_login:from_environment --port 8000

In your own app, build the OAuthClient from your pool's domain, app client and callback URL.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from fastcognito.exceptions import CognitoError
from fastcognito.integrations.starlette import LoginClient, OAuthLogin
from fastcognito.verifier import TokenVerifier

CALLBACK = "http://localhost/callback"  # the emulator's default callback URL


def create_app(oauth: LoginClient, verifier: TokenVerifier, *, secret_key: str) -> FastAPI:
    app = FastAPI()

    def signed_in(request: Request, tokens: dict[str, Any]) -> Response:
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            "access_token",
            tokens["access_token"],
            max_age=int(tokens.get("expires_in", 3600)),
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response

    login = OAuthLogin(oauth, scopes=["openid", "email", "profile"], secret_key=secret_key, after_login=signed_in)
    app.add_api_route("/login", login.login, methods=["GET"])
    app.add_api_route("/callback", login.callback, methods=["GET"])

    @app.get("/")
    async def home(request: Request) -> Response:
        token = request.cookies.get("access_token")
        if token:
            try:
                claims = await verifier.verify_async(token)
            except CognitoError as exc:  # expired, or keys unreachable: sign in again
                return HTMLResponse(f'{exc.message}. <a href="/login">Sign in</a>', status_code=401)
            return JSONResponse({"signed_in_as": claims["username"], "claims": claims})
        return HTMLResponse('<a href="/login">Sign in</a>')

    return app


def from_environment() -> FastAPI:
    """The app for the pool and app client named by ``fastcognito local``'s variables."""
    from fastcognito import OAuthClient

    pool_id, client_id = os.environ["FASTCOGNITO_POOL_ID"], os.environ["FASTCOGNITO_CLIENT_ID"]
    oauth = OAuthClient(
        os.environ.get("FASTCOGNITO_DOMAIN", "local"),
        client_id,
        redirect_uri=os.environ.get("FASTCOGNITO_CALLBACK_URL", CALLBACK),
    )
    return create_app(oauth, TokenVerifier(pool_id, client_id), secret_key=secrets.token_urlsafe(32))


def demo() -> None:
    from _demo import emulator_with_alice  # examples/_demo.py
    from fastapi.testclient import TestClient

    from fastcognito import OAuthClient

    with emulator_with_alice() as (emu, pool):
        oauth = OAuthClient("local", pool.public_client_id, redirect_uri=CALLBACK, endpoint_url=emu.url)
        verifier = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emu.url)
        browser = TestClient(
            create_app(oauth, verifier, secret_key=secrets.token_urlsafe(32)), base_url="http://localhost"
        )
        print("GET /                   ->", browser.get("/").text)
        to_cognito = browser.get("/login", follow_redirects=False)
        print("GET /login              ->", to_cognito.status_code, "to the sign-in page")
        back = emu.authorize(to_cognito.headers["location"], "alice", "Passw0rd!1")
        print("GET /callback           ->", browser.get(back, follow_redirects=False).status_code)
        print("GET / (signed in)       ->", browser.get("/").json()["signed_in_as"])
        print("GET /callback again     ->", browser.get(back, follow_redirects=False).status_code)


if __name__ == "__main__":
    demo()
