"""The password flows of InitiateAuth and RespondToAuthChallenge in the strict emulator
(strict.py routes each flow here or to its own module).

SECRET_HASH is checked for every flow, keyed for a refresh on the internal username as
Cognito keys it. USER_SRP_AUTH is answered here with a real PASSWORD_VERIFIER challenge (the
user's password is read from moto's store, where every request that sets one leaves it); the
PASSWORD_CLAIM_SIGNATURE, its timestamp and its SECRET_HASH are verified before moto issues
the tokens (moto accepts any proof). An SMS_MFA challenge gets a code generated here, which
the answer must match (moto accepts any code).
"""

from __future__ import annotations

import json
from typing import Any

from . import srp_server
from ._moto import AppClient, Pool
from .fault import Fault, Response
from .handler import TARGET_PREFIX, Handler, delivery_details, secret_hash


class PasswordAuth(Handler):
    def _check_auth_hash(self, pool: Pool, client: AppClient, flow: str, params: dict[str, str]) -> dict[str, str]:
        """Checks SECRET_HASH; returns the parameters to hand on to moto."""
        self.rotation.check_flow(client.id, flow)
        if flow not in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
            self.check_hash(client, params.get("USERNAME"), params.get("SECRET_HASH"))
            return params
        owner = self.refresh_owner(pool, params.get("REFRESH_TOKEN"))
        if owner is None:
            raise Fault("NotAuthorizedException", "Invalid Refresh Token.")
        self.check_hash(client, owner, params.get("SECRET_HASH"))
        entry = pool.refresh_token(params["REFRESH_TOKEN"])
        assert entry is not None  # refresh_owner found it
        if client.has_secret and entry[1] != owner:
            # moto keys this hash on the name typed at login (an alias), Cognito on the
            # internal username, which was checked above: give moto the hash it expects.
            params = dict(params, SECRET_HASH=secret_hash(client.secret, entry[1], client.id))
        return params

    def start_srp(self, pool: Pool, client: AppClient, params: dict[str, str]) -> Response:
        user = pool.user(params.get("USERNAME", ""))
        if user is None:
            raise Fault("UserNotFoundException", "User does not exist.")
        try:
            exchange = srp_server.start(
                pool.id.split("_", 1)[1], user.username, user.password or "", params.get("SRP_A", "")
            )
        except ValueError:
            raise Fault("InvalidParameterException", "SRP_A is not a valid SRP value.") from None
        block = srp_server.challenge_parameters(exchange)["SECRET_BLOCK"]
        self.srp[block] = (pool, client, exchange)
        return self.json_response(
            {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": srp_server.challenge_parameters(exchange)}
        )

    def finish_srp(self, environ: dict[str, Any], req: dict[str, Any]) -> Response:
        responses = req.get("ChallengeResponses") or {}
        pending = self.srp.pop(responses.get("PASSWORD_CLAIM_SECRET_BLOCK", ""), None)
        if pending is None:
            raise Fault("NotAuthorizedException", "Invalid session for the user.")
        pool, client, exchange = pending
        if client.id != req.get("ClientId"):
            raise Fault("NotAuthorizedException", "Invalid session for the user.")
        user = pool.user(responses.get("USERNAME", ""))
        if user is None or user.username != exchange.user_id:
            raise Fault("NotAuthorizedException", "Incorrect username or password.")
        # Cognito keys this SECRET_HASH on the internal username, whatever name was typed.
        self.check_hash(client, exchange.user_id, responses.get("SECRET_HASH"))
        refusal = srp_server.proof_refusal(exchange, responses)
        if refusal is not None:
            raise Fault("NotAuthorizedException", refusal)
        # The proof holds: let moto run the rest of the login (status, MFA, tokens).
        admin = {
            "UserPoolId": pool.id,
            "ClientId": client.id,
            "AuthFlow": "ADMIN_NO_SRP_AUTH",
            "AuthParameters": {"USERNAME": exchange.user_id, "PASSWORD": user.password},
        }
        env = dict(environ, HTTP_X_AMZ_TARGET=TARGET_PREFIX + "AdminInitiateAuth")
        resp = self.issue_mfa_code(pool, exchange.user_id, self.forward(env, admin))
        if resp[0] == 200:
            data = json.loads(resp[2])
            if "ChallengeName" in data:
                data.setdefault("ChallengeParameters", {})["USER_ID_FOR_SRP"] = exchange.user_id
                return self.json_response(data)
        return resp

    def issue_mfa_code(self, pool: Pool, username: str | None, resp: Response) -> Response:
        """moto accepts any SMS code; here the challenge gets a code that must be answered."""
        if resp[0] != 200 or username is None:
            return resp
        data = json.loads(resp[2])
        if data.get("ChallengeName") == "SMS_MFA":
            user = self.user_of(pool, username)
            self.new_code(pool, user, "mfa")
            details = delivery_details(user) or {}
            data["ChallengeParameters"] = {
                "CODE_DELIVERY_DELIVERY_MEDIUM": details.get("DeliveryMedium", "SMS"),
                "CODE_DELIVERY_DESTINATION": details.get("Destination", ""),
                "USER_ID_FOR_SRP": user.username,
            }
            return self.json_response(data)
        return resp

    def check_sms_mfa(self, pool: Pool, responses: dict[str, str]) -> None:
        """The SMS_MFA answer must carry the code :meth:`issue_mfa_code` sent."""
        user = self.user_of(pool, responses.get("USERNAME", ""))
        self.check_code(pool, user, "mfa", responses.get("SMS_MFA_CODE"))
