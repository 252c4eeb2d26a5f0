"""The device operations (moto has none), answered from devices.py's store: ConfirmDevice,
ListDevices, GetDevice, UpdateDeviceStatus, ForgetDevice for the owner of an access token,
and AdminListDevices, AdminGetDevice, AdminUpdateDeviceStatus, AdminForgetDevice for a user
of a pool. strict.py names each of these as its ``op_<Operation>`` handler.

As Cognito: a bad access token is NotAuthorizedException, a device key that is not one of the
user's confirmed devices ResourceNotFoundException, a second ConfirmDevice of a key
DeviceKeyExistsException, a Limit out of 0 to 60 InvalidParameterException.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _moto
from ._moto import Pool
from .fault import Fault

if TYPE_CHECKING:
    from .strict import Response, StrictCognito


def _owner(strict: StrictCognito, req: dict[str, Any]) -> tuple[Pool, str]:
    pool, user = strict.token_owner(str(req.get("AccessToken") or ""))
    return pool, user.username


def _admin_user(req: dict[str, Any]) -> tuple[Pool, str]:
    pool = _moto.find_pool(str(req.get("UserPoolId") or ""))
    if pool is None:
        raise Fault("ResourceNotFoundException", f"User pool {req.get('UserPoolId')} does not exist.")
    user = pool.user(str(req.get("Username") or ""))
    if user is None:
        raise Fault("UserNotFoundException", "User does not exist.")
    return pool, user.username


def _key(req: dict[str, Any]) -> str:
    key = req.get("DeviceKey")
    if not key:
        raise Fault("InvalidParameterException", "Missing required parameter DeviceKey")
    return str(key)


def confirm_device(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    pool, username = _owner(strict, req)
    return strict.json_response(strict.devices.confirm(pool, username, req))


def _list(strict: StrictCognito, pool: Pool, username: str, req: dict[str, Any]) -> Response:
    return strict.json_response(strict.devices.listing(pool, username, req.get("Limit"), req.get("PaginationToken")))


def _get(strict: StrictCognito, pool: Pool, username: str, req: dict[str, Any]) -> Response:
    return strict.json_response({"Device": strict.devices.of_user(pool, username, _key(req)).describe()})


def _status(strict: StrictCognito, pool: Pool, username: str, req: dict[str, Any]) -> Response:
    strict.devices.set_status(pool, username, _key(req), req.get("DeviceRememberedStatus"))
    return strict.json_response({})


def _forget(strict: StrictCognito, pool: Pool, username: str, req: dict[str, Any]) -> Response:
    strict.devices.forget(pool, username, _key(req))
    return strict.json_response({})


def list_devices(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    return _list(strict, *_owner(strict, req), req)


def get_device(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    return _get(strict, *_owner(strict, req), req)


def update_device_status(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    return _status(strict, *_owner(strict, req), req)


def forget_device(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    return _forget(strict, *_owner(strict, req), req)


def admin_list_devices(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    return _list(strict, *_admin_user(req), req)


def admin_get_device(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    return _get(strict, *_admin_user(req), req)


def admin_update_device_status(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    return _status(strict, *_admin_user(req), req)


def admin_forget_device(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    return _forget(strict, *_admin_user(req), req)
