"""The managed login's grants and tokens: authorization codes (single use, five minutes), and
the ID, access and refresh tokens the token endpoint answers with (oauth_endpoints.py routes).

The tokens are real: signed with the key moto signs every token of the pool with (so any
verifier of the pool accepts them), with Cognito's claims and the pool's issuer format. User
tokens are also registered in moto's store, so the API knows them as its own: GetUser and
GlobalSignOut work with the access token, and the refresh token works with InitiateAuth
REFRESH_TOKEN_AUTH (which answers as for any API refresh: the ``aws.cognito.signin.user.admin``
scope only). Revoking a refresh token forgets every token issued from it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from . import _moto, issuer

__all__ = ["CODE_LIFETIME", "Code", "Grant", "OAuthError", "OAuthTokens", "pkce_matches", "claims_of"]

#: How long an authorization code may be exchanged, in seconds (Cognito: five minutes).
CODE_LIFETIME = 300.0
ADMIN_SCOPE = "aws.cognito.signin.user.admin"
# Attributes each OIDC scope releases (userInfo); "openid" alone releases every attribute.
SCOPE_ATTRIBUTES = {
    "profile": (
        "name family_name given_name middle_name nickname preferred_username profile picture website "
        "gender birthdate zoneinfo locale updated_at address"
    ).split(),
    "email": ["email", "email_verified"],
    "phone": ["phone_number", "phone_number_verified"],
}


class OAuthError(Exception):
    """An OAuth 2.0 error answer: ``{"error": ..., "error_description": ...}``."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


@dataclass
class Code:
    """What an authorization code was issued for."""

    pool_id: str
    client_id: str
    redirect_uri: str
    username: str
    scopes: list[str]
    code_challenge: str | None
    nonce: str | None
    auth_time: int
    deadline: float = field(default_factory=lambda: time.monotonic() + CODE_LIFETIME)


@dataclass
class Grant:
    """A sign-in through the managed login: what each refresh of its tokens carries over."""

    scopes: list[str]
    auth_time: int


def pkce_matches(challenge: str, verifier: str) -> bool:
    """RFC 7636 S256: ``challenge == BASE64URL(SHA256(verifier))``, the verifier 43-128 characters."""
    if not 43 <= len(verifier) <= 128:
        return False
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii", "replace")).digest())
    return hmac.compare_digest(digest.rstrip(b"=").decode(), challenge)


