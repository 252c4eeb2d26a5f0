"""The OAuth client the login glue tests use: ``fastcognito.OAuthClient`` once it exists
(branch ``oauth``); until then a minimal client of the same contract that really speaks HTTP to
the emulator's managed login (not a mock: every request reaches the emulator)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import fastcognito
from fastcognito.exceptions import CognitoError


@dataclass
class _Request:
    url: str
    state: str
    code_verifier: str


class _OAuthError(CognitoError):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.error_description = description


class _StandIn:
    def __init__(self, endpoint_url: str, client_id: str, redirect_uri: str) -> None:
        self.base, self.client_id, self.redirect_uri = endpoint_url.rstrip("/"), client_id, redirect_uri

    def authorization_url(
        self,
        *,
        scopes: Iterable[str],
        state: str | None = None,
        identity_provider: str | None = None,
        login_hint: str | None = None,
        prompt: str | None = None,
    ) -> _Request:
        state = state or secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "state": state,
            "scope": " ".join(scopes),
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        extra = {"identity_provider": identity_provider, "login_hint": login_hint, "prompt": prompt}
        query.update({k: v for k, v in extra.items() if v})
        return _Request(f"{self.base}/oauth2/authorize?{urllib.parse.urlencode(query)}", state, verifier)

    def exchange_code(self, code: str, code_verifier: str) -> dict[str, Any]:
        form = {
            "grant_type": "authorization_code",
            "client_id": self.client_id,
            "code": code,
            "code_verifier": code_verifier,
            "redirect_uri": self.redirect_uri,
        }
        request = urllib.request.Request(f"{self.base}/oauth2/token", urllib.parse.urlencode(form).encode())
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return json.loads(answer.read())  # type: ignore[no-any-return]
        except urllib.error.HTTPError as exc:
            body = json.loads(exc.read() or b"{}")
            raise _OAuthError(body.get("error", "server_error"), body.get("error_description", "")) from None


class _AsyncStandIn(_StandIn):
    async def exchange_code(self, code: str, code_verifier: str) -> dict[str, Any]:  # type: ignore[override]
        return _StandIn.exchange_code(self, code, code_verifier)


def oauth_client(endpoint_url: str, client_id: str, redirect_uri: str, *, awaitable: bool = False) -> Any:
    """An OAuthClient (or AsyncOAuthClient) of the emulator's public app client."""
    cls = getattr(fastcognito, "AsyncOAuthClient" if awaitable else "OAuthClient", None)
    if cls is not None:
        return cls("local", client_id, redirect_uri=redirect_uri, endpoint_url=endpoint_url)
    return (_AsyncStandIn if awaitable else _StandIn)(endpoint_url, client_id, redirect_uri)
