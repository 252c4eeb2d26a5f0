"""A Flask app that signs users in with Cognito's managed login (fastcognito's OAuthLogin):
``/login`` sends the browser to the sign-in page, ``/callback`` receives it back with a code,
exchanges it (PKCE) and keeps the access token in Flask's session; ``/`` shows the verified
claims.

``python examples/flask_signin.py`` runs it against the local emulator it starts: it plays the
browser (``Emulator.authorize`` fills in the sign-in page) through Flask's test client. Needs
``pip install 'fastcognito[emulator]' flask``.

Against ``fastcognito local``, register the app's callback URL, run the ``export`` lines it prints
in another shell, and serve the app there (then open http://localhost:8000/ and sign in as
``demo``)::

    fastcognito local --callback-url http://localhost:8000/callback
    export FASTCOGNITO_CALLBACK_URL=http://localhost:8000/callback
    flask --app 'examples/flask_signin.py:from_environment()' run --port 8000

In your own app, build the OAuthClient from your pool's domain, app client and callback URL,
and keep ``secret_key`` secret and stable.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask, redirect, session
from flask.typing import ResponseReturnValue

from fastcognito.exceptions import CognitoError
from fastcognito.integrations.flask import LoginClient, OAuthLogin
from fastcognito.verifier import TokenVerifier

CALLBACK = "http://localhost/callback"  # the emulator's default callback URL


def create_app(oauth: LoginClient, verifier: TokenVerifier, *, secret_key: str) -> Flask:
    app = Flask(__name__)
    app.secret_key = secret_key
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")

    def signed_in(tokens: dict[str, Any]) -> ResponseReturnValue:
        session["access_token"] = tokens["access_token"]
        return redirect("/", code=303)

    login = OAuthLogin(oauth, scopes=["openid", "email", "profile"], after_login=signed_in)
    app.register_blueprint(login.blueprint())

    @app.get("/")
    def home() -> ResponseReturnValue:
        token = session.get("access_token")
        if token:
            try:
                claims = verifier.verify(token)
            except CognitoError as exc:  # expired, or keys unreachable: sign in again
                return f'{exc.message}. <a href="/login">Sign in</a>', 401
            return {"signed_in_as": claims["username"], "claims": claims}
        return '<a href="/login">Sign in</a>'

    return app


def from_environment() -> Flask:
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

    from fastcognito import OAuthClient

    with emulator_with_alice() as (emu, pool):
        oauth = OAuthClient("local", pool.public_client_id, redirect_uri=CALLBACK, endpoint_url=emu.url)
        verifier = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emu.url)
        browser = create_app(oauth, verifier, secret_key=secrets.token_urlsafe(32)).test_client()
        print("GET /                   ->", browser.get("/").get_data(as_text=True))
        to_cognito = browser.get("/login")
        print("GET /login              ->", to_cognito.status_code, "to the sign-in page")
        back = emu.authorize(to_cognito.headers["Location"], "alice", "Passw0rd!1")
        print("GET /callback           ->", browser.get(back).status_code)
        print("GET / (signed in)       ->", (browser.get("/").get_json() or {})["signed_in_as"])
        print("GET /callback again     ->", browser.get(back).status_code)


if __name__ == "__main__":
    demo()
