"""A FastAPI app with passwordless sign-in: a one-time code by email, passkeys, and Cognito's
managed login. One HTML page (``static/index.html``) and a little JavaScript
(``static/passkeys.js``) talk to the JSON routes below; no front-end build step.

- ``POST /api/sign-up`` and ``/api/sign-up/confirm``: a new user (the password Cognito
  requires is random and never shown: the user signs in by code or passkey), confirmed with
  the emailed code, then signed in by a second emailed code;
- ``POST /api/sign-in/code`` and ``/api/sign-in/code/confirm``: ``sign_in`` with
  ``EMAIL_OTP``, then ``confirm_sign_in`` with the code;
- ``POST /api/passkeys/options`` and ``/api/passkeys``: ``start_passkey_registration`` for
  the page's ``navigator.credentials.create()``, then ``complete_passkey_registration`` with
  the credential the browser made;
- ``POST /api/sign-in/passkey`` and ``/api/sign-in/passkey/confirm``: ``sign_in`` with
  ``WEB_AUTHN``, whose request options go to ``navigator.credentials.get()``, then
  ``confirm_sign_in`` with the browser's assertion;
- ``GET /login`` and ``/callback``: the managed login (authorization code + PKCE, fastcognito's
  ``OAuthLogin``), landing on ``/claims``, which shows the verified claims of the tokens.

Sessions live in this process's memory, keyed by an HttpOnly cookie: enough for an example
(one process; a restart signs everyone out). How to run it against ``fastcognito local``:
README.md next to this file.
"""

from __future__ import annotations

import html
import json
import os
import secrets
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from fastcognito import AsyncCognitoPy, SignInStep
from fastcognito.exceptions import CognitoError
from fastcognito.integrations.starlette import LoginClient, OAuthLogin
from fastcognito.verifier import TokenVerifier

STATIC = Path(__file__).resolve().parent / "static"
SESSION_COOKIE = "passkeys_demo_session"

#: Reads the codes a local emulator "emailed" to a user (None against a real pool).
Inbox = Callable[[str], dict[str, str | None]]


@dataclass
class Session:
    username: str | None = None  # who is signing up, signing in or signed in
    step: SignInStep | None = None  # a sign-in waiting for its answer
    signing_up: bool = False  # the next code confirms the sign-up
    tokens: dict[str, Any] | None = None
    via: str = ""  # how the user signed in


class UsernameIn(BaseModel):
    username: str


class SignUpIn(BaseModel):
    username: str
    email: str


class CodeIn(BaseModel):
    code: str


class CredentialIn(BaseModel):
    credential: dict[str, Any]


def refused(message: str, code: str = "InvalidRequest", status: int = 400) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def cognito_refused(exc: CognitoError) -> JSONResponse:
    # Cognito's code and message name what failed (a wrong code, a refused passkey); neither holds a secret.
    return refused(exc.message or exc.code, exc.code)


