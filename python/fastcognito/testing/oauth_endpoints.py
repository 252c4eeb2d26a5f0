"""The managed login (Cognito's OAuth 2.0 endpoints on the pool's domain), served by the
emulator at its own address for every pool: the app client named by the request (query, form
or HTTP Basic) says which pool.

``GET /oauth2/authorize`` (and ``GET /login``) check the request and answer the sign-in page
(login_page.py); ``POST /login`` checks the password and redirects to the app with a code
(single use, five minutes) and the state; ``POST /oauth2/token`` exchanges a code (PKCE S256
checked, the same redirect_uri), a refresh token, or client credentials; ``/oauth2/userInfo``,
``POST /oauth2/revoke``, ``GET /logout`` and ``/{pool}/.well-known/openid-configuration``.
Errors as Cognito answers them: a bad client or redirect_uri is a 400 page (never a
redirect), other authorization errors are redirected with ``error=``; the token and revocation
endpoints answer ``{"error": ..., "error_description": ...}``, 400 (``invalid_client``: 401).
Tokens are minted by oauth_tokens.py.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
import time
import urllib.parse
from typing import Any

from . import _moto, issuer, login_page
from .fault import Response
from .handler import Handler
from .oauth_tokens import Code, OAuthError, OAuthTokens, claims_of, pkce_matches

__all__ = ["OAuthEndpoints", "PATHS", "serves"]

#: The paths this module answers (surface.py lets them through).
PATHS = ("/oauth2/authorize", "/login", "/oauth2/token", "/oauth2/userInfo", "/oauth2/revoke", "/logout")
_DISCOVERY = re.compile(r"/([\w-]+_[0-9A-Za-z]+)/\.well-known/openid-configuration")
OIDC_SCOPES = ("email", "phone", "profile")
FLOW_OF_RESPONSE_TYPE = {"code": "code", "token": "implicit"}
HTML = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


def serves(path: str) -> bool:
    return path in PATHS or _DISCOVERY.fullmatch(path) is not None


class _PageError(Exception):
    """An authorization request that cannot be sent back to the app: answered with a page."""


class _Redirected(Exception):
    """An authorization error sent back to the app's redirect_uri."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def _with_params(uri: str, params: dict[str, str | None], fragment: bool = False) -> str:
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    if fragment:
        return f"{uri}#{query}"
    return f"{uri}{'&' if '?' in uri else '?'}{query}"


