"""Remembered devices: :class:`Device` (what the app keeps to sign in with a device it
trusts), the plan mixins :class:`DevicePlans` (cognitopy family: the access token or username
is an argument) and :class:`MandateDevicePlans` (mandate's: the object's), and
:func:`answer_device`, which the sign-in plans call to answer Cognito's device challenges.

The flow: a sign-in on a pool that tracks devices returns ``NewDeviceMetadata`` (the
``new_device`` of the result); ``confirm_device`` makes the device's secret in Rust, sends its
SRP verifier (ConfirmDevice) and, with ``remember=True``, remembers it where the pool waits for
the user's say (UpdateDeviceStatus). The next sign-in with ``device=`` sends the DEVICE_KEY;
Cognito then skips MFA for a remembered device and asks DEVICE_SRP_AUTH and
DEVICE_PASSWORD_VERIFIER, which :func:`answer_device` answers with SRP in Rust.
"""

from __future__ import annotations

from ._args import optional_int32
from ._calls import Twinned, plan
from ._hints import hinted
from ._records import PagedList, token_dict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    from . import _core
    from ._calls import Plan
    from ._context import UserContext
    from ._core import InitiateAuthDict

__all__ = [
    "Device",
    "DevicePlans",
    "MandateDevicePlans",
    "answer_device",
    "checked_device",
    "with_device_key",
]

_FIELDS = ("device_key", "device_group_key", "device_password")


class Device:
    """A confirmed device: its ``device_key`` and ``device_group_key`` (from Cognito) and the
    ``device_password`` made for it by :meth:`~fastcognito.CognitoPy.confirm_device`. Store all
    three (``to_dict()``, ``Device.from_dict()``) as securely as a refresh token: together they
    let a sign-in skip MFA. The repr never shows the password."""

    # A frozen value (equal and hashed by its three fields), written out rather than made by
    # dataclasses, whose import alone costs a fresh process more than this package.
    __slots__ = _FIELDS
    __match_args__ = ("device_key", "device_group_key", "device_password")

    device_key: str
    device_group_key: str
    device_password: str

    def __init__(self, device_key: str, device_group_key: str, device_password: str) -> None:
        for name, value in zip(_FIELDS, (device_key, device_group_key, device_password), strict=True):
            if not isinstance(value, str):
                raise TypeError(f"{name} must be a str, not {type(value).__name__}")
            if not value:
                raise ValueError(f"{name} must not be empty")
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a Device is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a Device is frozen")

    def _fields(self) -> tuple[str, str, str]:
        return (self.device_key, self.device_group_key, self.device_password)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__ or not isinstance(other, Device):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self) -> tuple[type[Device], tuple[str, str, str]]:
        return (self.__class__, self._fields())

    def to_dict(self) -> dict[str, str]:
        """``{"device_key", "device_group_key", "device_password"}``, for storage."""
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Device:
        """The device ``to_dict()`` returned (other keys are ignored)."""
        from collections.abc import Mapping

        if not isinstance(data, Mapping):
            raise TypeError(f"Device.from_dict needs a mapping, not {type(data).__name__}")
        missing = [name for name in _FIELDS if name not in data]
        if missing:
            raise ValueError(f"Device.from_dict: missing {', '.join(missing)}")
        return cls(data["device_key"], data["device_group_key"], data["device_password"])

    def __repr__(self) -> str:
        return f"Device(device_key={self.device_key!r}, device_group_key={self.device_group_key!r})"


def checked_device(device: Any, error: type[Exception] = TypeError) -> Device | None:
    """None or a :class:`Device`; ``error`` (the family's argument error) otherwise."""
    if device is not None and not isinstance(device, Device):
        raise error(f"device must be a fastcognito.Device or None, not {type(device).__name__}")
    return device


def with_device_key(params: dict[str, str], device: Device | None) -> dict[str, str]:
    """``params`` with the device's DEVICE_KEY, when there is a device."""
    if device is not None:
        params["DEVICE_KEY"] = device.device_key
    return params


