"""Operations on a signed-in user that moto lacks (it answers HTTP 500, or refuses
GlobalSignOut), filled in by the strict emulator: DeleteUser, GlobalSignOut,
GetUserAttributeVerificationCode and VerifyUserAttribute (with a code generated here that
must match), RevokeToken (the client secret checked, only refresh tokens revocable), and the
passkey operations, whose work webauthn.py does.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from . import _moto
from .fault import Fault, Response
from .handler import Handler, mask

if TYPE_CHECKING:
    from .oauth_tokens import OAuthTokens


class AccountOps(Handler):
    oauth_tokens: OAuthTokens  # the strict app's (oauth_tokens.py), which revokes by origin

    def op_DeleteUser(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        token = req.get("AccessToken", "")
        for pool in _moto.pools():
            username = pool.access_token_owner(token)
            if username is not None:
                pool.delete_user(username)
                pool.drop_access_tokens(username)
                from . import webauthn

                webauthn.forget_user(pool.id, username)
                return self.json_response({})
        raise Fault("NotAuthorizedException", "Invalid Access Token")

    def op_GlobalSignOut(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, user = self.token_owner(req.get("AccessToken", ""))
        pool.sign_out(user.username)
        return self.json_response({})

    def op_GetUserAttributeVerificationCode(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, user = self.token_owner(req.get("AccessToken", ""))
        name = req.get("AttributeName", "")
        value = user.attributes.get(name)
        if name not in ("email", "phone_number") or not value:
            raise Fault("InvalidParameterException", f"The user has no {name} to verify.")
        self.new_code(pool, user, f"verify:{name}")
        medium = "EMAIL" if name == "email" else "SMS"
        details = {"Destination": mask(value), "DeliveryMedium": medium, "AttributeName": name}
        client_id, metadata = pool.access_token_client(req.get("AccessToken", "")), req.get("ClientMetadata")
        self.triggers.custom_message(pool, user, "CustomMessage_VerifyUserAttribute", client_id, metadata)
        return self.json_response({"CodeDeliveryDetails": details})

    def op_VerifyUserAttribute(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, user = self.token_owner(req.get("AccessToken", ""))
        name = req.get("AttributeName", "")
        self.check_code(pool, user, f"verify:{name}", req.get("Code"))
        user.set_attribute(f"{name}_verified", "true")
        return self.json_response({})

    def op_RevokeToken(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        pool, client = self.client_of(req)
        if client.has_secret and not hmac.compare_digest(req.get("ClientSecret") or "", client.secret):
            raise Fault("NotAuthorizedException", f"Client {client.id} is not authorized: invalid client secret.")
        token = req.get("Token", "")
        if token.count(".") == 2:
            raise Fault("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.")
        entry = pool.refresh_token(token)
        if entry is not None:
            if entry[0] != client.id:
                raise Fault("NotAuthorizedException", "The token was not issued to this client.")
            # Cognito revokes the access and ID tokens issued from it too.
            self.oauth_tokens.revoke(pool, token)
        return self.json_response({})

    # ---- passkeys: webauthn.py does the work (imported lazily: it imports strict.py for Fault)
    def passkeys(self, operation: str, req: dict[str, Any]) -> Response:
        from . import webauthn

        pool, user = self.token_owner(req.get("AccessToken", ""))
        return self.json_response(webauthn.handle(operation, pool.id, user.username, req))

    def op_StartWebAuthnRegistration(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.passkeys("StartWebAuthnRegistration", req)

    def op_CompleteWebAuthnRegistration(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.passkeys("CompleteWebAuthnRegistration", req)

    def op_ListWebAuthnCredentials(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.passkeys("ListWebAuthnCredentials", req)

    def op_DeleteWebAuthnCredential(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        return self.passkeys("DeleteWebAuthnCredential", req)
