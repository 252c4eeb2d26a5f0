"""The emulator's remembered devices, spoken to with boto3: NewDeviceMetadata on every finished
sign-in, ConfirmDevice, device SRP verified against the stored verifier (a wrong device
password refused), MFA skipped only for a remembered device, SECRET_HASH on the device
answers, and refresh tokens bound to their device. Public and admin flows, with and without
an app client secret."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fastcognito.testing import Emulator, EmulatorError, Pool
from tests.emulator.device_srp_client import SrpClient, new_device_secret
from tests.emulator.devices_support import Side, claims, code_of
from tests.helpers import PASSWORD

SIDES = [
    pytest.param((False, False), id="public"),
    pytest.param((True, False), id="secret"),
    pytest.param((False, True), id="admin"),
    pytest.param((True, True), id="admin-secret"),
]


@pytest.fixture(scope="module")
def tracked(emulator: Emulator) -> Pool:
    return emulator.setup(device_tracking="always")


@pytest.fixture(params=SIDES)
def side(request: pytest.FixtureRequest, emulator: Emulator, tracked: Pool) -> Side:
    secret, admin = request.param
    return Side(emulator, tracked, secret, admin)


def test_a_sign_in_without_a_device_makes_one(side: Side) -> None:
    username = side.user()
    result = side.first_sign_in(username)
    meta = result["NewDeviceMetadata"]
    region, rest = meta["DeviceKey"].split("_", 1)
    assert region == side.pool.region and uuid.UUID(rest)
    assert meta["DeviceGroupKey"].startswith("-")
    assert claims(result["AccessToken"])["device_key"] == meta["DeviceKey"]
    # The token signed again with the claim is still one the pool knows.
    assert side.idp.get_user(AccessToken=result["AccessToken"])["Username"] == username
    # Each sign-in without a device key makes another device, in the same group.
    again = side.first_sign_in(username)["NewDeviceMetadata"]
    assert again["DeviceKey"] != meta["DeviceKey"] and again["DeviceGroupKey"] == meta["DeviceGroupKey"]


def test_remembered_device_signs_in_without_mfa(side: Side) -> None:
    username = side.user()
    device, answer = side.confirm(side.first_sign_in(username))
    assert answer["UserConfirmationNecessary"] is False
    sent_before = side.emulator.codes(side.pool.pool_id, username).get("mfa")
    step = side.initiate(username, device.device_key)
    assert step["ChallengeName"] == "DEVICE_SRP_AUTH"  # no SMS_MFA
    # ...and no MFA code was sent for it (the emulator used to make one, then skip the challenge).
    assert side.emulator.codes(side.pool.pool_id, username).get("mfa") == sent_before
    assert step["Session"]
    result = side.device_auth(step, username, device)["AuthenticationResult"]
    assert "NewDeviceMetadata" not in result
    assert claims(result["AccessToken"])["device_key"] == device.device_key
    assert side.idp.get_user(AccessToken=result["AccessToken"])["Username"] == username


def test_a_wrong_device_password_is_refused(side: Side) -> None:
    username = side.user()
    device, _ = side.confirm(side.first_sign_in(username))
    device.password = device.password[::-1]
    with pytest.raises(ClientError) as refused:
        side.device_auth(side.initiate(username, device.device_key), username, device)
    assert code_of(refused) == "NotAuthorizedException"


def test_a_forgotten_device_means_mfa_and_a_new_device(side: Side) -> None:
    username = side.user()
    first = side.first_sign_in(username)
    device, _ = side.confirm(first)
    side.idp.forget_device(AccessToken=first["AccessToken"], DeviceKey=device.device_key)
    step = side.initiate(username, device.device_key)
    assert step["ChallengeName"] == "SMS_MFA"
    result = side.answer_mfa(step, username)["AuthenticationResult"]
    assert result["NewDeviceMetadata"]["DeviceKey"] != device.device_key


def test_an_unknown_device_key_is_ignored(side: Side) -> None:
    username = side.user()
    step = side.initiate(username, f"{side.pool.region}_{uuid.uuid4()}")
    assert step["ChallengeName"] == "SMS_MFA"
    assert "NewDeviceMetadata" in side.answer_mfa(step, username)["AuthenticationResult"]


def test_a_device_of_another_user_is_ignored(side: Side) -> None:
    owner, other = side.user(), side.user()
    device, _ = side.confirm(side.first_sign_in(owner))
    assert side.initiate(other, device.device_key)["ChallengeName"] == "SMS_MFA"


def test_a_confirmed_device_without_mfa_still_proves_itself(side: Side) -> None:
    username = side.user(mfa=False)
    result = side.initiate(username)["AuthenticationResult"]
    device, _ = side.confirm(result)
    step = side.initiate(username, device.device_key)
    assert step["ChallengeName"] == "DEVICE_SRP_AUTH" and "AuthenticationResult" not in step
    assert side.device_auth(step, username, device)["AuthenticationResult"]["AccessToken"]


@pytest.mark.parametrize("admin", [False, True], ids=["public", "admin"])
def test_device_answers_check_the_secret_hash(emulator: Emulator, tracked: Pool, admin: bool) -> None:
    side = Side(emulator, tracked, True, admin)
    username = side.user()
    device, _ = side.confirm(side.first_sign_in(username))
    srp = SrpClient(device.group_key, device.device_key, device.password)
    first = {"USERNAME": username, "DEVICE_KEY": device.device_key, "SRP_A": srp.srp_a}
    for bad in ({}, {"SECRET_HASH": "x" * 44}):
        with pytest.raises(ClientError) as refused:
            side.respond(side.initiate(username, device.device_key), "DEVICE_SRP_AUTH", {**first, **bad})
        assert code_of(refused) == "NotAuthorizedException"
    verifier = side.respond(side.initiate(username, device.device_key), "DEVICE_SRP_AUTH", side.hashed(username, first))
    proof = {"USERNAME": username, "DEVICE_KEY": device.device_key, **srp.answer(verifier["ChallengeParameters"])}
    with pytest.raises(ClientError) as refused:
        side.respond(verifier, "DEVICE_PASSWORD_VERIFIER", proof)
    assert code_of(refused) == "NotAuthorizedException"


def test_a_device_session_is_single_use_and_names_its_device(emulator: Emulator, tracked: Pool) -> None:
    side = Side(emulator, tracked, False)
    username = side.user()
    device, _ = side.confirm(side.first_sign_in(username))
    step = side.initiate(username, device.device_key)
    srp = SrpClient(device.group_key, device.device_key, device.password)
    wrong_key = {"USERNAME": username, "DEVICE_KEY": f"{side.pool.region}_{uuid.uuid4()}", "SRP_A": srp.srp_a}
    with pytest.raises(ClientError) as refused:
        side.respond(step, "DEVICE_SRP_AUTH", wrong_key)
    assert code_of(refused) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as replayed:
        side.respond(step, "DEVICE_SRP_AUTH", dict(wrong_key, DEVICE_KEY=device.device_key))
    assert code_of(replayed) == "NotAuthorizedException"
    step = side.initiate(username, device.device_key)
    with pytest.raises(ClientError) as skipped:
        side.respond(step, "DEVICE_PASSWORD_VERIFIER", {"USERNAME": username, "DEVICE_KEY": device.device_key})
    assert code_of(skipped) == "InvalidParameterException"


def test_confirm_device_is_strict(emulator: Emulator, tracked: Pool) -> None:
    side = Side(emulator, tracked, False)
    username = side.user(mfa=False)
    result = side.initiate(username)["AuthenticationResult"]
    device, _ = side.confirm(result)
    with pytest.raises(ClientError) as twice:
        side.confirm(result)
    assert code_of(twice) == "DeviceKeyExistsException"
    other = side.initiate(username)["AuthenticationResult"]
    with pytest.raises(ClientError) as bad_token:
        side.confirm(dict(other, AccessToken=other["AccessToken"] + "x"))
    assert code_of(bad_token) == "NotAuthorizedException"
    with pytest.raises(ClientError) as unknown:
        side.confirm(dict(other, NewDeviceMetadata=dict(other["NewDeviceMetadata"], DeviceKey=device.device_key[:-2])))
    assert code_of(unknown) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as no_verifier:
        side.idp.confirm_device(
            AccessToken=other["AccessToken"],
            DeviceKey=other["NewDeviceMetadata"]["DeviceKey"],
            DeviceSecretVerifierConfig={"PasswordVerifier": "", "Salt": "AA=="},
        )
    assert code_of(no_verifier) == "InvalidParameterException"


def test_user_opt_in_remembers_only_after_update_device_status(emulator: Emulator) -> None:
    side = Side(emulator, emulator.setup(device_tracking="user_opt_in"), False)
    username = side.user()
    first = side.first_sign_in(username)
    device, answer = side.confirm(first)
    assert answer["UserConfirmationNecessary"] is True
    # Confirmed, not remembered: MFA first, then the device proves itself.
    step = side.answer_mfa(side.initiate(username, device.device_key), username)
    assert "AuthenticationResult" in side.device_auth(step, username, device)
    side.idp.update_device_status(
        AccessToken=first["AccessToken"], DeviceKey=device.device_key, DeviceRememberedStatus="remembered"
    )
    assert side.initiate(username, device.device_key)["ChallengeName"] == "DEVICE_SRP_AUTH"


def test_mfa_stays_when_the_pool_does_not_let_devices_replace_it(emulator: Emulator) -> None:
    pool = emulator.setup(device_tracking="always", challenge_required_on_new_device=False)
    side = Side(emulator, pool, False)
    username = side.user()
    device, _ = side.confirm(side.first_sign_in(username))
    step = side.answer_mfa(side.initiate(username, device.device_key), username)
    assert "AuthenticationResult" in side.device_auth(step, username, device)


def test_a_pool_without_tracking_makes_no_device(emulator: Emulator, pool: Pool) -> None:
    side = Side(emulator, pool, False)
    result = side.first_sign_in(side.user())
    assert "NewDeviceMetadata" not in result and "device_key" not in claims(result["AccessToken"])


def test_setup_refuses_unknown_tracking_modes(emulator: Emulator) -> None:
    with pytest.raises(EmulatorError):
        emulator.setup(device_tracking="sometimes")


def test_tracking_set_through_create_user_pool(emulator: Emulator, pool: Pool) -> None:
    side = Side(emulator, pool, False)
    side.idp.update_user_pool(
        UserPoolId=pool.pool_id,
        DeviceConfiguration={"ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": False},
    )
    result = side.first_sign_in(side.user())
    assert "NewDeviceMetadata" in result


def test_srp_sign_in_with_the_device_key_in_the_verifier_answer(emulator: Emulator, tracked: Pool) -> None:
    side = Side(emulator, tracked, True)
    username = side.user()
    device, _ = side.confirm(side.first_sign_in(username))
    srp = SrpClient(tracked.pool_id.split("_", 1)[1], username, PASSWORD)
    start = side.idp.initiate_auth(
        ClientId=side.client_id,
        AuthFlow="USER_SRP_AUTH",
        AuthParameters=side.hashed(username, {"USERNAME": username, "SRP_A": srp.srp_a}),
    )
    params = start["ChallengeParameters"]
    proof = {"USERNAME": username, "DEVICE_KEY": device.device_key, **srp.answer(params)}
    step = side.respond(start, "PASSWORD_VERIFIER", side.hashed(username, proof))
    assert step["ChallengeName"] == "DEVICE_SRP_AUTH"
    assert "AuthenticationResult" in side.device_auth(step, username, device)


def test_refresh_of_device_tokens_needs_the_device_key(emulator: Emulator, tracked: Pool) -> None:
    side = Side(emulator, tracked, False)
    username = side.user()
    device, _ = side.confirm(side.first_sign_in(username))
    tokens = side.device_auth(side.initiate(username, device.device_key), username, device)["AuthenticationResult"]
    refresh = tokens["RefreshToken"]

    def renew(**params: str) -> dict[str, str]:
        answer = side.idp.initiate_auth(
            ClientId=side.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh, **params},
        )
        return answer["AuthenticationResult"]  # type: ignore[no-any-return]

    for params in ({}, {"DEVICE_KEY": f"{side.pool.region}_{uuid.uuid4()}"}):
        with pytest.raises(ClientError) as refused:
            renew(**params)
        assert code_of(refused) == "NotAuthorizedException"
    renewed = renew(DEVICE_KEY=device.device_key)
    assert claims(renewed["AccessToken"])["device_key"] == device.device_key
    with pytest.raises(ClientError) as refused:
        side.idp.get_tokens_from_refresh_token(RefreshToken=refresh, ClientId=side.client_id)
    assert code_of(refused) == "NotAuthorizedException"
    got = side.idp.get_tokens_from_refresh_token(
        RefreshToken=refresh, ClientId=side.client_id, DeviceKey=device.device_key
    )
    assert claims(got["AuthenticationResult"]["AccessToken"])["device_key"] == device.device_key


def test_refresh_before_the_device_is_confirmed_needs_no_key(emulator: Emulator, tracked: Pool) -> None:
    side = Side(emulator, tracked, False)
    result = side.initiate(side.user(mfa=False))["AuthenticationResult"]
    renewed = side.idp.initiate_auth(
        ClientId=side.client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]}
    )
    assert renewed["AuthenticationResult"]["AccessToken"]


def test_a_device_key_of_a_new_device_cannot_be_reused_before_confirmation(emulator: Emulator, tracked: Pool) -> None:
    side = Side(emulator, tracked, False)
    username = side.user()
    meta = side.first_sign_in(username)["NewDeviceMetadata"]
    # Unconfirmed: the key is not a tracked device yet, so MFA and another new device.
    step = side.initiate(username, meta["DeviceKey"])
    assert step["ChallengeName"] == "SMS_MFA"
    assert new_device_secret(meta["DeviceKey"], meta["DeviceGroupKey"]).password


def test_choice_based_sign_in_meets_devices_too(emulator: Emulator, tracked: Pool) -> None:
    side = Side(emulator, tracked, False)
    username = side.user(mfa=False)
    emulator.set_user_mfa(tracked.pool_id, username, "EMAIL_OTP", preferred=True)

    def user_auth(device_key: str | None = None) -> dict[str, object]:
        params = {"USERNAME": username, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD}
        if device_key:
            params["DEVICE_KEY"] = device_key
        step = side.idp.initiate_auth(ClientId=side.client_id, AuthFlow="USER_AUTH", AuthParameters=params)
        return step  # type: ignore[no-any-return]

    step = user_auth()
    assert step["ChallengeName"] == "EMAIL_OTP"
    code = emulator.code(tracked.pool_id, username, "email_mfa")
    result = side.respond(step, "EMAIL_OTP", {"USERNAME": username, "EMAIL_OTP_CODE": code})["AuthenticationResult"]
    device, _ = side.confirm(result)
    step = user_auth(device.device_key)
    assert step["ChallengeName"] == "DEVICE_SRP_AUTH"  # email MFA skipped
    assert "AuthenticationResult" in side.device_auth(step, username, device)


def test_custom_auth_and_a_new_password_end_with_a_new_device(emulator: Emulator) -> None:
    pool = emulator.setup(device_tracking="always")

    def define(event: dict[str, Any]) -> dict[str, Any]:
        session = event["request"]["session"]
        if session and session[-1]["challengeResult"]:
            event["response"].update(issueTokens=True, failAuthentication=False)
        else:
            event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
        return event

    def create(event: dict[str, Any]) -> dict[str, Any]:
        event["response"]["privateChallengeParameters"] = {"answer": "42"}
        return event

    def verify(event: dict[str, Any]) -> dict[str, Any]:
        event["response"]["answerCorrect"] = event["request"]["challengeAnswer"] == "42"
        return event

    pool.set_trigger("DefineAuthChallenge", define)
    pool.set_trigger("CreateAuthChallenge", create)
    pool.set_trigger("VerifyAuthChallengeResponse", verify)
    side = Side(emulator, pool, False)
    username = side.user(mfa=False)
    step = side.idp.initiate_auth(
        ClientId=side.client_id, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": username}
    )
    result = side.respond(step, "CUSTOM_CHALLENGE", {"USERNAME": username, "ANSWER": "42"})["AuthenticationResult"]
    assert "NewDeviceMetadata" in result

    side.idp.admin_create_user(
        UserPoolId=pool.pool_id, Username="temp-user", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS"
    )
    step = side.initiate("temp-user")
    assert step["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    done = side.respond(step, "NEW_PASSWORD_REQUIRED", {"USERNAME": "temp-user", "NEW_PASSWORD": PASSWORD + "2"})
    assert "NewDeviceMetadata" in done["AuthenticationResult"]
