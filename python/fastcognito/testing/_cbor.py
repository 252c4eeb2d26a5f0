"""The little CBOR (RFC 8949) WebAuthn needs: integers, byte and text strings, arrays, maps,
booleans and null; definite lengths only. Maps are encoded in CTAP2's canonical order (shorter
encoded key first, then bytewise), which is what authenticators send and COSE keys use.

The decoder is for what a client sends the emulator: it refuses indefinite lengths, floats,
tags, trailing bytes, lengths past the end and nesting deeper than a credential ever needs.
"""

from __future__ import annotations

import struct
from typing import Any

__all__ = ["CBORError", "encode", "decode", "decode_first"]

_MAX_DEPTH = 16


class CBORError(ValueError):
    """Bytes that are not the CBOR this module reads."""


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, n)
    raise CBORError("integer too large for CBOR")


def encode(value: Any) -> bytes:
    """``value`` as CBOR."""
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, (bytes, bytearray)):
        return _head(2, len(value)) + bytes(value)
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    if isinstance(value, (list, tuple)):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        items = sorted(((encode(k), encode(v)) for k, v in value.items()), key=lambda kv: (len(kv[0]), kv[0]))
        return _head(5, len(items)) + b"".join(k + v for k, v in items)
    raise CBORError(f"cannot encode a {type(value).__name__} as CBOR")


def decode_first(data: bytes) -> tuple[Any, bytes]:
    """The first CBOR item of ``data`` and the bytes after it."""
    value, end = _item(bytes(data), 0, 0)
    return value, bytes(data[end:])


def decode(data: bytes) -> Any:
    """The one CBOR item ``data`` holds (trailing bytes are refused)."""
    value, rest = decode_first(data)
    if rest:
        raise CBORError("trailing bytes after the CBOR item")
    return value


def _item(data: bytes, pos: int, depth: int) -> tuple[Any, int]:
    if depth > _MAX_DEPTH:
        raise CBORError("CBOR nested too deep")
    if pos >= len(data):
        raise CBORError("CBOR item truncated")
    major, info = data[pos] >> 5, data[pos] & 0x1F
    pos += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise CBORError("unsupported CBOR simple value or float")
        return simple[info], pos
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        if pos + size > len(data):
            raise CBORError("CBOR item truncated")
        n = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    else:
        raise CBORError("indefinite or reserved CBOR length")
    if major == 0:
        return n, pos
    if major == 1:
        return -1 - n, pos
    if major in (2, 3):
        if pos + n > len(data):
            raise CBORError("CBOR string runs past the end")
        raw = data[pos : pos + n]
        if major == 2:
            return raw, pos + n
        try:
            return raw.decode(), pos + n
        except UnicodeDecodeError:
            raise CBORError("CBOR text string is not UTF-8") from None
    if major == 4:
        if n > len(data) - pos:
            raise CBORError("CBOR array longer than its data")
        items = []
        for _ in range(n):
            value, pos = _item(data, pos, depth + 1)
            items.append(value)
        return items, pos
    if major == 5:
        if n > len(data) - pos:
            raise CBORError("CBOR map longer than its data")
        result: dict[Any, Any] = {}
        for _ in range(n):
            key, pos = _item(data, pos, depth + 1)
            if isinstance(key, (list, dict)):
                raise CBORError("CBOR map key must be a scalar")
            if key in result:
                raise CBORError("duplicate CBOR map key")
            result[key], pos = _item(data, pos, depth + 1)
        return result, pos
    raise CBORError("CBOR tags are not supported")
