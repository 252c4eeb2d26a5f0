"""Helpers of the remembered-device tests: a boto3 client on the emulator (the wire as any SDK
sends it), a user with SMS MFA, and each step of a device sign-in."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from fastcognito.testing import Emulator, Pool
from fastcognito.testing.strict import secret_hash
from tests.emulator.device_srp_client import DeviceSecret, SrpClient, new_device_secret
from tests.helpers import PASSWORD


def code_of(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def claims(token: str) -> dict[str, Any]:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))  # type: ignore[no-any-return]


@dataclass
class Side:
    """One app client of a pool (public or with a secret), spoken to with boto3."""

    emulator: Emulator
    pool: Pool
    secret: bool
    admin: bool = False

    def __post_init__(self) -> None:
        self.idp = boto3.client(
            "cognito-idp",
            region_name=self.pool.region,
            endpoint_url=self.emulator.url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    @property
    def client_id(self) -> str:
        return self.pool.secret_client_id if self.secret else self.pool.public_client_id

    def hashed(self, username: str, params: dict[str, str]) -> dict[str, str]:
        if self.secret:
            params = dict(params, SECRET_HASH=secret_hash(self.pool.client_secret, username, self.client_id))
        return params

    def user(self, mfa: bool = True) -> str:
        username = f"dev-{uuid.uuid4().hex[:8]}"
        self.emulator.create_user(
            self.pool.pool_id, username, PASSWORD, email=f"{username}@example.com", phone_number="+15555550123"
        )
        if mfa:
            self.emulator.enable_sms_mfa(self.pool.pool_id, username)
        return username

    # ---- the steps ------------------------------------------------------------------------
    def initiate(self, username: str, device_key: str | None = None, **extra: Any) -> dict[str, Any]:
        params = self.hashed(username, {"USERNAME": username, "PASSWORD": PASSWORD})
        if device_key:
            params["DEVICE_KEY"] = device_key
        if self.admin:
            return self.idp.admin_initiate_auth(  # type: ignore[no-any-return]
                UserPoolId=self.pool.pool_id,
                ClientId=self.client_id,
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters=params,
                **extra,
            )
        return self.idp.initiate_auth(  # type: ignore[no-any-return]
            ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params, **extra
        )

    def respond(self, step: dict[str, Any], name: str, responses: dict[str, str], **extra: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = dict(ClientId=self.client_id, ChallengeName=name, ChallengeResponses=responses)
        if step.get("Session"):
            kwargs["Session"] = step["Session"]
        if self.admin:
            return self.idp.admin_respond_to_auth_challenge(  # type: ignore[no-any-return]
                UserPoolId=self.pool.pool_id, **kwargs, **extra
            )
        return self.idp.respond_to_auth_challenge(**kwargs, **extra)  # type: ignore[no-any-return]

    def answer_mfa(self, step: dict[str, Any], username: str) -> dict[str, Any]:
        assert step["ChallengeName"] == "SMS_MFA"
        code = self.emulator.code(self.pool.pool_id, username, "mfa")
        return self.respond(step, "SMS_MFA", self.hashed(username, {"USERNAME": username, "SMS_MFA_CODE": code}))

    def device_auth(self, step: dict[str, Any], username: str, device: DeviceSecret) -> dict[str, Any]:
        """Answers DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER, with ``device``'s secret."""
        assert step["ChallengeName"] == "DEVICE_SRP_AUTH", step
        srp = SrpClient(device.group_key, device.device_key, device.password)
        first = {"USERNAME": username, "DEVICE_KEY": device.device_key, "SRP_A": srp.srp_a}
        verifier = self.respond(step, "DEVICE_SRP_AUTH", self.hashed(username, first))
        assert verifier["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER"
        params = verifier["ChallengeParameters"]
        assert params["DEVICE_KEY"] == device.device_key and params["USERNAME"] == username
        proof = {"USERNAME": username, "DEVICE_KEY": device.device_key, **srp.answer(params)}
        return self.respond(verifier, "DEVICE_PASSWORD_VERIFIER", self.hashed(username, proof))

    def first_sign_in(self, username: str) -> dict[str, Any]:
        """A sign-in on a new device, through SMS MFA: its AuthenticationResult."""
        result = self.answer_mfa(self.initiate(username), username)
        return result["AuthenticationResult"]  # type: ignore[no-any-return]

    def confirm(self, result: dict[str, Any], name: str | None = "laptop") -> tuple[DeviceSecret, dict[str, Any]]:
        meta = result["NewDeviceMetadata"]
        device = new_device_secret(meta["DeviceKey"], meta["DeviceGroupKey"])
        extra = {"DeviceName": name} if name else {}
        answer = self.idp.confirm_device(
            AccessToken=result["AccessToken"],
            DeviceKey=device.device_key,
            DeviceSecretVerifierConfig=device.verifier_config,
            **extra,
        )
        return device, answer
