"""The emulator's threat protection, spoken to with boto3: the context data each call carried
(recorded for tests, a ContextData missing a required member refused), auth events with
their outcome, feedback, and the add-on's absence."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from fastcognito.testing import Emulator, EmulatorError, Pool
from tests.emulator.devices_support import Side, code_of
from tests.helpers import PASSWORD

CONTEXT = {
    "IpAddress": "203.0.113.9",
    "ServerName": "app.example.com",
    "ServerPath": "/login",
    "HttpHeaders": [{"headerName": "User-Agent", "headerValue": "pytest"}],
}


@pytest.fixture(scope="module")
def audited(emulator: Emulator) -> Pool:
    return emulator.setup(threat_protection="AUDIT")


def events(side: Side, username: str, **kwargs: Any) -> dict[str, Any]:
    return side.idp.admin_list_user_auth_events(  # type: ignore[no-any-return]
        UserPoolId=side.pool.pool_id, Username=username, **kwargs
    )


def test_context_data_is_recorded_per_call(emulator: Emulator, pool: Pool) -> None:
    public, admin = Side(emulator, pool, False), Side(emulator, pool, False, admin=True)
    username = public.user(mfa=False)
    public.initiate(username, UserContextData={"IpAddress": "192.0.2.1", "EncodedData": "abc"})
    public.initiate(username)
    admin.initiate(username, ContextData=dict(CONTEXT, EncodedData="xyz"))
    public.idp.forgot_password(ClientId=pool.public_client_id, Username=username, UserContextData={"IpAddress": "::1"})
    assert pool.context_data("InitiateAuth") == [
        {"operation": "InitiateAuth", "UserContextData": {"IpAddress": "192.0.2.1", "EncodedData": "abc"}},
        {"operation": "InitiateAuth", "UserContextData": None},
    ]
    assert emulator.context_data(pool.pool_id, "AdminInitiateAuth") == [
        {"operation": "AdminInitiateAuth", "ContextData": dict(CONTEXT, EncodedData="xyz")}
    ]
    assert [c["operation"] for c in pool.context_data()] == [
        "InitiateAuth",
        "InitiateAuth",
        "AdminInitiateAuth",
        "ForgotPassword",
    ]


def test_context_data_of_challenge_answers_and_sign_up(emulator: Emulator, pool: Pool) -> None:
    side = Side(emulator, pool, False, admin=True)
    username = side.user()
    step = side.initiate(username, ContextData=CONTEXT)
    code = emulator.code(pool.pool_id, username, "mfa")
    side.respond(step, "SMS_MFA", {"USERNAME": username, "SMS_MFA_CODE": code}, ContextData=CONTEXT)
    assert pool.context_data("AdminRespondToAuthChallenge") == [
        {"operation": "AdminRespondToAuthChallenge", "ContextData": CONTEXT}
    ]
    side.idp.sign_up(
        ClientId=pool.public_client_id, Username="newbie", Password=PASSWORD, UserContextData={"EncodedData": "e"}
    )
    assert pool.context_data("SignUp") == [{"operation": "SignUp", "UserContextData": {"EncodedData": "e"}}]


@pytest.mark.parametrize("missing", ["IpAddress", "ServerName", "ServerPath", "HttpHeaders"])
def test_context_data_missing_a_required_member_is_refused(emulator: Emulator, pool: Pool, missing: str) -> None:
    side = Side(emulator, pool, False, admin=True)
    username = side.user(mfa=False)
    # boto3 would refuse it before sending: send it as a client that does not check would.
    unchecked = boto3.client(
        "cognito-idp",
        region_name=pool.region,
        endpoint_url=emulator.url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(parameter_validation=False),
    )
    with pytest.raises(ClientError) as refused:
        unchecked.admin_initiate_auth(
            UserPoolId=pool.pool_id,
            ClientId=pool.public_client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
            ContextData={k: v for k, v in CONTEXT.items() if k != missing},
        )
    assert code_of(refused) == "InvalidParameterException"
    assert pool.context_data("AdminInitiateAuth") == []


def test_each_sign_in_attempt_is_an_event_with_its_outcome(emulator: Emulator, audited: Pool) -> None:
    side = Side(emulator, audited, True)
    username = side.user()
    side.first_sign_in(username)  # password, then MFA: Pass
    with pytest.raises(ClientError):
        side.idp.initiate_auth(
            ClientId=side.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters=side.hashed(username, {"USERNAME": username, "PASSWORD": "Wr0ng-password"}),
            UserContextData={"IpAddress": "198.51.100.1"},
        )
    step = side.initiate(username)  # left at the MFA challenge: InProgress
    with pytest.raises(ClientError):
        side.respond(step, "SMS_MFA", side.hashed(username, {"USERNAME": username, "SMS_MFA_CODE": "000000x"}))
    listed = events(side, username)["AuthEvents"]
    assert [e["EventResponse"] for e in listed] == ["Fail", "Fail", "Pass"]  # newest first
    assert all(e["EventType"] == "SignIn" and e["EventId"] for e in listed)
    assert listed[0]["ChallengeResponses"] == [
        {"ChallengeName": "Password", "ChallengeResponse": "Success"},
        {"ChallengeName": "Mfa", "ChallengeResponse": "Failure"},
    ]
    assert listed[1]["ChallengeResponses"] == [{"ChallengeName": "Password", "ChallengeResponse": "Failure"}]
    assert listed[1]["EventContextData"]["IpAddress"] == "198.51.100.1"
    assert listed[2]["ChallengeResponses"] == [
        {"ChallengeName": "Password", "ChallengeResponse": "Success"},
        {"ChallengeName": "Mfa", "ChallengeResponse": "Success"},
    ]
    assert listed[2]["EventRisk"]["RiskDecision"] == "NoRisk"


def test_events_of_a_challenge_in_progress_and_of_device_sign_ins(emulator: Emulator) -> None:
    pool = emulator.setup(threat_protection="ENFORCED", device_tracking="always")
    side = Side(emulator, pool, False, admin=True)
    username = side.user()
    device, _ = side.confirm(side.first_sign_in(username), name="phone")
    side.initiate(username, None, ContextData=CONTEXT)
    side.device_auth(side.initiate(username, device.device_key), username, device)
    listed = events(side, username)["AuthEvents"]
    assert [e["EventResponse"] for e in listed] == ["Pass", "InProgress", "Pass"]
    assert listed[0]["EventContextData"]["DeviceName"] == "phone"
    assert listed[1]["EventContextData"]["IpAddress"] == CONTEXT["IpAddress"]


def test_events_page_and_take_feedback(emulator: Emulator, audited: Pool) -> None:
    side = Side(emulator, audited, False)
    username = side.user(mfa=False)
    for _ in range(5):
        side.initiate(username)
    ids, kwargs = [], {"MaxResults": 2}
    while True:
        answer = events(side, username, **kwargs)
        assert len(answer["AuthEvents"]) <= 2
        ids += [e["EventId"] for e in answer["AuthEvents"]]
        if "NextToken" not in answer:
            break
        kwargs = {"MaxResults": 2, "NextToken": answer["NextToken"]}
    assert ids == [e["EventId"] for e in events(side, username)["AuthEvents"]] and len(ids) == 5
    side.idp.admin_update_auth_event_feedback(
        UserPoolId=audited.pool_id, Username=username, EventId=ids[1], FeedbackValue="Invalid"
    )
    feedback = events(side, username)["AuthEvents"][1]["EventFeedback"]
    assert feedback["FeedbackValue"] == "Invalid" and feedback["Provider"] and feedback["FeedbackDate"]
    with pytest.raises(ClientError) as unknown:
        side.idp.admin_update_auth_event_feedback(
            UserPoolId=audited.pool_id, Username=username, EventId="no-such-event", FeedbackValue="Valid"
        )
    assert code_of(unknown) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as too_many:
        events(side, username, MaxResults=61)
    assert code_of(too_many) == "InvalidParameterException"


def test_without_the_add_on_events_are_refused(emulator: Emulator, pool: Pool) -> None:
    side = Side(emulator, pool, False)
    username = side.user(mfa=False)
    side.initiate(username)
    with pytest.raises(ClientError) as listed:
        events(side, username)
    assert code_of(listed) == "UserPoolAddOnNotEnabledException"
    with pytest.raises(ClientError) as feedback:
        side.idp.admin_update_auth_event_feedback(
            UserPoolId=pool.pool_id, Username=username, EventId="e", FeedbackValue="Valid"
        )
    assert code_of(feedback) == "UserPoolAddOnNotEnabledException"


def test_setup_refuses_unknown_modes(emulator: Emulator) -> None:
    with pytest.raises(EmulatorError):
        emulator.setup(threat_protection="ON")
