"""A minimal Cognito stand-in that answers canned JSON at once (HTTP/1.1 keep-alive), so a
benchmark measures the client rather than the server: ``python canned.py`` prints
``READY <port>``. Tokens in its answers are real RS256 JWTs signed with moto's test key, so
clients that verify them (mandate, pycognito, fastcognito's Cognito) can.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


def build_answers(tokens: dict[str, str]) -> dict[str, bytes]:
    now = time.time()
    attributes = [
        {"Name": "sub", "Value": "5e0349c3-b25e-4002-8aef-a7872d07d414"},
        {"Name": "email", "Value": "bench@example.com"},
        {"Name": "email_verified", "Value": "true"},
    ]
    auth = {
        "AuthenticationResult": {
            "AccessToken": tokens["access"],
            "IdToken": tokens["id"],
            "RefreshToken": "3f0b1c52-44d1-4bd0-9f0e-1b61e3c2a6a7",
            "ExpiresIn": 3600,
            "TokenType": "Bearer",
        },
        "ChallengeParameters": {},
    }
    answers = {
        "AdminGetUser": {
            "Username": "bench",
            "UserAttributes": attributes,
            "UserCreateDate": now,
            "UserLastModifiedDate": now,
            "Enabled": True,
            "UserStatus": "CONFIRMED",
        },
        "InitiateAuth": auth,
        "AdminInitiateAuth": auth,
    }
    return {op: json.dumps(body).encode() for op, body in answers.items()}


class Handler(asyncio.Protocol):
    answers: dict[str, bytes] = {}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = self.buffer[:head_end].decode("latin-1")
            length, target = 0, ""
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                lname = name.strip().lower()
                if lname == "content-length":
                    length = int(value.strip())
                elif lname == "x-amz-target":
                    target = value.strip().rsplit(".", 1)[-1]
            if len(self.buffer) < head_end + 4 + length:
                return
            self.buffer = self.buffer[head_end + 4 + length :]
            body = self.answers.get(target)
            if body is None:
                body = json.dumps({"__type": "UnsupportedOperationException", "message": target}).encode()
                status = b"400 Bad Request"
            else:
                status = b"200 OK"
            self.transport.write(  # type: ignore[attr-defined]
                b"HTTP/1.1 " + status + b"\r\nContent-Type: application/x-amz-json-1.1\r\n"
                b"x-amzn-requestid: canned\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )


async def main() -> None:
    tokens = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {"access": "a.b.c", "id": "a.b.c"}
    Handler.answers = build_answers(tokens)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Handler, "127.0.0.1", 0, backlog=2048)
    print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
