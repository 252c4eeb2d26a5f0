"""Runs the Python callables registered as Lambda triggers, in the test process.

The emulator runs in a child process; a callable cannot go there. So the test process
serves each registered callable at a loopback URL (a small threaded HTTP server, started
with the first :meth:`~fastcognito.testing.Emulator.set_trigger`) and the emulator POSTs the
trigger's event to it, as Cognito invokes a Lambda function. The callable receives the event
(a dict), fills in ``event["response"]`` and returns the event (or None: the event it was
given, changed in place, is then the answer). A coroutine function is run to completion in
the server's thread. An exception it raises becomes Cognito's UserLambdaValidationException
for the call that ran it.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import secrets
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: The triggers the emulator runs (Cognito's names).
TRIGGERS = (
    "PreSignUp",
    "PostConfirmation",
    "CustomMessage",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallengeResponse",
)

#: A trigger: the event in, the event (with its ``response``) or None out.
Trigger = Callable[[dict[str, Any]], Any]


async def _awaited(value: Any) -> Any:
    return await value


class TriggerHost:
    """The callables of one test process, each at ``<url>/<token>``."""

    def __init__(self) -> None:
        self._functions: dict[str, Trigger] = {}
        self._lock = threading.Lock()
        self._server: _Server | None = None

    def url_for(self, function: Trigger) -> str:
        """Serves ``function``; the URL the emulator calls it at."""
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._functions[token] = function
            if self._server is None:
                self._server = _Server(self)
                threading.Thread(target=self._server.serve_forever, name="fastcognito-triggers", daemon=True).start()
            port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}/{token}"

    def run(self, token: str, event: dict[str, Any]) -> tuple[int, Any]:
        """(HTTP status, answer) of the function at ``token`` for ``event``."""
        with self._lock:
            function = self._functions.get(token)
        if function is None:
            return 404, {"errorMessage": "no such trigger"}
        try:
            result = function(event)
            if inspect.isawaitable(result):
                result = asyncio.run(_awaited(result))
        except Exception as exc:  # the function failed: Cognito reports its message
            return 500, {"errorType": type(exc).__name__, "errorMessage": str(exc)}
        return 200, event if result is None else result

    def close(self) -> None:
        with self._lock:
            server, self._server = self._server, None
            self._functions.clear()
        if server is not None:
            server.shutdown()
            server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: TriggerHost) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.host = host


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        try:
            event = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            event = {}
        status, answer = self.server.host.run(self.path.strip("/"), event)
        try:
            body = json.dumps(answer).encode()
        except (TypeError, ValueError):
            status, body = 500, json.dumps({"errorMessage": "the trigger returned what JSON cannot hold"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: a test's output is not the place for these requests