def _json(data: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    base = {"Content-Type": "application/json;charset=UTF-8", "Cache-Control": "no-store"}
    return status, {**base, **(headers or {})}, json.dumps(data).encode()


def _error(error: OAuthError, www_authenticate: str | None = None) -> Response:
    headers = {"WWW-Authenticate": www_authenticate} if www_authenticate else None
    return _json({"error": error.error, "error_description": error.description}, error.status, headers)


class OAuthEndpoints(Handler):
    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.oauth_tokens = OAuthTokens()

    def oauth(self, path: str, environ: dict[str, Any]) -> Response:
        """Answers one request to a managed-login path (``serves(path)``)."""
        method = environ.get("REQUEST_METHOD", "GET").upper()
        query = {k: v[0] for k, v in urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).items()}
        form: dict[str, str] = {}
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            stream = environ["wsgi.input"]
            # A chunked body has no length: the server marks its input as ending by itself.
            data = stream.read(length) if length else stream.read() if environ.get("wsgi.input_terminated") else b""
            raw = data.decode(errors="replace")
            form = {k: v[0] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True).items()}
        with self.lock:
            found = _DISCOVERY.fullmatch(path)
            if found is not None:
                return self.discovery(found.group(1), environ)
            routes = {
                ("GET", "/oauth2/authorize"): lambda: self.authorize_page(query),
                ("GET", "/login"): lambda: self.authorize_page(query),
                ("POST", "/login"): lambda: self.sign_in(form),
                ("POST", "/oauth2/token"): lambda: self.token(environ, form),
                ("GET", "/oauth2/userInfo"): lambda: self.user_info(environ),
                ("POST", "/oauth2/userInfo"): lambda: self.user_info(environ),
                ("POST", "/oauth2/revoke"): lambda: self.revoke(environ, form),
                ("GET", "/logout"): lambda: self.logout(query),
            }
            route = routes.get((method, path))
            if route is None:
                return 405, {"Content-Type": "text/plain", "Allow": "GET, POST"}, b"method not allowed"
            return route()

    # ---- discovery ----------------------------------------------------------------------
    def discovery(self, pool_id: str, environ: dict[str, Any]) -> Response:
        pool = _moto.find_pool(pool_id)
        if pool is None:
            return _json({"message": f"User pool {pool_id} does not exist."}, 404)
        base = f"http://{environ.get('HTTP_HOST', '127.0.0.1')}"
        return _json(
            {
                "authorization_endpoint": f"{base}/oauth2/authorize",
                "end_session_endpoint": f"{base}/logout",
                "id_token_signing_alg_values_supported": ["RS256"],
                "issuer": issuer.issuer_of(_moto.issuer_type(pool), pool.region, pool.id),
                "jwks_uri": f"{base}/{pool.id}/.well-known/jwks.json",
                "response_types_supported": ["code", "token"],
                "revocation_endpoint": f"{base}/oauth2/revoke",
                "scopes_supported": ["openid", "email", "phone", "profile"],
                "subject_types_supported": ["public"],
                "token_endpoint": f"{base}/oauth2/token",
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "userinfo_endpoint": f"{base}/oauth2/userInfo",
            }
        )

    # ---- authorization: the page, the sign-in, the redirect ------------------------------
    def check_authorization(self, req: dict[str, str]) -> tuple[_moto.Pool, _moto.AppClient, list[str]]:
        """The pool, client and scopes of an authorization request, or why not (a page error
        for a bad client or redirect_uri, a redirect with ``error=`` for the rest)."""
        found = _moto.find_client(req.get("client_id", ""))
        if found is None:
            raise _PageError("invalid_request: the client_id is missing or unknown.")
        pool, client = found
        redirect_uri = req.get("redirect_uri", "")
        if not redirect_uri or redirect_uri not in (client.setting("CallbackURLs") or []):
            raise _PageError("redirect_mismatch: the redirect_uri is not a callback URL of the app client.")

        def refuse(error: str, description: str) -> _Redirected:
            params: dict[str, str | None] = {"error": error, "error_description": description}
            params["state"] = req.get("state")
            return _Redirected(_with_params(redirect_uri, params))

        if not client.setting("AllowedOAuthFlowsUserPoolClient"):
            raise refuse("unauthorized_client", "The app client is not allowed OAuth flows.")
        response_type = req.get("response_type", "")
        if not response_type:
            raise refuse("invalid_request", "response_type is required.")
        flow = FLOW_OF_RESPONSE_TYPE.get(response_type)
        if flow is None:
            raise refuse("unsupported_response_type", f"Unsupported response_type {response_type!r}.")
        if flow not in (client.setting("AllowedOAuthFlows") or []):
            raise refuse("unauthorized_client", f"The app client is not allowed the {flow} flow.")
        method, challenge = req.get("code_challenge_method"), req.get("code_challenge")
        if (method or challenge) and (method != "S256" or not challenge):
            raise refuse("invalid_request", "PKCE needs a code_challenge with code_challenge_method S256.")
        provider = req.get("identity_provider")
        if provider and provider not in (client.setting("SupportedIdentityProviders") or ["COGNITO"]):
            raise refuse("invalid_request", f"The identity provider {provider!r} is not enabled for the app client.")
        allowed = list(client.setting("AllowedOAuthScopes") or [])
        scopes = req.get("scope", "").split() or allowed
        unknown = [s for s in scopes if s not in allowed]
        if unknown or not scopes:
            raise refuse("invalid_scope", f"Scopes not allowed for the app client: {' '.join(unknown) or '(none)'}.")
        if any(s in OIDC_SCOPES for s in scopes) and "openid" not in scopes:
            raise refuse("invalid_scope", "The email, phone and profile scopes need the openid scope.")
        if req.get("prompt") == "none":
            raise refuse("login_required", "No signed-in session (prompt=none).")
        return pool, client, list(dict.fromkeys(scopes))

    def authorize_page(self, query: dict[str, str]) -> Response:
        try:
            self.check_authorization(query)
        except _PageError as exc:
            return 400, HTML, login_page.error_page("An error was encountered", str(exc))
        except _Redirected as exc:
            return 302, {"Location": exc.location, "Cache-Control": "no-store"}, b""
        return 200, HTML, login_page.render(query)

    def sign_in(self, form: dict[str, str]) -> Response:
        """The sign-in form: a good password redirects to the app with a code (or tokens)."""
        try:
            pool, client, scopes = self.check_authorization(form)
        except _PageError as exc:
            return 400, HTML, login_page.error_page("An error was encountered", str(exc))
        except _Redirected as exc:
            return 302, {"Location": exc.location, "Cache-Control": "no-store"}, b""
        user = pool.user(form.get("username", ""))
        password = form.get("password", "")
        if user is None or not user.password or not hmac.compare_digest(user.password.encode(), password.encode()):
            return 200, HTML, login_page.render(form, "Incorrect username or password.")
        refusal = self.user_refusal(pool, user)
        if refusal is not None:
            return 200, HTML, login_page.render(form, refusal)
        auth_time = int(time.time())
        state = form.get("state")
        if form.get("response_type") == "token":
            tokens = self.oauth_tokens.user_tokens(
                pool, client, user, scopes, auth_time, nonce=form.get("nonce"), issue_refresh=False
            )
            fragment: dict[str, str | None] = {
                k: str(tokens[k]) for k in ("access_token", "id_token", "token_type", "expires_in") if k in tokens
            }
            fragment["state"] = state
            return 302, {"Location": _with_params(form["redirect_uri"], fragment, True)}, b""
        code = self.oauth_tokens.new_code(
            Code(
                pool_id=pool.id,
                client_id=client.id,
                redirect_uri=form["redirect_uri"],
                username=user.username,
                scopes=scopes,
                code_challenge=form.get("code_challenge") or None,
                nonce=form.get("nonce") or None,
                auth_time=auth_time,
            )
        )
        location = _with_params(form["redirect_uri"], {"code": code, "state": state})
        return 302, {"Location": location, "Cache-Control": "no-store"}, b""

    @staticmethod
    def user_refusal(pool: _moto.Pool, user: _moto.User) -> str | None:
        """Why a user with the right password may not sign in on this page, or None."""
        if not user.enabled:
            return "User is disabled."
        if user.is_unconfirmed:
            return "User is not confirmed."
        if user.status in ("FORCE_CHANGE_PASSWORD", "RESET_REQUIRED"):
            return "The user must set a new password first: the emulator's sign-in page does not do that."
        if _moto.mfa_state(user)["preferred"]:
            return "The user has MFA: the emulator's sign-in page does not ask for MFA codes."
        return None

    # ---- the token endpoint ----------------------------------------------------------------
    def authenticate(
        self, environ: dict[str, Any], form: dict[str, str], endpoint: str = "oauth2/token"
    ) -> tuple[_moto.Pool, _moto.AppClient]:
        """The app client of a token or revocation request: HTTP Basic (client_secret_basic),
        or client_id and client_secret in the body (client_secret_post). The request is
        counted as ``endpoint`` for the client it names (``Emulator.requests``)."""
        header = environ.get("HTTP_AUTHORIZATION", "")
        if header[:6].lower() == "basic ":
            try:
                client_id, _, secret = base64.b64decode(header[6:].strip(), validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                raise OAuthError("invalid_client", "Malformed Basic authorization.", 401) from None
            client_id, secret = urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(secret)
            if form.get("client_id") not in (None, client_id):
                raise OAuthError("invalid_client", "client_id differs from the authenticated client.", 401)
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        self.requests[(client_id, endpoint)] = self.requests.get((client_id, endpoint), 0) + 1
        found = _moto.find_client(client_id) if client_id else None
        if found is None:
            raise OAuthError("invalid_client", "Client is missing or unknown.", 401)
        pool, client = found
        if client.has_secret and not hmac.compare_digest(secret.encode(), client.secret.encode()):
            raise OAuthError("invalid_client", "Client authentication failed.", 401)
        return pool, client

    def token(self, environ: dict[str, Any], form: dict[str, str]) -> Response:
        try:
            pool, client = self.authenticate(environ, form)
            if not client.setting("AllowedOAuthFlowsUserPoolClient"):
                raise OAuthError("unauthorized_client", "The app client is not allowed OAuth flows.")
            grant_type = form.get("grant_type", "")
            flows = client.setting("AllowedOAuthFlows") or []
            if grant_type == "authorization_code":
                if "code" not in flows:
                    raise OAuthError("unauthorized_client", "The app client is not allowed the code flow.")
                return _json(self.exchange_code(pool, client, form))
            if grant_type == "refresh_token":
                if not set(flows) & {"code", "implicit"}:
                    raise OAuthError("unauthorized_client", "The app client is not allowed user flows.")
                return _json(self.refresh(pool, client, form))
            if grant_type == "client_credentials":
                if "client_credentials" not in flows or not client.has_secret:
                    raise OAuthError("unauthorized_client", "The app client is not allowed client_credentials.")
                return _json(self.client_credentials(pool, client, form))
            if not grant_type:
                raise OAuthError("invalid_request", "grant_type is required.")
            raise OAuthError("unsupported_grant_type", f"Unsupported grant_type {grant_type!r}.")
        except OAuthError as exc:
            via_header = environ.get("HTTP_AUTHORIZATION", "")[:6].lower() == "basic "
            return _error(exc, 'Basic realm="token"' if exc.status == 401 and via_header else None)

    def exchange_code(self, pool: _moto.Pool, client: _moto.AppClient, form: dict[str, str]) -> dict[str, Any]:
        if not form.get("code"):
            raise OAuthError("invalid_request", "code is required.")
        code = self.oauth_tokens.take_code(lambda refresh: pool, form["code"])
        if code.client_id != client.id or code.pool_id != pool.id:
            raise OAuthError("invalid_grant", "The authorization code was issued to another client.")
        if form.get("redirect_uri") != code.redirect_uri:
            raise OAuthError("invalid_grant", "redirect_uri differs from the authorization request's.")
        if code.code_challenge is not None and not pkce_matches(code.code_challenge, form.get("code_verifier", "")):
            raise OAuthError("invalid_grant", "The code_verifier does not match the code_challenge.")
        user = pool.user(code.username)
        if user is None or not user.enabled:
            raise OAuthError("invalid_grant", "The user no longer exists or is disabled.")
        tokens = self.oauth_tokens.user_tokens(pool, client, user, code.scopes, code.auth_time, nonce=code.nonce)
        self.oauth_tokens.used_codes[form["code"]] = str(tokens["refresh_token"])
        return tokens

    def refresh(self, pool: _moto.Pool, client: _moto.AppClient, form: dict[str, str]) -> dict[str, Any]:
        token = form.get("refresh_token", "")
        if not token:
            raise OAuthError("invalid_request", "refresh_token is required.")
        entry = pool.refresh_token(token)
        user = pool.user(entry[1]) if entry is not None and entry[0] == client.id else None
        if user is None or not user.enabled:
            raise OAuthError("invalid_grant", "Invalid refresh token.")
        # An API refresh token (InitiateAuth) has no grant: its tokens carry the API's scope.
        grant = self.oauth_tokens.scopes_for_refresh(token)
        scopes = grant.scopes if grant else ["aws.cognito.signin.user.admin"]
        auth_time = grant.auth_time if grant else int(time.time())
        id_token = None if grant else True
        if self.rotation.rotates(client.id):
            tokens = self.oauth_tokens.user_tokens(pool, client, user, scopes, auth_time, id_token=id_token)
            self.oauth_tokens.revoke(pool, token)
            return tokens
        return self.oauth_tokens.user_tokens(
            pool, client, user, scopes, auth_time, refresh_token=token, id_token=id_token
        )

    @staticmethod
    def client_credentials(pool: _moto.Pool, client: _moto.AppClient, form: dict[str, str]) -> dict[str, Any]:
        allowed = [s for s in client.setting("AllowedOAuthScopes") or [] if s in _moto.resource_scopes(pool)]
        requested = form.get("scope", "").split()
        unknown = [s for s in requested if s not in allowed]
        if unknown:
            raise OAuthError("invalid_scope", f"Scopes not allowed for the app client: {' '.join(unknown)}.")
        scopes = list(dict.fromkeys(requested)) or allowed
        if not scopes:
            raise OAuthError("invalid_scope", "The app client has no resource-server scope.")
        return OAuthTokens.client_token(pool, client, scopes)

    # ---- userInfo, revocation, logout ----------------------------------------------------
    def user_info(self, environ: dict[str, Any]) -> Response:
        header = environ.get("HTTP_AUTHORIZATION", "")
        if header[:7].lower() != "bearer " or not header[7:].strip():
            error = OAuthError("invalid_request", "An access token is required.", 401)
            return _error(error, 'Bearer error="invalid_request"')
        token = header[7:].strip()
        claims = claims_of(token)
        pool = _moto.find_pool(str(claims.get("iss", "")).rsplit("/", 1)[-1])
        owner = pool.access_token_owner(token) if pool is not None else None
        user = pool.user(owner) if pool is not None and owner is not None else None
        problem = None
        if pool is None or user is None or claims.get("token_use") != "access":
            problem = "The access token is invalid, expired or revoked."
        elif int(claims.get("exp", 0)) <= time.time():
            problem = "The access token has expired."
        elif "openid" not in str(claims.get("scope", "")).split():
            problem = "The access token lacks the openid scope."
        elif not user.enabled:
            problem = "User is disabled."
        if problem is not None or pool is None or user is None:
            error = OAuthError("invalid_token", problem or "", 401)
            return _error(error, f'Bearer error="invalid_token", error_description="{error.description}"')
        return _json(OAuthTokens.user_info(pool, user, str(claims.get("scope", "")).split()))

    def revoke(self, environ: dict[str, Any], form: dict[str, str]) -> Response:
        try:
            pool, client = self.authenticate(environ, form, "oauth2/revoke")
            token = form.get("token", "")
            if not token:
                raise OAuthError("invalid_request", "token is required.")
            if client.setting("EnableTokenRevocation") is False:
                raise OAuthError("invalid_request", "Token revocation is not enabled for the app client.")
            if token.count(".") == 2:
                raise OAuthError("unsupported_token_type", "Only refresh tokens can be revoked.")
            entry = pool.refresh_token(token)
            if entry is not None:
                if entry[0] != client.id:
                    raise OAuthError("unauthorized_client", "The token was not issued to this client.")
                self.oauth_tokens.revoke(pool, token)
        except OAuthError as exc:
            return _error(exc)
        return 200, {"Content-Length": "0", "Cache-Control": "no-store"}, b""

    def logout(self, query: dict[str, str]) -> Response:
        found = _moto.find_client(query.get("client_id", ""))
        if found is None:
            return 400, HTML, login_page.error_page("An error was encountered", "invalid_request: unknown client_id.")
        _pool, client = found
        logout_uri, redirect_uri = query.get("logout_uri"), query.get("redirect_uri")
        if logout_uri and not redirect_uri:
            if logout_uri not in (client.setting("LogoutURLs") or []):
                return 400, HTML, login_page.error_page("An error was encountered", "The logout_uri is not registered.")
            return 302, {"Location": logout_uri, "Cache-Control": "no-store"}, b""
        if redirect_uri and not logout_uri:
            # Signed out, then on to the sign-in page of a new authorization request.
            params = {k: v for k, v in query.items() if k in login_page.REQUEST_FIELDS}
            return 302, {"Location": "/login?" + urllib.parse.urlencode(params), "Cache-Control": "no-store"}, b""
        message = "invalid_request: give exactly one of logout_uri and redirect_uri."
        return 400, HTML, login_page.error_page("An error was encountered", message)
