"""Argument checks shared by the public classes: bad arguments fail with TypeError or
ValueError before anything is sent."""

from __future__ import annotations

from typing import Any

INT32 = range(-(2**31), 2**31)


def optional_int32(value: Any, message: str) -> int | None:
    """None, or an int that fits Cognito's 32-bit integers; ValueError(message) otherwise."""
    if value is None:
        return None
    if not isinstance(value, int) or int(value) not in INT32:
        raise ValueError(message)
    return int(value)
