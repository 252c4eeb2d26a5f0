"""The strict emulator's test-only control endpoints under ``/_emulator/``: ``setup`` (a pool
with a public and a secret app client), ``user`` (a confirmed user with a permanent password),
``codes`` (the codes "sent" to a user), ``sms_mfa`` (turn SMS MFA on for a user), ``stats``
(how often a pool's JWKS was downloaded), ``requests`` (the operations received per client or
pool), ``access_keys`` (the access key id that signed each request of a client or pool),
``rotation`` (refresh-token rotation of a client), the choice-based sign-in controls of
user_auth.py, ``triggers``/``trigger_events``/``metadata`` (triggers.py), ``context_data``
(threat_protection.py: the context data each call carried), and ``reset``. The managed
login's options of ``setup`` are oauth_setup.py's; ``expire_authorization_codes`` ages its codes.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from . import _moto, devices, issuer, oauth_setup, threat_protection, user_auth
from .fault import Response
from .handler import Handler
from .oauth_tokens import OAuthTokens

REGION = "us-east-1"


class Control(Handler):
    oauth_tokens: OAuthTokens  # the managed login's (oauth_endpoints.OAuthEndpoints sets it)

    def control(self, name: str, environ: dict[str, Any]) -> Response:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}") if length else {}
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        with self.lock:
            if name == "setup":
                try:
                    user_auth.UserAuth.check_first_factors(body.get("first_factors"))
                    issuer.check_format(body.get("issuer_format"))
                    oauth_setup.check(body)
                    return self.json_response(self.setup(body))
                except ValueError as exc:
                    return 400, {"Content-Type": "text/plain"}, str(exc).encode()
            if name == "context_data":
                return self.json_response({"calls": self.threats.context_data(query.get("pool_id", ""))})
            if name == "codes":
                pool = _moto.find_pool(query.get("pool_id", ""))
                user = pool.user(query.get("username", "")) if pool else None
                key = (pool.id, user.username) if pool is not None and user is not None else ("", "")
                return self.json_response(
                    {
                        p: self.codes.get((*key, p))
                        for p in (
                            "signup",
                            "forgot",
                            "mfa",
                            "verify:email",
                            "verify:phone_number",
                            *user_auth.CODE_PURPOSES,
                        )
                    }
                )
            if name == "user":
                return self.create_user(body)
            if name == "stats":
                return self.json_response({"jwks_fetches": self.jwks_fetches.get(query.get("pool_id", ""), 0)})
            if name == "sms_mfa":
                pool = _moto.find_pool(body.get("pool_id", ""))
                user = pool.user(body.get("username", "")) if pool else None
                if user is None:
                    return 404, {"Content-Type": "text/plain"}, b"no such user"
                user.prefer_sms_mfa()
                return self.json_response({})
            if name in user_auth.CONTROLS:
                return self.user_auth_control(name, body)
            if name == "expire_authorization_codes":
                return self.json_response({"expired": self.oauth_tokens.expire_codes(str(body.get("pool_id", "")))})
            if name == "requests":
                wanted = query.get("id", "")
                return self.json_response({op: n for (who, op), n in self.requests.items() if who == wanted})
            if name == "access_keys":
                return self.json_response({"access_keys": self.access_keys.get(query.get("id", ""), [])})
            if name == "rotation":
                try:
                    self.rotation.configure(str(body["client_id"]), bool(body["enabled"]), float(body["grace_period"]))
                except (KeyError, TypeError, ValueError) as exc:
                    return 400, {"Content-Type": "text/plain"}, str(exc).encode()
                return self.json_response(self.rotation.describe(str(body["client_id"])))
            if name in ("triggers", "trigger_events", "metadata"):
                try:
                    return self.json_response(self.triggers.control(name, body, query))
                except ValueError as exc:
                    return 400, {"Content-Type": "text/plain"}, str(exc).encode()
            if name == "reset":
                self.user_auth.reset()
                self.rotation.reset()
                self.requests.clear()
                self.access_keys.clear()
                self.codes.clear()
                self.srp.clear()
                self.triggers.reset()
                self.custom_auth.reset()
                self.devices.reset()
                self.watch.reset()
                self.threats.reset()
                self.oauth_tokens.reset()
                _moto.reset()
                from . import webauthn

                webauthn.reset()
                return self.json_response({})
        return 404, {"Content-Type": "text/plain"}, b"unknown control endpoint"

    def user_auth_control(self, name: str, body: dict[str, Any]) -> Response:
        pool = _moto.find_pool(str(body.get("pool_id", "")))
        if pool is None:
            return 404, {"Content-Type": "text/plain"}, b"no such pool"
        try:
            return self.json_response(self.user_auth.control(pool, name, body))
        except (KeyError, ValueError) as exc:
            return 400, {"Content-Type": "text/plain"}, str(exc).encode()

    def create_user(self, body: dict[str, Any]) -> Response:
        """A confirmed user with a permanent password and the given (verified) attributes."""
        pool = _moto.find_pool(str(body.get("pool_id", "")))
        if pool is None:
            return 404, {"Content-Type": "text/plain"}, b"no such pool"
        attributes = [{"Name": k, "Value": str(v)} for k, v in dict(body.get("attributes") or {}).items()]
        for name in ("email", "phone_number"):
            if any(a["Name"] == name for a in attributes):
                attributes.append({"Name": f"{name}_verified", "Value": "true"})
        try:
            user = pool.create_confirmed_user(str(body["username"]), str(body["password"]), attributes)
        except Exception as exc:  # moto's own refusal (existing user, weak password): say which
            return 400, {"Content-Type": "text/plain"}, type(exc).__name__.encode()
        return self.json_response({"username": user.username})

    def setup(self, options: dict[str, Any]) -> dict[str, Any]:
        """A pool (email auto-verified, optional email/phone usernames) with two app clients."""
        config: dict[str, Any] = {
            "AutoVerifiedAttributes": ["email"],
            "Policies": {
                "PasswordPolicy": {
                    "MinimumLength": 8,
                    "RequireUppercase": True,
                    "RequireLowercase": True,
                    "RequireNumbers": True,
                    "RequireSymbols": False,
                }
            },
        }
        if options.get("username_attributes"):
            config["UsernameAttributes"] = options["username_attributes"]
        # As CreateUserPool would set them (moto keeps both; devices.py and threat_protection.py
        # read them back), checked before any pool exists.
        device_config = devices.tracking_config(
            options.get("device_tracking"), options.get("challenge_required_on_new_device")
        )
        if device_config is not None:
            config["DeviceConfiguration"] = device_config
        add_ons = threat_protection.add_ons_config(options.get("threat_protection"))
        if add_ons is not None:
            config["UserPoolAddOns"] = add_ons
        pool = _moto.create_pool(REGION, options.get("name", "fastcognito-test"), config)
        flows = [
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_AUTH",
            "ALLOW_CUSTOM_AUTH",
        ]
        self.user_auth.configure(pool.id, options.get("first_factors"))
        if options.get("relying_party_id") or options.get("passkey_user_verification"):
            from . import webauthn

            webauthn.configure(
                pool.id,
                relying_party_id=options.get("relying_party_id"),
                user_verification=options.get("passkey_user_verification"),
            )
        rotate = options.get("refresh_token_rotation")
        if rotate:  # Cognito wants ALLOW_REFRESH_TOKEN_AUTH off on a rotating client
            flows.remove("ALLOW_REFRESH_TOKEN_AUTH")
        oauth = oauth_setup.client_settings(options)
        public = pool.create_client("public", False, flows, oauth)
        private = pool.create_client("with-secret", True, flows, oauth)
        m2m = oauth_setup.m2m_client(pool, options)
        if rotate:
            grace = float(options.get("retry_grace_period_seconds") or 0)
            for client in (public, private):
                self.rotation.configure(client.id, True, grace)
        if options.get("mfa_configuration"):
            _moto.set_pool_mfa(pool, str(options["mfa_configuration"]))
        issuer.configure(pool, options.get("issuer_format"))
        return {
            "region": REGION,
            "pool_id": pool.id,
            "public_client_id": public.id,
            "secret_client_id": private.id,
            "client_secret": private.secret,
            "m2m_client_id": m2m.id if m2m is not None else None,
            "m2m_client_secret": m2m.secret if m2m is not None else None,
        }