def create_app(
    cognito: AsyncCognitoPy,
    oauth: LoginClient,
    verifier: TokenVerifier,
    *,
    secret_key: str,
    id_verifier: TokenVerifier | None = None,
    inbox: Inbox | None = None,
) -> FastAPI:
    """The app for one pool's app client (``cognito``, ``oauth``: the same client id, without
    a secret); ``verifier`` checks its access tokens, ``id_verifier`` its id tokens."""
    app = FastAPI(title="fastcognito passkeys example")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    sessions: dict[str, Session] = {}

    def session_of(request: Request) -> tuple[str, Session]:
        sid = request.cookies.get(SESSION_COOKIE) or ""
        if sid not in sessions:
            sid = secrets.token_urlsafe(24)
            sessions[sid] = Session()
        return sid, sessions[sid]

    def answer(request: Request, sid: str, body: dict[str, Any] | JSONResponse) -> Response:
        response = body if isinstance(body, JSONResponse) else JSONResponse(body)
        if request.cookies.get(SESSION_COOKIE) != sid:
            secure = request.url.scheme == "https"
            response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="lax", secure=secure)
        return response

    def signed_in(session: Session, tokens: dict[str, Any], via: str) -> dict[str, Any]:
        session.tokens, session.via, session.step, session.signing_up = tokens, via, None, False
        return {"signed_in": True, "username": session.username, "via": via}

    async def claims_of(session: Session) -> dict[str, Any] | None:
        if not session.tokens:
            return None
        try:
            claims: dict[str, Any] = await verifier.verify_async(session.tokens["access_token"])
        except CognitoError:  # expired or revoked: signed out
            session.tokens = None
            return None
        session.username = claims["username"]
        return claims

    @app.get("/")
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/api/me")
    async def me(request: Request) -> Response:
        sid, session = session_of(request)
        claims = await claims_of(session)
        if claims is None:
            return answer(request, sid, {"signed_in": False, "local_inbox": inbox is not None})
        try:
            passkeys = await cognito.list_passkeys(session.tokens["access_token"]) if session.tokens else []
        except CognitoError as exc:  # e.g. the token was revoked elsewhere (a global sign-out)
            session.tokens = None
            return answer(request, sid, {"signed_in": False, "local_inbox": inbox is not None, "message": exc.message})
        return answer(
            request,
            sid,
            {
                "signed_in": True,
                "username": claims["username"],
                "via": session.via,
                "passkeys": [{"id": p["CredentialId"], "name": p["FriendlyCredentialName"]} for p in passkeys],
            },
        )

    @app.post("/api/sign-up")
    async def sign_up(body: SignUpIn, request: Request) -> Response:
        sid, session = session_of(request)
        # Cognito wants a password; this one is never shown or kept: the user signs in by code or passkey.
        password = secrets.token_urlsafe(24) + "aA1!"
        try:
            await cognito.register(body.username, password, {"email": body.email})
        except CognitoError as exc:
            return answer(request, sid, cognito_refused(exc))
        session.username, session.step, session.signing_up, session.tokens = body.username, None, True, None
        return answer(request, sid, {"next": "code", "purpose": "signup", "destination": body.email})

    async def send_sign_in_code(request: Request, sid: str, session: Session, username: str) -> Response:
        try:
            step = await cognito.sign_in(username, preferred_challenge="EMAIL_OTP")
        except CognitoError as exc:
            return answer(request, sid, cognito_refused(exc))
        if step.challenge_name != "EMAIL_OTP":
            return answer(request, sid, refused("This user cannot sign in with an emailed code."))
        session.username, session.step, session.signing_up, session.tokens = username, step, False, None
        where = step.parameters.get("CODE_DELIVERY_DESTINATION", "your email")
        return answer(request, sid, {"next": "code", "purpose": "email_otp", "destination": where})

    @app.post("/api/sign-in/code")
    async def sign_in_code(body: UsernameIn, request: Request) -> Response:
        sid, session = session_of(request)
        return await send_sign_in_code(request, sid, session, body.username)

    @app.post("/api/sign-in/code/confirm")
    async def confirm_code(body: CodeIn, request: Request) -> Response:
        sid, session = session_of(request)
        if session.signing_up and session.username:
            try:
                await cognito.confirm_register(session.username, body.code.strip())
            except CognitoError as exc:
                return answer(request, sid, cognito_refused(exc))
            # Confirmed: sign in with a code by email, as every later sign-in without a passkey.
            return await send_sign_in_code(request, sid, session, session.username)
        if session.step is None:
            return answer(request, sid, refused("No sign-in is waiting for a code: start again."))
        try:
            step = await cognito.confirm_sign_in(session.step, code=body.code.strip())
        except CognitoError as exc:  # a wrong code keeps the step for another try
            return answer(request, sid, cognito_refused(exc))
        if not step.signed_in or step.tokens is None:
            return answer(request, sid, refused(f"Cognito asks for more: {step.challenge_name}"))
        return answer(request, sid, signed_in(session, step.tokens, "email code"))

    @app.post("/api/sign-in/passkey")
    async def sign_in_passkey(body: UsernameIn, request: Request) -> Response:
        sid, session = session_of(request)
        try:
            step = await cognito.sign_in(body.username, preferred_challenge="WEB_AUTHN")
        except CognitoError as exc:
            return answer(request, sid, cognito_refused(exc))
        if step.challenge_name != "WEB_AUTHN":
            return answer(request, sid, refused("This user has no passkey: sign in with a code, then add one."))
        session.username, session.step, session.signing_up, session.tokens = body.username, step, False, None
        return answer(request, sid, {"options": json.loads(step.parameters["CREDENTIAL_REQUEST_OPTIONS"])})

    @app.post("/api/sign-in/passkey/confirm")
    async def confirm_passkey(body: CredentialIn, request: Request) -> Response:
        sid, session = session_of(request)
        step, session.step = session.step, None  # one answer per challenge
        if step is None or step.challenge_name != "WEB_AUTHN":
            return answer(request, sid, refused("No passkey sign-in is in progress: start again."))
        try:
            done = await cognito.confirm_sign_in(step, credential=body.credential)
        except CognitoError as exc:
            return answer(request, sid, cognito_refused(exc))
        if not done.signed_in or done.tokens is None:
            return answer(request, sid, refused(f"Cognito asks for more: {done.challenge_name}"))
        return answer(request, sid, signed_in(session, done.tokens, "passkey"))

    @app.post("/api/sign-in/cancel")
    async def cancel_sign_in(request: Request) -> Response:
        sid, session = session_of(request)
        session.step, session.signing_up = None, False
        return answer(request, sid, {"signed_in": session.tokens is not None})

    def access_token(session: Session) -> str | None:
        return session.tokens["access_token"] if session.tokens else None

    @app.post("/api/passkeys/options")
    async def passkey_options(request: Request) -> Response:
        sid, session = session_of(request)
        token = access_token(session)
        if token is None:
            return answer(request, sid, refused("Sign in first.", "NotSignedIn", 401))
        try:
            return answer(request, sid, {"options": await cognito.start_passkey_registration(token)})
        except CognitoError as exc:
            return answer(request, sid, cognito_refused(exc))

    @app.post("/api/passkeys")
    async def add_passkey(body: CredentialIn, request: Request) -> Response:
        sid, session = session_of(request)
        token = access_token(session)
        if token is None:
            return answer(request, sid, refused("Sign in first.", "NotSignedIn", 401))
        try:
            await cognito.complete_passkey_registration(token, body.credential)
        except CognitoError as exc:
            return answer(request, sid, cognito_refused(exc))
        return answer(request, sid, {"registered": True})

    @app.post("/api/sign-out")
    async def sign_out(request: Request) -> Response:
        sid, session = session_of(request)
        if session.tokens and session.tokens.get("refresh_token"):
            try:
                await cognito.revoke_refresh_token(session.tokens["refresh_token"])
            except CognitoError:
                pass  # signed out here either way; the tokens expire on their own
        sessions.pop(sid, None)
        response = JSONResponse({"signed_in": False})
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/api/local-inbox")
    async def local_inbox(request: Request) -> Response:
        """What the local emulator "emailed" to the user signing in (never with a real pool)."""
        sid, session = session_of(request)
        if inbox is None or not session.username:
            return answer(request, sid, refused("No local inbox.", "NotFound", 404))
        return answer(request, sid, {"username": session.username, "codes": inbox(session.username)})

    def managed_login_done(request: Request, tokens: dict[str, Any]) -> Response:
        sid, session = session_of(request)
        signed_in(session, tokens, "managed login")
        response = RedirectResponse("/claims", status_code=303)
        if request.cookies.get(SESSION_COOKIE) != sid:
            response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="lax")
        return response

    login = OAuthLogin(
        oauth, scopes=["openid", "email", "profile"], secret_key=secret_key, after_login=managed_login_done
    )
    app.add_api_route("/login", login.login, methods=["GET"])
    app.add_api_route("/callback", login.callback, methods=["GET"])

    @app.get("/claims", response_class=HTMLResponse)
    async def claims_page(request: Request) -> Response:
        sid, session = session_of(request)
        claims = await claims_of(session)
        if claims is None or session.tokens is None:
            return RedirectResponse("/", status_code=303)
        tables = [("Access token", claims)]
        if id_verifier is not None and session.tokens.get("id_token"):
            tables.append(("ID token", await id_verifier.verify_async(session.tokens["id_token"])))
        return HTMLResponse(claims_html(claims["username"], session.via, tables))

    return app


