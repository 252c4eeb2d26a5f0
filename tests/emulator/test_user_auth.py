"""The emulator's USER_AUTH (fastcognito.testing.user_auth) at the wire level, in process: what
it refuses as Cognito does, and the hooks other first factors and flows plug into."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.test import Client

from fastcognito.testing import _moto, user_auth
from fastcognito.testing.strict import TARGET_PREFIX, StrictCognito, secret_hash
from tests.helpers import PASSWORD


class Wire:
    """JSON requests to an in-process StrictCognito (moto's backends in this process)."""

    def __init__(self) -> None:
        self.strict = StrictCognito(_moto.wsgi_app())
        self.http = Client(self.strict)

    def call(self, op: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        headers = {"X-Amz-Target": TARGET_PREFIX + op, "Content-Type": "application/x-amz-json-1.1"}
        resp = self.http.post("/", data=json.dumps(body), headers=headers)
        return resp.status_code, json.loads(resp.data or b"{}")

    def ok(self, op: str, body: dict[str, Any]) -> dict[str, Any]:
        status, data = self.call(op, body)
        assert status == 200, data
        return data

    def refused(self, op: str, body: dict[str, Any], code: str) -> str:
        status, data = self.call(op, body)
        assert (status, data.get("__type")) == (400, code), data
        return str(data.get("message"))

    def control(self, name: str, body: dict[str, Any]) -> Any:
        resp = self.http.post(f"/_emulator/{name}", data=json.dumps(body))
        assert resp.status_code == 200, resp.data
        return json.loads(resp.data)


@pytest.fixture
def wire() -> Iterator[Wire]:
    w = Wire()
    yield w
    w.control("reset", {})


@pytest.fixture
def setup(wire: Wire) -> dict[str, Any]:
    pool = wire.control("setup", {"first_factors": ["PASSWORD", "EMAIL_OTP"]})
    name = f"u-{uuid.uuid4().hex[:8]}"
    wire.control(
        "user",
        {
            "pool_id": pool["pool_id"],
            "username": name,
            "password": PASSWORD,
            "attributes": {"email": f"{name}@example.com"},
        },
    )
    return dict(pool, username=name)


def start(wire: Wire, setup: dict[str, Any], **params: str) -> dict[str, Any]:
    body = {
        "ClientId": setup["public_client_id"],
        "AuthFlow": "USER_AUTH",
        "AuthParameters": {"USERNAME": setup["username"], **params},
    }
    return wire.ok("InitiateAuth", body)


def answer(setup: dict[str, Any], first: dict[str, Any], name: str, **responses: str) -> dict[str, Any]:
    return {
        "ClientId": setup["public_client_id"],
        "ChallengeName": name,
        "Session": first["Session"],
        "ChallengeResponses": {"USERNAME": setup["username"], **responses},
    }


def test_select_challenge_has_a_session_cognito_would_accept(wire: Wire, setup: dict[str, Any]) -> None:
    first = start(wire, setup)
    assert first["ChallengeName"] == "SELECT_CHALLENGE"
    assert first["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]
    assert 20 <= len(first["Session"]) <= 4096


def test_a_client_without_allow_user_auth_is_refused(wire: Wire, setup: dict[str, Any]) -> None:
    pool = _moto.find_pool(setup["pool_id"])
    assert pool is not None
    legacy = pool.create_client("legacy", False, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    body = {"ClientId": legacy.id, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": setup["username"]}}
    assert "not enabled" in wire.refused("InitiateAuth", body, "InvalidParameterException")


def test_unknown_and_unconfirmed_users(wire: Wire, setup: dict[str, Any]) -> None:
    body = {"ClientId": setup["public_client_id"], "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "nobody"}}
    wire.refused("InitiateAuth", body, "UserNotFoundException")
    wire.ok(
        "SignUp",
        {
            "ClientId": setup["public_client_id"],
            "Username": "fresh",
            "Password": PASSWORD,
            "UserAttributes": [{"Name": "email", "Value": "f@example.com"}],
        },
    )
    body["AuthParameters"] = {"USERNAME": "fresh"}
    wire.refused("InitiateAuth", body, "UserNotConfirmedException")


def test_secret_hash_is_checked_on_every_answer(wire: Wire, setup: dict[str, Any]) -> None:
    client, secret, name = setup["secret_client_id"], setup["client_secret"], setup["username"]
    body = {"ClientId": client, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": name}}
    wire.refused("InitiateAuth", body, "NotAuthorizedException")
    body["AuthParameters"]["SECRET_HASH"] = secret_hash(secret, name, client)
    first = wire.ok("InitiateAuth", body)
    reply = dict(answer(setup, first, "SELECT_CHALLENGE", ANSWER="EMAIL_OTP"), ClientId=client)
    reply["ChallengeResponses"]["SECRET_HASH"] = secret_hash(secret, "someone-else", client)
    wire.refused("RespondToAuthChallenge", reply, "NotAuthorizedException")
    reply["ChallengeResponses"]["SECRET_HASH"] = secret_hash(secret, name, client)
    assert wire.ok("RespondToAuthChallenge", reply)["ChallengeName"] == "EMAIL_OTP"


def test_a_session_belongs_to_its_client_user_and_challenge(wire: Wire, setup: dict[str, Any]) -> None:
    first = start(wire, setup, PREFERRED_CHALLENGE="EMAIL_OTP")
    code = wire.strict.codes[(setup["pool_id"], setup["username"], "email_otp")]
    other_client = dict(answer(setup, first, "EMAIL_OTP", EMAIL_OTP_CODE=code), ClientId=setup["secret_client_id"])
    other_client["ChallengeResponses"]["SECRET_HASH"] = secret_hash(
        setup["client_secret"], setup["username"], setup["secret_client_id"]
    )
    wire.refused("RespondToAuthChallenge", other_client, "NotAuthorizedException")
    wire.control("user", {"pool_id": setup["pool_id"], "username": "mallory", "password": PASSWORD, "attributes": {}})
    other_user = answer(setup, first, "EMAIL_OTP", EMAIL_OTP_CODE=code)
    other_user["ChallengeResponses"]["USERNAME"] = "mallory"
    wire.refused("RespondToAuthChallenge", other_user, "NotAuthorizedException")
    other_challenge = answer(setup, first, "SMS_OTP", SMS_OTP_CODE=code)
    assert "expects the EMAIL_OTP" in wire.refused(
        "RespondToAuthChallenge", other_challenge, "InvalidParameterException"
    )
    # None of that spent the session or the code.
    done = wire.ok("RespondToAuthChallenge", answer(setup, first, "EMAIL_OTP", EMAIL_OTP_CODE=code))
    assert set(done["AuthenticationResult"]) >= {"AccessToken", "IdToken", "RefreshToken"}
    assert (setup["pool_id"], setup["username"], "email_otp") not in wire.strict.codes  # single use


def test_a_factor_the_pool_does_not_allow_is_refused(wire: Wire, setup: dict[str, Any]) -> None:
    first = start(wire, setup)
    reply = answer(setup, first, "SELECT_CHALLENGE", ANSWER="SMS_OTP")
    assert "not available" in wire.refused("RespondToAuthChallenge", reply, "InvalidParameterException")


def test_the_pools_first_factors_are_checked(wire: Wire) -> None:
    resp = wire.http.post(
        "/_emulator/first_factors", data=json.dumps({"pool_id": "nope", "first_factors": ["PASSWORD"]})
    )
    assert resp.status_code == 404
    pool = wire.control("setup", {})
    for bad in (["SOFTWARE_TOKEN"], []):
        resp = wire.http.post(
            "/_emulator/first_factors", data=json.dumps({"pool_id": pool["pool_id"], "first_factors": bad})
        )
        assert resp.status_code == 400


def test_codes_are_readable_by_purpose(wire: Wire, setup: dict[str, Any]) -> None:
    start(wire, setup, PREFERRED_CHALLENGE="EMAIL_OTP")
    resp = wire.http.get(f"/_emulator/codes?pool_id={setup['pool_id']}&username={setup['username']}")
    codes = json.loads(resp.data)
    assert set(user_auth.CODE_PURPOSES) <= set(codes)
    assert codes["email_otp"] and len(codes["email_otp"]) == 6 and codes["sms_otp"] is None


def restore_first_factor(name: str, factor: user_auth.FirstFactor | None) -> None:
    """Puts back the factor a test replaced (the real WEB_AUTHN, when strict.py is loaded)."""
    if factor is None:
        user_auth.FIRST_FACTORS.pop(name, None)
    else:
        user_auth.FIRST_FACTORS[name] = factor


def test_another_first_factor_plugs_in(wire: Wire, setup: dict[str, Any]) -> None:
    seen: list[dict[str, str]] = []

    def verify(pool: Any, user: Any, client: Any, state: Any, responses: dict[str, str]) -> None:
        seen.append(responses)
        if responses.get("CREDENTIAL") != state:
            raise user_auth.Refusal("NotAuthorizedException", "Incorrect passkey.")

    factor = user_auth.FirstFactor(
        available=lambda pool, user: True,
        start=lambda pool, user, client: ({"CREDENTIAL_REQUEST_OPTIONS": '{"challenge": "c"}'}, "good"),
        verify=verify,
    )
    real_webauthn = user_auth.FIRST_FACTORS.get("WEB_AUTHN")
    user_auth.register_first_factor("WEB_AUTHN", factor)
    try:
        wire.control("first_factors", {"pool_id": setup["pool_id"], "first_factors": ["PASSWORD", "WEB_AUTHN"]})
        first = start(wire, setup)
        assert first["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]
        challenge = wire.ok("RespondToAuthChallenge", answer(setup, first, "SELECT_CHALLENGE", ANSWER="WEB_AUTHN"))
        assert challenge["ChallengeName"] == "WEB_AUTHN"
        assert challenge["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"] == '{"challenge": "c"}'
        wire.refused(
            "RespondToAuthChallenge", answer(setup, challenge, "WEB_AUTHN", CREDENTIAL="bad"), "NotAuthorizedException"
        )
        done = wire.ok("RespondToAuthChallenge", answer(setup, challenge, "WEB_AUTHN", CREDENTIAL="good"))
        assert "AuthenticationResult" in done and len(seen) == 2
    finally:
        restore_first_factor("WEB_AUTHN", real_webauthn)


def test_another_flow_plugs_in(wire: Wire, setup: dict[str, Any]) -> None:
    sessions = {"custom-session-" + "x" * 20}

    def initiate(strict: StrictCognito, environ: Any, req: dict[str, Any]) -> Any:
        return strict.json_response(
            {"ChallengeName": "CUSTOM_CHALLENGE", "Session": next(iter(sessions)), "ChallengeParameters": {}}
        )

    def respond(strict: StrictCognito, environ: Any, req: dict[str, Any]) -> Any:
        return strict.json_response(
            {"ChallengeParameters": {}, "AuthenticationResult": {"AccessToken": req["ChallengeResponses"]["ANSWER"]}}
        )

    user_auth.register_flow("CUSTOM_AUTH", initiate, respond, lambda s: s in sessions)
    try:
        body = {
            "ClientId": setup["public_client_id"],
            "AuthFlow": "CUSTOM_AUTH",
            "AuthParameters": {"USERNAME": setup["username"]},
        }
        first = wire.ok("InitiateAuth", body)
        done = wire.ok("RespondToAuthChallenge", answer(setup, first, "CUSTOM_CHALLENGE", ANSWER="42"))
        assert done["AuthenticationResult"]["AccessToken"] == "42"
    finally:
        user_auth.FLOWS.pop("CUSTOM_AUTH", None)


def test_reset_forgets_sign_ins_in_progress(wire: Wire, setup: dict[str, Any]) -> None:
    start(wire, setup)
    assert wire.strict.user_auth.flows
    wire.control("reset", {})
    assert not wire.strict.user_auth.flows and not wire.strict.user_auth.first_factors


def test_setup_refuses_first_factors_cognito_refuses(wire: Wire) -> None:
    resp = wire.http.post("/_emulator/setup", data=json.dumps({"first_factors": ["SOFTWARE_TOKEN"]}))
    assert resp.status_code == 400 and b"first_factors" in resp.data


def test_a_plugged_factor_answered_with_the_selection(wire: Wire, setup: dict[str, Any]) -> None:
    states: list[Any] = []

    def verify(pool: Any, user: Any, client: Any, state: Any, responses: dict[str, str]) -> None:
        states.append(state)

    real_webauthn = user_auth.FIRST_FACTORS.get("WEB_AUTHN")
    user_auth.register_first_factor(
        "WEB_AUTHN", user_auth.FirstFactor(lambda p, u: True, lambda p, u, c: ({}, "issued"), verify)
    )
    try:
        wire.control("first_factors", {"pool_id": setup["pool_id"], "first_factors": ["WEB_AUTHN"]})
        first = start(wire, setup)
        reply = answer(setup, first, "SELECT_CHALLENGE", ANSWER="WEB_AUTHN", CREDENTIAL="{}")
        assert "AuthenticationResult" in wire.ok("RespondToAuthChallenge", reply)
        assert states == [None]
    finally:
        restore_first_factor("WEB_AUTHN", real_webauthn)
