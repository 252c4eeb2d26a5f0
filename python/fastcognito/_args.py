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


def checked_metadata(value: Any) -> dict[str, str] | None:
    """None, or a copy of a dict of str to str (Cognito's ``ClientMetadata``, handed to the
    pool's Lambda triggers); TypeError otherwise."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"client_metadata must be a dict of str to str or None, not {type(value).__name__}")
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise TypeError("client_metadata must be a dict of str to str: every key and value a str")
    return dict(value)