def answer_device(
    core: _core.CoreClient,
    result: InitiateAuthDict,
    device: Device | None,
    username: str | None,
    *,
    admin: bool,
    client_metadata: dict[str, str] | None = None,
    context: UserContext | None = None,
) -> Plan[InitiateAuthDict]:
    """``result``, or, when it is Cognito's DEVICE_SRP_AUTH challenge and there is a device,
    the outcome of answering it and DEVICE_PASSWORD_VERIFIER (one core call, SRP in Rust).
    ``username``: the internal username, unless the challenge names it; ``context`` goes with
    both answers."""
    if result.get("ChallengeName") != "DEVICE_SRP_AUTH" or device is None:
        return result
    params = result.get("ChallengeParameters") or {}
    internal = params.get("USERNAME") or params.get("USER_ID_FOR_SRP") or username or ""
    srp = core.admin_device_srp_auth if admin else core.device_srp_auth
    answered: InitiateAuthDict = yield from srp(
        internal,
        result.get("Session"),
        device.device_key,
        device.device_group_key,
        device.device_password,
        client_metadata,
        context,
    )
    return answered


def _key_of(device_key: Any, error: type[Exception]) -> str:
    """A device key given as a str or a :class:`Device`."""
    if isinstance(device_key, Device):
        return device_key.device_key
    if not isinstance(device_key, str) or not device_key:
        raise error("The device_key should be a non-empty string (or a Device).")
    return device_key


def _page_args(limit: Any, next_token: Any, error: type[Exception]) -> tuple[int | None, str | None]:
    limit = optional_int32(limit, "The limit should be an integer.")
    if limit is not None and not 0 <= limit <= 60:
        raise error("The limit should be between 0 and 60.")
    if next_token is not None and not isinstance(next_token, str):
        raise error("The next_token should be a string.")
    return limit, next_token or None


def _devices_page(page: Any) -> PagedList[dict[str, Any]]:
    return PagedList([dict(d) for d in page["Devices"]], page.get("PaginationToken"))


def _confirm(
    core: _core.CoreClient,
    access_token: str,
    device_key: str,
    device_group_key: str,
    device_name: str | None,
    remember: bool,
) -> Plan[Device]:
    confirmed = yield from core.confirm_device(access_token, device_key, device_group_key, device_name)
    if remember and confirmed["UserConfirmationNecessary"]:
        yield from core.update_device_status(access_token, device_key, True)
    return Device(confirmed["DeviceKey"], confirmed["DeviceGroupKey"], confirmed["DevicePassword"])


