"""A loopback HTTP server whose misbehaviour each test chooses, for fault tests."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field


@dataclass
class FaultServer:
    """``mode`` is one of: "status" (answer ``status`` with ``body``), "close_mid" (send half
    an answer, then close), "silent" (accept, never answer)."""

    mode: str = "status"
    status: int = 500
    body: bytes = b""
    content_type: str = "application/x-amz-json-1.1"
    requests: int = 0
    _sock: socket.socket = field(default_factory=socket.socket)
    _stop: threading.Event = field(default_factory=threading.Event)
    _conns: list[socket.socket] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def start(self) -> FaultServer:
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.1)
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for conn in self._conns:
            conn.close()
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self._conns.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _read_request(self, conn: socket.socket) -> bool:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            rest += chunk
        self.requests += 1
        return True

    def _handle(self, conn: socket.socket) -> None:
        try:
            while not self._stop.is_set() and self._read_request(conn):
                if self.mode == "silent":
                    self._stop.wait()
                    return
                if self.mode == "close_mid":
                    conn.sendall(
                        b'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 500\r\n\r\n{"Auth'
                    )
                    conn.close()
                    return
                reason = {200: b"OK", 400: b"Bad Request", 500: b"Internal Server Error", 503: b"Service Unavailable"}
                conn.sendall(
                    b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s"
                    % (
                        self.status,
                        reason.get(self.status, b"X"),
                        self.content_type.encode(),
                        len(self.body),
                        self.body,
                    )
                )
        except OSError:
            pass
        finally:
            conn.close()
