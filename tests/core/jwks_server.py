"""A key server on loopback whose answers each test chooses (status, body, delay), counting the
requests it gets: what the JWKS outage tests fetch from."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class JwksServer:
    """Answers every GET with ``status`` and ``body`` after ``delay`` seconds (cut short by
    :meth:`stop`). Use as a context manager."""

    def __init__(self, status: int = 500, body: bytes = b"", delay: float = 0.0) -> None:
        self.status, self.body, self.delay = status, body, delay
        self._lock = threading.Lock()
        self._requests = 0
        self._released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    server._requests += 1
                    status, body, delay = server.status, server.body, server.delay
                server._released.wait(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (its timeout) before the answer

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def requests(self) -> int:
        with self._lock:
            return self._requests

    def serve(self, status: int, body: bytes = b"", delay: float = 0.0) -> None:
        """Answers from now on with ``status`` and ``body``."""
        with self._lock:
            self.status, self.body, self.delay = status, body, delay

    def __enter__(self) -> JwksServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
