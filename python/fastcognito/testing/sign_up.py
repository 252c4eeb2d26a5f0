"""Sign-up, confirmation and password recovery in the strict emulator: SECRET_HASH checked as
Cognito checks it, and the confirmation and recovery codes generated here (moto accepts any
code), so a wrong one is refused. Each code sent runs the pool's CustomMessage trigger; a
confirmation its PostConfirmation trigger; a sign-up its PreSignUp trigger.
"""

from __future__ import annotations

from typing import Any

from . import _moto, trigger_ops
from .fault import Fault, Response
from .handler import Handler, delivery_details


class SignUp(Handler):
    def op_SignUp(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        decision = self.triggers.pre_sign_up(pool, req.get("Username", ""), "PreSignUp_SignUp", client.id, req)
        resp, data = self.forward_ok(environ, req)
        if resp[0] != 200:
            return resp
        user = pool.user(req["Username"])
        data.pop("CodeDeliveryDetails", None)
        if user is not None and trigger_ops.apply_pre_sign_up(user, decision):
            data["UserConfirmed"] = True
        if user is not None and user.is_unconfirmed:
            self.new_code(pool, user, "signup")
            details = delivery_details(user)
            if details:
                data["CodeDeliveryDetails"] = details
            self.triggers.custom_message(pool, user, "CustomMessage_SignUp", client.id, req.get("ClientMetadata"))
        return self.json_response(data)

    def op_ConfirmSignUp(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        user = self.user_of(pool, req.get("Username", ""))
        self.check_code(pool, user, "signup", req.get("ConfirmationCode"))
        resp = self.forward(environ, req)
        if resp[0] == 200:
            metadata = req.get("ClientMetadata")
            self.triggers.post_confirmation(pool, user, "PostConfirmation_ConfirmSignUp", client.id, metadata)
        return resp

    def op_ResendConfirmationCode(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        user = self.user_of(pool, req.get("Username", ""))
        if not user.is_unconfirmed:
            raise Fault("InvalidParameterException", "User is already confirmed.")
        self.new_code(pool, user, "signup")
        details = delivery_details(user)
        self.triggers.custom_message(pool, user, "CustomMessage_ResendCode", client.id, req.get("ClientMetadata"))
        return self.json_response({"CodeDeliveryDetails": details} if details else {})

    def op_ForgotPassword(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        user = pool.user(req.get("Username", ""))
        if user is not None and delivery_details(user) is None:
            raise Fault(
                "InvalidParameterException",
                "Cannot reset password for the user as there is no registered/verified email or phone_number",
            )
        resp, data = self.forward_ok(environ, req)
        if resp[0] != 200:
            return resp
        if user is not None:
            self.new_code(pool, user, "forgot")
            details = delivery_details(user)
            if details:
                data["CodeDeliveryDetails"] = details
            metadata = req.get("ClientMetadata")
            self.triggers.custom_message(pool, user, "CustomMessage_ForgotPassword", client.id, metadata)
        return self.json_response(data)

    def op_ConfirmForgotPassword(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        self.check_hash(client, req.get("Username"), req.get("SecretHash"))
        user = self.user_of(pool, req.get("Username", ""))
        self.check_code(pool, user, "forgot", req.get("ConfirmationCode"))
        # moto accepts any code that does not look like its own.
        resp = self.forward(environ, dict(req, ConfirmationCode="verified-by-emulator"))
        if resp[0] == 200 and user.is_reset_required:
            user.mark_confirmed()  # as Cognito does (moto leaves RESET_REQUIRED)
        if resp[0] == 200:
            metadata = req.get("ClientMetadata")
            self.triggers.post_confirmation(pool, user, "PostConfirmation_ConfirmForgotPassword", client.id, metadata)
        return resp

    def op_AdminResetUserPassword(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        resp = self.forward(environ, req)
        if resp[0] == 200:
            pool = _moto.find_pool(req.get("UserPoolId", ""))
            if pool is not None:
                user = pool.user(req.get("Username", ""))
                if user is not None:
                    self.new_code(pool, user, "forgot")
                    metadata = req.get("ClientMetadata")
                    self.triggers.custom_message(pool, user, "CustomMessage_ForgotPassword", None, metadata)
        return resp
