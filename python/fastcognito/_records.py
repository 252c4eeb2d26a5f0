"""Small result types: cognitopy's models (without pydantic) and a list that carries a
pagination token."""

from __future__ import annotations

from ._hints import hinted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, ClassVar, TypeVar

    _T = TypeVar("_T")

__all__ = ["Record", "CodeDeliveryDetails", "CodeDeliveryDetailsSchema", "UserRegister", "PagedList"]


def __getattr__(name: str) -> object:
    # _T, for PagedList's annotations evaluated at run time (see _hints): made with typing then.
    if name == "_T":
        from typing import TypeVar

        value = globals()[name] = TypeVar("_T")
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Record:
    """A value object built from AWS-style keys (``UserSub``) or field names (``user_id``).

    Like cognitopy's pydantic models: unknown keys are ignored, ``==`` compares fields, and
    :meth:`model_dump` returns the fields as a dict.
    """

    # (field name, alias, nested record type or None, required)
    _fields: ClassVar[tuple[tuple[str, str, type[Record] | None, bool], ...]] = ()

    def __init__(self, **data: Any) -> None:
        for name, alias, nested, required in self._fields:
            if alias in data:
                value = data[alias]
            elif name in data:
                value = data[name]
            elif required:
                raise TypeError(f"{type(self).__name__} needs {alias!r}")
            else:
                value = None
            if nested is not None and isinstance(value, dict):
                value = nested(**value)
            object.__setattr__(self, name, value)

    def model_dump(self, *, by_alias: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, alias, _nested, _required in self._fields:
            value = getattr(self, name)
            if isinstance(value, Record):
                value = value.model_dump(by_alias=by_alias)
            out[alias if by_alias else name] = value
        return out

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    __hash__ = None  # type: ignore[assignment]  # mutable-looking value object, as pydantic's

    def __repr__(self) -> str:
        fields = " ".join(f"{name}={getattr(self, name)!r}" for name, *_ in self._fields)
        return f"{type(self).__name__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


class CodeDeliveryDetails(Record):
    destination: str
    delivery_medium: str
    attribute_name: str
    _fields = (
        ("destination", "Destination", None, False),
        ("delivery_medium", "DeliveryMedium", None, False),
        ("attribute_name", "AttributeName", None, False),
    )


class CodeDeliveryDetailsSchema(Record):
    delivery_details: CodeDeliveryDetails | None
    _fields = (("delivery_details", "CodeDeliveryDetails", CodeDeliveryDetails, False),)


class UserRegister(Record):
    """What ``register`` returns. ``delivery_details`` is None when Cognito sent no code
    (an auto-confirmed user, or a pool with no auto-verified attribute)."""

    confirmed: bool
    delivery_details: CodeDeliveryDetails | None
    user_id: str
    _fields = (
        ("confirmed", "UserConfirmed", None, True),
        ("delivery_details", "CodeDeliveryDetails", CodeDeliveryDetails, False),
        ("user_id", "UserSub", None, True),
    )


class PagedList(list["_T"]):  # a str at run time: _T (typing) is for type checkers
    """A list of one page of results that also answers ``["NextToken"]`` and ``.next_token``
    (None on the last page)."""

    next_token: str | None

    def __init__(self, items: Iterable[_T] = (), next_token: str | None = None) -> None:
        super().__init__(items)
        self.next_token = next_token

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            if key == "NextToken":
                return self.next_token
            raise KeyError(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self.next_token if key == "NextToken" and self.next_token is not None else default

    def __repr__(self) -> str:
        return f"PagedList({list.__repr__(self)}, next_token={self.next_token!r})"


def token_dict(auth: Any) -> dict[str, Any]:
    """Cognito's AuthenticationResult as the dict ``login`` returns (cognitopy's keys, plus
    ``id_token``, ``expires_in`` and ``token_type``; and ``new_device``, ``{device_key,
    device_group_key}``, when Cognito handed out a device to confirm)."""
    tokens = {
        "access_token": auth.get("AccessToken"),
        "refresh_token": auth.get("RefreshToken"),
        "id_token": auth.get("IdToken"),
        "expires_in": auth.get("ExpiresIn"),
        "token_type": auth.get("TokenType"),
    }
    meta = auth.get("NewDeviceMetadata")
    if meta and meta.get("DeviceKey"):
        tokens["new_device"] = {"device_key": meta["DeviceKey"], "device_group_key": meta.get("DeviceGroupKey")}
    return tokens


hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
