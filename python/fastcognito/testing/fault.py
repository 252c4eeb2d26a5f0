"""A Cognito error answer, and the shape of every answer the emulator builds.

Its own module so that the modules strict.py imports, and those that import strict.py lazily,
can all raise it without an import cycle (strict.py re-exports both names).
"""

from __future__ import annotations

import json

Response = tuple[int, dict[str, str], bytes]


class Fault(Exception):
    """A Cognito error answer."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status

    def response(self) -> Response:
        body = json.dumps({"__type": self.code, "message": self.message}).encode()
        return self.status, {"Content-Type": "application/x-amz-json-1.1", "X-Amzn-ErrorType": self.code}, body