class DevicePlans(Twinned):
    """The cognitopy family's device methods (stateless)."""

    __slots__ = ()
    _core: _core.CoreClient

    @staticmethod
    def _token(access_token: Any) -> str:
        if not isinstance(access_token, str) or not access_token:
            raise ValueError("The access_token should be a string.")
        return access_token

    @staticmethod
    def _user(username: Any) -> str:
        if not isinstance(username, str) or not username:
            raise ValueError("The username should be a string.")
        return username

    @plan
    def confirm_device(
        self,
        access_token: str,
        device_key: str,
        device_group_key: str,
        *,
        device_name: str | None = None,
        remember: bool = True,
    ) -> Plan[Device]:
        """Confirms the device a sign-in returned (its ``new_device``): makes the device's
        secret, sends its verifier (ConfirmDevice) and, with ``remember`` where the pool waits
        for the user's say, remembers it (UpdateDeviceStatus). The :class:`Device` to keep
        and pass as ``device=`` to later sign-ins."""
        if not isinstance(device_key, str) or not isinstance(device_group_key, str):
            raise ValueError("The device_key and device_group_key should be strings.")
        if device_name is not None and not isinstance(device_name, str):
            raise ValueError("The device_name should be a string.")
        if not isinstance(remember, bool):
            raise ValueError("remember should be a bool.")
        token = self._token(access_token)
        return (yield from _confirm(self._core, token, device_key, device_group_key, device_name, remember))

    @plan
    def list_devices(
        self, access_token: str, limit: int | None = None, next_token: str | None = None
    ) -> Plan[PagedList[dict[str, Any]]]:
        """One page of the user's devices (ListDevices), as Cognito describes them
        (``DeviceKey``, ``DeviceAttributes``...); ``.next_token`` fetches the next."""
        token = self._token(access_token)
        limit, next_token = _page_args(limit, next_token, ValueError)
        return _devices_page((yield from self._core.list_devices(token, limit, next_token)))

    @plan
    def get_device(self, access_token: str, device_key: str | Device) -> Plan[dict[str, Any]]:
        """One of the user's devices (GetDevice)."""
        token, key = self._token(access_token), _key_of(device_key, ValueError)
        result = yield from self._core.get_device(token, key)
        return dict(result.get("Device") or {})

    @plan
    def update_device_status(self, access_token: str, device_key: str | Device, remembered: bool) -> Plan[None]:
        """Remembers the device (``remembered=True``) or not (UpdateDeviceStatus)."""
        token, key = self._token(access_token), _key_of(device_key, ValueError)
        if not isinstance(remembered, bool):
            raise ValueError("remembered should be a bool.")
        yield from self._core.update_device_status(token, key, remembered)

    @plan
    def forget_device(self, access_token: str, device_key: str | Device) -> Plan[None]:
        """Forgets the device (ForgetDevice): its next sign-in needs MFA again."""
        token, key = self._token(access_token), _key_of(device_key, ValueError)
        yield from self._core.forget_device(token, key)

    @plan
    def admin_list_devices(
        self, username: str, limit: int | None = None, next_token: str | None = None
    ) -> Plan[PagedList[dict[str, Any]]]:
        """One page of a user's devices (AdminListDevices); ``.next_token`` fetches the next."""
        name = self._user(username)
        limit, next_token = _page_args(limit, next_token, ValueError)
        return _devices_page((yield from self._core.admin_list_devices(name, limit, next_token)))

    @plan
    def admin_get_device(self, username: str, device_key: str | Device) -> Plan[dict[str, Any]]:
        """One of a user's devices (AdminGetDevice)."""
        name, key = self._user(username), _key_of(device_key, ValueError)
        result = yield from self._core.admin_get_device(name, key)
        return dict(result.get("Device") or {})

    @plan
    def admin_update_device_status(self, username: str, device_key: str | Device, remembered: bool) -> Plan[None]:
        """Remembers a user's device or not (AdminUpdateDeviceStatus)."""
        name, key = self._user(username), _key_of(device_key, ValueError)
        if not isinstance(remembered, bool):
            raise ValueError("remembered should be a bool.")
        yield from self._core.admin_update_device_status(name, key, remembered)

    @plan
    def admin_forget_device(self, username: str, device_key: str | Device) -> Plan[None]:
        """Forgets a user's device (AdminForgetDevice)."""
        name, key = self._user(username), _key_of(device_key, ValueError)
        yield from self._core.admin_forget_device(name, key)


