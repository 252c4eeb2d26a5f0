"""Remembered devices in the emulator (moto has none): the devices each sign-in makes, what
ConfirmDevice stored for them, their remembered status, and the refresh tokens bound to them.

A pool remembers devices when it has a ``DeviceConfiguration`` (the setup option
``device_tracking``, or CreateUserPool/UpdateUserPool as Cognito takes it, which moto keeps):
``DeviceOnlyRememberedOnUserPrompt`` false remembers a device as soon as ConfirmDevice stores
its verifier, true leaves that to UpdateDeviceStatus; ``ChallengeRequiredOnNewDevice`` true
lets a remembered device sign in in place of MFA.

Every sign-in finished without a known device makes a new one (``NewDeviceMetadata``: its
DeviceKey and the user's DeviceGroupKey); it is tracked, listed and usable for device SRP only
once confirmed. The operations on devices are in device_ops.py, the device challenges in
device_srp.py, and where a sign-in meets them in sign_in_watch.py.
"""

from __future__ import annotations

import base64
import json
import secrets
import string
import time
import uuid
from dataclasses import dataclass
from typing import Any

from ._moto import Pool
from .fault import Fault

__all__ = ["Device", "Devices", "tracking_config"]

#: The setup option ``device_tracking``: the DeviceOnlyRememberedOnUserPrompt it stands for.
TRACKING_MODES = {"always": False, "user_opt_in": True}


def tracking_config(mode: Any, challenge_required: Any) -> dict[str, bool] | None:
    """The DeviceConfiguration of the setup options (None: the pool remembers no device)."""
    if mode is None:
        return None
    if mode not in TRACKING_MODES:
        raise ValueError(f"device_tracking must be None, 'always' or 'user_opt_in', not {mode!r}")
    return {
        "ChallengeRequiredOnNewDevice": True if challenge_required is None else bool(challenge_required),
        "DeviceOnlyRememberedOnUserPrompt": TRACKING_MODES[mode],
    }


@dataclass
class Device:
    pool_id: str
    username: str
    key: str
    group_key: str
    created: float
    modified: float
    confirmed: bool = False
    remembered: bool = False
    verifier: int = 0
    salt: int = 0
    name: str | None = None
    last_authenticated: float | None = None
    last_ip: str | None = None

    def describe(self) -> dict[str, Any]:
        """Cognito's DeviceType."""
        attributes = [
            {"Name": "device_status", "Value": "valid"},
            {"Name": "dev:device_remembered_status", "Value": "remembered" if self.remembered else "not_remembered"},
        ]
        if self.name is not None:
            attributes.append({"Name": "device_name", "Value": self.name})
        if self.last_ip is not None:
            attributes.append({"Name": "last_ip_used", "Value": self.last_ip})
        found: dict[str, Any] = {
            "DeviceKey": self.key,
            "DeviceAttributes": attributes,
            "DeviceCreateDate": self.created,
            "DeviceLastModifiedDate": self.modified,
        }
        if self.last_authenticated is not None:
            found["DeviceLastAuthenticatedDate"] = self.last_authenticated
        return found


def _unpadded(value: Any, member: str) -> int:
    """A number sent as base64 of its (padded) big-endian bytes, as ConfirmDevice sends them."""
    try:
        raw = base64.b64decode(str(value), validate=True)
    except ValueError:
        raw = b""
    if not raw or not int.from_bytes(raw, "big"):
        raise Fault("InvalidParameterException", f"DeviceSecretVerifierConfig.{member} is not a valid value.")
    return int.from_bytes(raw, "big")


