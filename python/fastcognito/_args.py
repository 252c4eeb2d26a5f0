"""Argument checks shared by the public classes: bad arguments fail with TypeError or
ValueError before anything is sent."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


INT32 = range(-(2**31), 2**31)


def enum_value(value: object, enum_name: str) -> str | None:
    """``enums.enum_value`` for the enum of that name in :mod:`fastcognito.enums`, which (with
    ``enum``) loads on the first call rather than when the package is imported."""
    from . import enums

    return enums.enum_value(value, getattr(enums, enum_name))


def lazy_enums(namespace: dict[str, Any], names: tuple[str, ...], name: str) -> object:
    """A module ``__getattr__``'s answer for the enums it re-exports (``names``): loaded from
    :mod:`fastcognito.enums` on first use and kept in ``namespace``, the module's globals."""
    if name not in names:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    from . import enums

    value = namespace[name] = getattr(enums, name)
    return value


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


def all_str(*values: Any) -> bool:
    return all(isinstance(v, str) for v in values)


ATTR_ERROR = "The key attributes should be a dictionary and value should be a string or number"


def dict_to_cognito(attributes: Any) -> list[tuple[str, str]]:
    """``{"email": "a@b", "custom:n": 5}`` as Cognito's name/value pairs; numbers and bools
    become strings ("5", "true")."""
    if not isinstance(attributes, dict):
        raise ValueError("attributes should be a dictionary.")
    pairs = []
    for key, value in attributes.items():
        if not isinstance(key, str) or not isinstance(value, (str, int, float)):
            raise ValueError(ATTR_ERROR)
        if isinstance(value, bool):
            value = str(value).lower()
        pairs.append((key, str(value)))
    return pairs


def require_str(**values: Any) -> None:
    for name, value in values.items():
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
