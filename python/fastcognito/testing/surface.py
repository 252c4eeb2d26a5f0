"""What the emulator's port answers: Cognito and nothing else of moto.

moto's server answers for every AWS service it knows and serves its own ``/moto-api/`` (whose
``data.json`` lists every user's password and client secret; its recorder writes files and
fetches URLs), with CORS headers that let any web page the developer visits read the answers.
A developer's emulator is reachable from their browser, so this layer, in front of everything
else, lets through only Cognito's JSON operations, the pool key sets, the emulator's own
control paths and the paths added for Cognito features (:data:`COGNITO_PATHS`); it refuses a
``Host`` that is not loopback (a DNS-rebinding page names its own host), unless the server was
bound to another address on purpose; and it removes every ``Access-Control-*`` header.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from .handler import TARGET_PREFIX

__all__ = ["COGNITO_PATHS", "ServedSurface", "is_loopback"]

# Paths served besides the JSON operations (sent to "/" with an X-Amz-Target header).
COGNITO_PATHS: list[re.Pattern[str]] = [
    re.compile(r"/_emulator/[a-z_]+"),
    re.compile(r"/[\w-]+_[0-9A-Za-z]+/\.well-known/(jwks\.json|openid-configuration)"),
    # The managed login (oauth_endpoints.py).
    re.compile(r"/oauth2/(authorize|token|userInfo|revoke)"),
    re.compile(r"/(login|logout)"),
]

_LOOPBACK_NAMES = {"localhost", "::1", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address, without port or brackets) is this machine."""
    host = host.lower().rstrip(".")
    return (
        host in _LOOPBACK_NAMES or host.endswith(".localhost") or re.fullmatch(r"127(\.\d{1,3}){3}", host) is not None
    )


def _host_name(header: str) -> str:
    """The name in a ``Host`` header: without its port, and without the brackets of IPv6."""
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class ServedSurface:
    """WSGI middleware: answers 404 for anything but Cognito, 421 for a foreign ``Host``."""

    def __init__(self, app: Callable[..., Iterable[bytes]], *, any_host: bool = False) -> None:
        self.app = app
        self.any_host = any_host

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not self.any_host and not is_loopback(_host_name(environ.get("HTTP_HOST", ""))):
            return self._refuse(start_response, "421 Misdirected Request", "this emulator answers only on loopback")
        path = environ.get("PATH_INFO", "")
        cognito_call = path == "/" and environ.get("HTTP_X_AMZ_TARGET", "").startswith(TARGET_PREFIX)
        if not cognito_call and not any(p.fullmatch(path) for p in COGNITO_PATHS):
            return self._refuse(start_response, "404 Not Found", "this emulator serves only Cognito")

        def start_without_cors(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
            return start_response(status, kept, exc_info) if exc_info else start_response(status, kept)

        return self.app(environ, start_without_cors)

    @staticmethod
    def _refuse(start_response: Callable[..., Any], status: str, message: str) -> list[bytes]:
        body = json.dumps({"__type": "NotFound", "message": message}).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