class Devices:
    """Every pool's devices (guarded by strict's lock)."""

    def __init__(self) -> None:
        self.devices: dict[tuple[str, str], Device] = {}  # (pool id, device key) -> device
        self.group_keys: dict[tuple[str, str], str] = {}  # (pool id, username) -> DeviceGroupKey
        self.bound: dict[str, tuple[str, str]] = {}  # refresh token -> (pool id, device key)

    def reset(self) -> None:
        self.devices.clear()
        self.group_keys.clear()
        self.bound.clear()

    # ---- the pool's settings ----------------------------------------------------------------
    @staticmethod
    def tracking(pool: Pool) -> dict[str, Any] | None:
        return pool.device_configuration

    def skips_mfa(self, pool: Pool, device: Device) -> bool:
        """A remembered device signs in in place of MFA when the pool says so."""
        config = self.tracking(pool) or {}
        return device.remembered and bool(config.get("ChallengeRequiredOnNewDevice"))

    # ---- devices ----------------------------------------------------------------------------
    def new_device(self, pool: Pool, username: str, ip: str | None) -> Device:
        group = self.group_keys.get((pool.id, username))
        if group is None:
            alphabet = string.ascii_letters + string.digits
            group = "-" + "".join(secrets.choice(alphabet) for _ in range(9))
            self.group_keys[(pool.id, username)] = group
        now = time.time()
        region = pool.id.split("_", 1)[0]
        device = Device(pool.id, username, f"{region}_{uuid.uuid4()}", group, now, now, last_ip=ip)
        self.devices[(pool.id, device.key)] = device
        return device

    def confirmed(self, pool: Pool, username: str, key: str | None) -> Device | None:
        """The user's confirmed device ``key`` (None for an unknown, forgotten or unconfirmed key,
        which a sign-in ignores)."""
        device = self.devices.get((pool.id, key or ""))
        if device is None or device.username != username or not device.confirmed:
            return None
        return device

    def of_user(self, pool: Pool, username: str, key: str) -> Device:
        """A device the operations may act on: the user's, confirmed."""
        device = self.confirmed(pool, username, key)
        if device is None:
            raise Fault("ResourceNotFoundException", "Device does not exist.")
        return device

    def confirm(self, pool: Pool, username: str, req: dict[str, Any]) -> dict[str, Any]:
        """ConfirmDevice, for the owner of its access token."""
        config = self.tracking(pool)
        device = self.devices.get((pool.id, str(req.get("DeviceKey") or "")))
        if config is None or device is None or device.username != username:
            raise Fault("ResourceNotFoundException", "Device does not exist.")
        if device.confirmed:
            raise Fault("DeviceKeyExistsException", "Device key already exists.")
        verifier_config = req.get("DeviceSecretVerifierConfig")
        if not isinstance(verifier_config, dict):
            raise Fault("InvalidParameterException", "DeviceSecretVerifierConfig is required.")
        name = req.get("DeviceName")
        if name is not None and not 1 <= len(str(name)) <= 1024:
            raise Fault("InvalidParameterException", "DeviceName must be 1 to 1024 characters long.")
        device.verifier = _unpadded(verifier_config.get("PasswordVerifier"), "PasswordVerifier")
        device.salt = _unpadded(verifier_config.get("Salt"), "Salt")
        device.name = str(name) if name is not None else None
        device.confirmed = True
        prompt = bool(config.get("DeviceOnlyRememberedOnUserPrompt"))
        device.remembered = not prompt
        device.modified = time.time()
        return {"UserConfirmationNecessary": prompt}

    def set_status(self, pool: Pool, username: str, key: str, status: Any) -> None:
        if status not in ("remembered", "not_remembered"):
            raise Fault(
                "InvalidParameterException",
                "DeviceRememberedStatus must be one of remembered, not_remembered.",
            )
        device = self.of_user(pool, username, key)
        device.remembered = status == "remembered"
        device.modified = time.time()

    def forget(self, pool: Pool, username: str, key: str) -> None:
        device = self.of_user(pool, username, key)
        del self.devices[(pool.id, device.key)]

    def listing(self, pool: Pool, username: str, limit: Any, token: Any) -> dict[str, Any]:
        """ListDevices / AdminListDevices: the user's confirmed devices, oldest first, a page at
        a time (Limit 0 to 60; 0 or none: 60)."""
        if limit is not None and (not isinstance(limit, int) or not 0 <= limit <= 60):
            raise Fault("InvalidParameterException", "Limit must be between 0 and 60.")
        size = limit or 60
        found = sorted(
            (d for d in self.devices.values() if d.pool_id == pool.id and d.username == username and d.confirmed),
            key=lambda d: (d.created, d.key),
        )
        start = 0
        if token:
            try:
                after = json.loads(base64.urlsafe_b64decode(str(token)))["after"]
                start = next(i for i, d in enumerate(found) if d.key == after) + 1
            except (ValueError, KeyError, TypeError, StopIteration):
                raise Fault("InvalidParameterException", "Invalid pagination token.") from None
        page = found[start : start + size]
        answer: dict[str, Any] = {"Devices": [d.describe() for d in page]}
        if start + size < len(found):
            answer["PaginationToken"] = base64.urlsafe_b64encode(json.dumps({"after": page[-1].key}).encode()).decode()
        return answer

    # ---- refresh tokens bound to a device ---------------------------------------------------
    def bind(self, refresh_token: str, device: Device) -> None:
        self.bound[refresh_token] = (device.pool_id, device.key)

    def bound_device(self, refresh_token: str) -> Device | None:
        where = self.bound.get(refresh_token)
        return self.devices.get(where) if where else None

    def check_refresh(self, refresh_token: str, device_key: Any) -> Device | None:
        """A refresh of tokens bound to a confirmed device must name it (Cognito refuses it
        otherwise); returns the device the refreshed tokens belong to, if any."""
        device = self.bound_device(refresh_token)
        if device is not None and device.confirmed and device_key != device.key:
            raise Fault("NotAuthorizedException", "Invalid Refresh Token")
        return device