def claims_of(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified (the emulator checks its own tokens by its own store)."""
    try:
        body = token.split(".")[1]
        found = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (IndexError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _validity(client: _moto.AppClient, name: str, unit_key: str, default: int) -> int:
    """A token validity of the client in seconds (AccessTokenValidity with TokenValidityUnits)."""
    value = client.setting(name)
    if not value:
        return default
    units = client.setting("TokenValidityUnits") or {}
    unit = units.get(unit_key, "hours" if name != "RefreshTokenValidity" else "days")
    return int(value) * {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}.get(unit, 3600)


class OAuthTokens:
    """The codes waiting to be exchanged and the grants behind the refresh tokens issued."""

    def __init__(self) -> None:
        self.codes: dict[str, Code] = {}
        # code already exchanged -> the refresh token it gave (revoked if the code comes back)
        self.used_codes: dict[str, str] = {}
        # refresh token -> its grant
        self.grants: dict[str, Grant] = {}

    def reset(self) -> None:
        self.codes.clear()
        self.used_codes.clear()
        self.grants.clear()

    def new_code(self, code: Code) -> str:
        now = time.monotonic()
        for key in [k for k, c in self.codes.items() if c.deadline < now]:
            del self.codes[key]
        value = secrets.token_urlsafe(24)
        self.codes[value] = code
        return value

    def expire_codes(self, pool_id: str) -> int:
        """Makes the pool's codes waiting for their exchange outlive their five minutes."""
        waiting = [c for c in self.codes.values() if c.pool_id == pool_id]
        for code in waiting:
            code.deadline = time.monotonic() - 1
        return len(waiting)

    def take_code(self, pool_for: Any, value: str) -> Code:
        """The code's request, once: a code used (or tried) before is refused, and the tokens
        of its first exchange are revoked (RFC 6749 §4.1.2)."""
        code = self.codes.pop(value, None)
        if code is None:
            refresh = self.used_codes.pop(value, None)
            if refresh is not None:
                pool = pool_for(refresh)
                if pool is not None:
                    self.revoke(pool, refresh)
            raise OAuthError("invalid_grant", "The authorization code is invalid, expired or already used.")
        if code.deadline < time.monotonic():
            raise OAuthError("invalid_grant", "The authorization code has expired.")
        return code

    # ---- minting ---------------------------------------------------------------------------
    def user_tokens(
        self,
        pool: _moto.Pool,
        client: _moto.AppClient,
        user: _moto.User,
        scopes: list[str],
        auth_time: int,
        *,
        nonce: str | None = None,
        refresh_token: str | None = None,
        issue_refresh: bool = True,
        id_token: bool | None = None,
    ) -> dict[str, Any]:
        """The token endpoint's answer for a user: a new refresh token unless ``refresh_token``
        (a refresh) is given or ``issue_refresh`` is False (the implicit flow); the ID token
        only with the ``openid`` scope (unless ``id_token`` says)."""
        now = int(time.time())
        iss = issuer.issuer_of(_moto.issuer_type(pool), pool.region, pool.id)
        answer: dict[str, Any] = {}
        if not issue_refresh:
            origin_jti = str(uuid.uuid4())
        elif refresh_token is None:
            refresh_token, origin_jti = _moto.add_refresh_token(pool, client.id, user.username)
            self.grants[refresh_token] = Grant(list(scopes), auth_time)
            answer["refresh_token"] = refresh_token
        else:
            origin_jti = _moto.refresh_origin(pool, refresh_token) or str(uuid.uuid4())
        expires_in = _validity(client, "AccessTokenValidity", "AccessToken", 3600)
        groups = user.groups
        access: dict[str, Any] = {"sub": user.sub}
        if groups:
            access["cognito:groups"] = groups
        access.update(
            iss=iss,
            version=2,
            client_id=client.id,
            origin_jti=origin_jti,
            token_use="access",
            scope=" ".join(scopes),
            auth_time=auth_time,
            exp=now + expires_in,
            iat=now,
            jti=str(uuid.uuid4()),
            username=user.sub if pool.username_is_email else user.username,
        )
        access_token = _moto.sign_jwt(pool, access)
        _moto.add_access_token(pool, access_token, client.id, user.username)
        if id_token or (id_token is None and "openid" in scopes):
            answer["id_token"] = _moto.sign_jwt(
                pool, self._id_claims(pool, client, user, iss, origin_jti, nonce, auth_time, now)
            )
        answer.update(access_token=access_token, expires_in=expires_in, token_type="Bearer")
        return answer

    @staticmethod
    def _id_claims(
        pool: _moto.Pool,
        client: _moto.AppClient,
        user: _moto.User,
        iss: str,
        origin_jti: str,
        nonce: str | None,
        auth_time: int,
        now: int,
    ) -> dict[str, Any]:
        readable = client.setting("ReadAttributes")
        attributes = {k: v for k, v in user.attributes.items() if k != "sub" and (not readable or k in readable)}
        claims: dict[str, Any] = {"sub": user.sub}
        if user.groups:
            claims["cognito:groups"] = user.groups
        for name, value in attributes.items():
            claims[name] = value == "true" if name.endswith("_verified") else value
        claims.update(iss=iss, **{"cognito:username": user.sub if pool.username_is_email else user.username})
        if nonce:
            claims["nonce"] = nonce
        claims.update(
            origin_jti=origin_jti,
            aud=client.id,
            token_use="id",
            auth_time=auth_time,
            exp=now + _validity(client, "IdTokenValidity", "IdToken", 3600),
            iat=now,
            jti=str(uuid.uuid4()),
        )
        return claims

    @staticmethod
    def client_token(pool: _moto.Pool, client: _moto.AppClient, scopes: list[str]) -> dict[str, Any]:
        """A client-credentials access token: the client is its subject, no user claims."""
        now = int(time.time())
        expires_in = _validity(client, "AccessTokenValidity", "AccessToken", 3600)
        claims = {
            "sub": client.id,
            "token_use": "access",
            "scope": " ".join(scopes),
            "auth_time": now,
            "iss": issuer.issuer_of(_moto.issuer_type(pool), pool.region, pool.id),
            "exp": now + expires_in,
            "iat": now,
            "version": 2,
            "jti": str(uuid.uuid4()),
            "client_id": client.id,
        }
        return {"access_token": _moto.sign_jwt(pool, claims), "expires_in": expires_in, "token_type": "Bearer"}

    # ---- revocation ------------------------------------------------------------------------
    def revoke(self, pool: _moto.Pool, refresh_token: str) -> None:
        """Revokes ``refresh_token`` and forgets every access and ID token issued from it."""
        origin = _moto.refresh_origin(pool, refresh_token)
        if origin is not None:
            _moto.revoke_origin(pool, origin)
        pool.revoke_refresh_token(refresh_token)
        self.grants.pop(refresh_token, None)

    def scopes_for_refresh(self, refresh_token: str) -> Grant | None:
        return self.grants.get(refresh_token)

    @staticmethod
    def user_info(pool: _moto.Pool, user: _moto.User, scopes: list[str]) -> dict[str, Any]:
        """userInfo's answer: the attributes the token's scopes release."""
        attributes = user.attributes
        if set(scopes) & set(SCOPE_ATTRIBUTES):
            allowed = {a for s in scopes for a in SCOPE_ATTRIBUTES.get(s, [])}
            attributes = {k: v for k, v in attributes.items() if k in allowed or k.startswith("custom:")}
        info: dict[str, Any] = {"sub": user.sub}
        for name, value in attributes.items():
            if name != "sub":
                info[name] = value
        info["username"] = user.sub if pool.username_is_email else user.username
        return info