def claims_html(username: str, via: str, tables: list[tuple[str, dict[str, Any]]]) -> str:
    def rows(claims: dict[str, Any]) -> str:
        return "\n".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(json.dumps(v) if not isinstance(v, str) else v)}</td></tr>"
            for k, v in sorted(claims.items())
        )

    sections = "\n".join(
        f'<h2>{html.escape(name)}</h2>\n<table class="claims" data-token="{html.escape(name)}">\n{rows(c)}\n</table>'
        for name, c in tables
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Verified claims</title>
<link rel="stylesheet" href="/static/style.css"></head>
<body><main>
<h1>Verified claims</h1>
<p id="status">Signed in as <b id="user">{html.escape(username)}</b> (via {html.escape(via)}).
The tokens' signatures, issuer, audience and expiry were checked by fastcognito's TokenVerifier.</p>
{sections}
<p><a id="home" href="/">Back to the start page</a></p>
</main></body></html>"""


def emulator_inbox(endpoint: str, pool_id: str) -> Inbox:
    """The local emulator's record of the codes it "sent" (its ``/_emulator/codes``)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def read(username: str) -> dict[str, str | None]:
        query = urllib.parse.urlencode({"pool_id": pool_id, "username": username})
        with opener.open(f"{endpoint}/_emulator/codes?{query}", timeout=10) as resp:
            codes: dict[str, str | None] = json.loads(resp.read())
        return {"signup": codes.get("signup"), "email_otp": codes.get("email_otp")}

    return read


def from_environment() -> FastAPI:
    """The app for the pool and app client named by ``fastcognito local``'s variables."""
    from fastcognito import OAuthClient

    pool_id, client_id = os.environ["FASTCOGNITO_POOL_ID"], os.environ["FASTCOGNITO_CLIENT_ID"]
    callback = os.environ.get("FASTCOGNITO_CALLBACK_URL", "http://localhost:8000/callback")
    oauth = OAuthClient(os.environ.get("FASTCOGNITO_DOMAIN", "local"), client_id, redirect_uri=callback)
    endpoint = os.environ.get("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")
    return create_app(
        AsyncCognitoPy(pool_id, client_id, ""),
        oauth,
        TokenVerifier(pool_id, client_id),
        id_verifier=TokenVerifier(pool_id, client_id, token_use="id"),
        secret_key=secrets.token_urlsafe(32),
        # Only a local emulator shows its "emails"; set FASTCOGNITO_LOCAL_INBOX=0 to hide them.
        inbox=emulator_inbox(endpoint, pool_id)
        if endpoint and os.environ.get("FASTCOGNITO_LOCAL_INBOX", "1") != "0"
        else None,
    )
