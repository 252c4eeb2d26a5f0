"""Plain-HTTP helpers for the managed-login tests: a browser's and an app's requests, made with
urllib (redirects not followed), and a PKCE pair."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD

CALLBACK = "http://localhost/callback"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


def http(method: str, url: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> Answer:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with _OPENER.open(request, timeout=30) as resp:
            return Answer(resp.status, dict(resp.headers), resp.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, dict(exc.headers), exc.read())


def basic(client_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def pkce() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge)."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_url(emulator: Emulator, client_id: str, **params: str) -> str:
    query = {"response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "state": "st-1"}
    query.update(params)
    return f"{emulator.url}/oauth2/authorize?" + urllib.parse.urlencode(query)


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(location).query).items()}


def token(emulator: Emulator, form: dict[str, str], headers: dict[str, str] | None = None) -> Answer:
    return http("POST", f"{emulator.url}/oauth2/token", form, headers)


def user(emulator: Emulator, pool: Pool, name: str = "ann") -> str:
    emulator.create_user(pool.pool_id, name, PASSWORD, email=f"{name}@example.com")
    return name


def code_for(emulator: Emulator, pool: Pool, name: str, challenge: str, client_id: str = "", **params: str) -> str:
    url = authorize_url(
        emulator, client_id or pool.public_client_id, code_challenge=challenge, code_challenge_method="S256", **params
    )
    return query_of(emulator.authorize(url, name, PASSWORD))["code"]


def signed_in(emulator: Emulator, pool: Pool, name: str = "ann", **params: str) -> dict[str, Any]:
    """Tokens of a full code + PKCE flow through the public client."""
    verifier, challenge = pkce()
    code = code_for(emulator, pool, name, challenge, **params)
    form = {
        "grant_type": "authorization_code",
        "client_id": pool.public_client_id,
        "code": code,
        "redirect_uri": CALLBACK,
        "code_verifier": verifier,
    }
    answer = token(emulator, form)
    assert answer.status == 200, answer.body
    return answer.json()  # type: ignore[no-any-return]