class MandateDevicePlans(Twinned):
    """mandate's family: the object's access token and username; ``confirm_device`` confirms
    the last sign-in's ``new_device`` by default and keeps the result as ``device``, which the
    object's later sign-ins and renewals use."""

    __slots__ = ()
    _core: _core.CoreClient
    access_token: str | None

    #: The last sign-in's ``NewDeviceMetadata`` (``{device_key, device_group_key}``) not yet
    #: confirmed, else None.
    new_device: dict[str, str] | None = None

    # From the host class (mandate's _CognitoPlans):
    _need_username: Callable[..., str]
    _need_access_token: Callable[[], str]

    @property
    def device(self) -> Device | None:
        """The remembered device this object signs in and renews with: set by
        ``confirm_device``, or by the app from what it stored (``cog.device =
        Device.from_dict(saved)``); None for none."""
        device: Device | None = vars(self).get("_fastcognito_device")
        return device

    @device.setter
    def device(self, device: Device | None) -> None:
        self._keep(_fastcognito_device=checked_device(device))

    def _keep(self, **values: Any) -> None:
        vars(self).update(values)  # the host's attributes (the mixin has no slots)

    def _note_new_device(self, auth: Mapping[str, Any]) -> None:
        """Keeps a sign-in's NewDeviceMetadata for ``confirm_device`` (a refresh has none)."""
        new = token_dict(auth).get("new_device")
        if new is not None:
            self._keep(new_device=new)

    def _device_key(self, device_key: Any) -> str:
        if device_key is None:
            if self.device is None:
                raise TypeError("device_key is needed: this object has no device")
            return self.device.device_key
        return _key_of(device_key, TypeError)

    @plan
    def confirm_device(
        self,
        device_key: str | None = None,
        device_group_key: str | None = None,
        *,
        device_name: str | None = None,
        remember: bool = True,
    ) -> Plan[Device]:
        """Confirms the device of the last sign-in (``new_device``, or the keys given; see
        CognitoPy.confirm_device) and keeps it as ``device`` for the next sign-ins."""
        new = self.new_device or {}
        key = device_key if device_key is not None else new.get("device_key")
        group = device_group_key if device_group_key is not None else new.get("device_group_key")
        if key is None or group is None:
            raise TypeError("no new device to confirm: sign in on a pool that tracks devices, or pass the keys")
        if not isinstance(key, str) or not isinstance(group, str):
            raise TypeError("device_key and device_group_key must be str")
        if device_name is not None and not isinstance(device_name, str):
            raise TypeError(f"device_name must be a str or None, not {type(device_name).__name__}")
        if not isinstance(remember, bool):
            raise TypeError(f"remember must be a bool, not {type(remember).__name__}")
        token = self._need_access_token()
        device = yield from _confirm(self._core, token, key, group, device_name, remember)
        self.device = device
        self._keep(new_device=None)
        return device

    @plan
    def list_devices(self, limit: int | None = None, next_token: str | None = None) -> Plan[PagedList[dict[str, Any]]]:
        """One page of the signed-in user's devices; ``.next_token`` fetches the next."""
        limit, next_token = _page_args(limit, next_token, TypeError)
        return _devices_page((yield from self._core.list_devices(self._need_access_token(), limit, next_token)))

    @plan
    def get_device(self, device_key: str | Device | None = None) -> Plan[dict[str, Any]]:
        """One of the signed-in user's devices (this object's ``device`` by default)."""
        key = self._device_key(device_key)
        result = yield from self._core.get_device(self._need_access_token(), key)
        return dict(result.get("Device") or {})

    @plan
    def update_device_status(self, device_key: str | Device | None, remembered: bool) -> Plan[None]:
        """Remembers a device of the signed-in user or not (None: this object's ``device``)."""
        key = self._device_key(device_key)
        if not isinstance(remembered, bool):
            raise TypeError(f"remembered must be a bool, not {type(remembered).__name__}")
        yield from self._core.update_device_status(self._need_access_token(), key, remembered)

    @plan
    def forget_device(self, device_key: str | Device | None = None) -> Plan[None]:
        """Forgets a device of the signed-in user (this object's ``device`` by default, which
        the object then no longer signs in with)."""
        key = self._device_key(device_key)
        yield from self._core.forget_device(self._need_access_token(), key)
        if self.device is not None and self.device.device_key == key:
            self.device = None

    @plan
    def admin_list_devices(
        self, limit: int | None = None, next_token: str | None = None, *, username: str | None = None
    ) -> Plan[PagedList[dict[str, Any]]]:
        """One page of the devices of ``username`` (this object's by default)."""
        name = self._need_username(username)
        limit, next_token = _page_args(limit, next_token, TypeError)
        return _devices_page((yield from self._core.admin_list_devices(name, limit, next_token)))

    @plan
    def admin_get_device(
        self, device_key: str | Device | None = None, *, username: str | None = None
    ) -> Plan[dict[str, Any]]:
        """One of the user's devices (this object's ``device`` by default), as an admin."""
        name, key = self._need_username(username), self._device_key(device_key)
        result = yield from self._core.admin_get_device(name, key)
        return dict(result.get("Device") or {})

    @plan
    def admin_update_device_status(
        self, device_key: str | Device | None, remembered: bool, *, username: str | None = None
    ) -> Plan[None]:
        """Remembers one of the user's devices or not, as an admin."""
        name, key = self._need_username(username), self._device_key(device_key)
        if not isinstance(remembered, bool):
            raise TypeError(f"remembered must be a bool, not {type(remembered).__name__}")
        yield from self._core.admin_update_device_status(name, key, remembered)

    @plan
    def admin_forget_device(self, device_key: str | Device | None = None, *, username: str | None = None) -> Plan[None]:
        """Forgets one of the user's devices (this object's ``device`` by default), as an admin."""
        name, key = self._need_username(username), self._device_key(device_key)
        yield from self._core.admin_forget_device(name, key)
        if self.device is not None and self.device.device_key == key:
            self.device = None


hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
