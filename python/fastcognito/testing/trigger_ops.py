"""The operations whose triggers moto never runs, answered here: moto does the work, then the
pool's triggers run as Cognito runs them (see :mod:`.triggers`). strict.py names each of
these as its ``op_<Operation>`` handler."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _moto
from ._moto import Pool, User
from .triggers import TriggerFault, pairs_to_dict

if TYPE_CHECKING:
    from .strict import Response, StrictCognito


def _pool(req: dict[str, Any]) -> Pool:
    pool = _moto.find_pool(str(req.get("UserPoolId", "")))
    if pool is None:
        raise TriggerFault("ResourceNotFoundException", f"User pool {req.get('UserPoolId')} does not exist.")
    return pool


def apply_pre_sign_up(user: User, decision: dict[str, Any]) -> bool:
    """Does what PreSignUp answered (auto-confirm, auto-verify); True if the user is now confirmed."""
    for flag, name in (("autoVerifyEmail", "email"), ("autoVerifyPhone", "phone_number")):
        if decision.get(flag) is True and user.attributes.get(name):
            user.set_attribute(f"{name}_verified", "true")
    if decision.get("autoConfirmUser") is True and user.is_unconfirmed:
        user.mark_confirmed()
        return True
    return False


def admin_confirm_sign_up(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    resp = strict.forward(environ, req)
    if resp[0] == 200:
        pool = _pool(req)
        user = strict.user_of(pool, str(req.get("Username", "")))
        strict.triggers.post_confirmation(pool, user, "PostConfirmation_ConfirmSignUp", None, req.get("ClientMetadata"))
    return resp


def admin_create_user(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    pool = _pool(req)
    decision = strict.triggers.pre_sign_up(pool, str(req.get("Username", "")), "PreSignUp_AdminCreateUser", None, req)
    resp = strict.forward(environ, req)
    if resp[0] != 200:
        return resp
    user = strict.user_of(pool, str(req.get("Username", "")))
    apply_pre_sign_up(user, decision)
    if req.get("MessageAction") != "SUPPRESS":
        strict.triggers.custom_message(pool, user, "CustomMessage_AdminCreateUser", None, req.get("ClientMetadata"))
    return resp


def _attribute_update(
    strict: StrictCognito, pool: Pool, user: User, client_id: str | None, req: dict[str, Any]
) -> None:
    """A changed email or phone number is sent a code: CustomMessage_UpdateUserAttribute."""
    changed = pairs_to_dict(req.get("UserAttributes"))
    if any(name in changed for name in ("email", "phone_number")):
        strict.triggers.custom_message(
            pool, user, "CustomMessage_UpdateUserAttribute", client_id, req.get("ClientMetadata")
        )


def admin_update_user_attributes(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    resp = strict.forward(environ, req)
    if resp[0] == 200:
        pool = _pool(req)
        _attribute_update(strict, pool, strict.user_of(pool, str(req.get("Username", ""))), None, req)
    return resp


def update_user_attributes(strict: StrictCognito, environ: dict[str, Any], req: dict[str, Any]) -> Response:
    pool, user = strict.token_owner(str(req.get("AccessToken", "")))
    client_id = pool.access_token_client(str(req.get("AccessToken", "")))
    resp = strict.forward(environ, req)
    if resp[0] == 200:
        _attribute_update(strict, pool, user, client_id, req)
    return resp
