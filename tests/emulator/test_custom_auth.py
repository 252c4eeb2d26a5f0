"""The emulator's CUSTOM_AUTH flow and its Lambda triggers (Python callables registered on the
pool), driven through the core's auth operations, blocking and awaited, with and without an
app client secret; and the events each trigger received."""

from __future__ import annotations

import asyncio
import json
import urllib.request
import uuid
from typing import Any

import pytest

from fastcognito import _core
from fastcognito.exceptions import (
    InvalidParameterException,
    NotAuthorizedException,
    UserLambdaValidationException,
)
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD

ANSWER = "42"


class Core:
    """A core client of one app client, each call blocking or awaited."""

    def __init__(self, emulator: Emulator, pool: Pool, with_secret: bool, awaited: bool) -> None:
        client_id = pool.secret_client_id if with_secret else pool.public_client_id
        secret = pool.client_secret if with_secret else None
        self.core = _core.CoreClient(pool.pool_id, client_id, secret, endpoint_url=emulator.url)
        self.awaited = awaited

    def run(self, call: Any) -> Any:
        if self.awaited:

            async def wait() -> Any:
                return await call.future()

            return asyncio.run(wait())
        return call.wait()

    def initiate(self, username: str) -> Any:
        return self.run(self.core.initiate_auth("CUSTOM_AUTH", {"USERNAME": username}, username))

    def answer(self, step: Any, answer: str) -> Any:
        internal = step["ChallengeParameters"]["USERNAME"]
        responses = {"USERNAME": internal, "ANSWER": answer}
        return self.run(self.core.respond_to_auth_challenge("CUSTOM_CHALLENGE", responses, step["Session"], internal))


@pytest.fixture(
    params=[(False, False), (True, False), (False, True), (True, True)],
    ids=["sync-public", "sync-secret", "async-public", "async-secret"],
)
def core(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> Core:
    with_secret, awaited = request.param
    return Core(emulator, pool, with_secret, awaited)


@pytest.fixture
def user(emulator: Emulator, pool: Pool) -> str:
    name = f"user-{uuid.uuid4().hex[:10]}"
    emulator.create_user(pool.pool_id, name, PASSWORD, email=f"{name}@example.com")
    return name


def define(event: dict[str, Any]) -> dict[str, Any]:
    """Two right answers sign in; three rounds without them fail."""
    session = event["request"]["session"]
    right = sum(1 for entry in session if entry["challengeResult"])
    if right >= 2:
        event["response"].update(issueTokens=True, failAuthentication=False)
    elif len(session) >= 3:
        event["response"].update(issueTokens=False, failAuthentication=True)
    else:
        event["response"].update(challengeName="CUSTOM_CHALLENGE", issueTokens=False, failAuthentication=False)
    return event


def create(event: dict[str, Any]) -> dict[str, Any]:
    round_ = len(event["request"]["session"]) + 1
    event["response"]["publicChallengeParameters"] = {"question": f"round {round_}: six times seven?"}
    event["response"]["privateChallengeParameters"] = {"answer": ANSWER}
    event["response"]["challengeMetadata"] = f"QUESTION-{round_}"
    return event


def verify(event: dict[str, Any]) -> None:
    # Changed in place, returning nothing: the emulator takes the event it sent.
    request = event["request"]
    event["response"]["answerCorrect"] = request["challengeAnswer"] == request["privateChallengeParameters"]["answer"]


def install(pool: Pool) -> None:
    pool.set_trigger("DefineAuthChallenge", define)
    pool.set_trigger("CreateAuthChallenge", create)
    pool.set_trigger("VerifyAuthChallengeResponse", verify)


def test_three_rounds_a_wrong_answer_then_two_right_ones(core: Core, pool: Pool, user: str) -> None:
    install(pool)
    step = core.initiate(user)
    assert step["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert step["ChallengeParameters"] == {"question": "round 1: six times seven?", "USERNAME": user}
    assert "answer" not in json.dumps(step["ChallengeParameters"])  # the private half stays private
    step = core.answer(step, "41")
    assert step["ChallengeParameters"]["question"].startswith("round 2")
    step = core.answer(step, ANSWER)
    assert step["ChallengeParameters"]["question"].startswith("round 3")
    done = core.answer(step, ANSWER)
    tokens = done["AuthenticationResult"]
    me = core.run(core.core.get_user(tokens["AccessToken"]))
    assert me["Username"] == user

    defines = [e["event"] for e in pool.trigger_events("DefineAuthChallenge")]
    assert [e["triggerSource"] for e in defines] == ["DefineAuthChallenge_Authentication"] * 4
    assert [
        [(s["challengeName"], s["challengeResult"], s["challengeMetadata"]) for s in e["request"]["session"]]
        for e in defines
    ] == [
        [],
        [("CUSTOM_CHALLENGE", False, "QUESTION-1")],
        [("CUSTOM_CHALLENGE", False, "QUESTION-1"), ("CUSTOM_CHALLENGE", True, "QUESTION-2")],
        [
            ("CUSTOM_CHALLENGE", False, "QUESTION-1"),
            ("CUSTOM_CHALLENGE", True, "QUESTION-2"),
            ("CUSTOM_CHALLENGE", True, "QUESTION-3"),
        ],
    ]
    first = defines[0]
    assert first["userPoolId"] == pool.pool_id and first["userName"] == user
    assert first["callerContext"]["clientId"] == core.core.client_id
    assert first["request"]["userAttributes"]["email"] == f"{user}@example.com"
    assert first["request"]["userNotFound"] is False
    assert "clientMetadata" not in first["request"]  # InitiateAuth runs it without metadata
    verifies = pool.trigger_events("VerifyAuthChallengeResponse")
    assert [e["event"]["request"]["challengeAnswer"] for e in verifies] == ["41", ANSWER, ANSWER]
    assert [e["response"]["answerCorrect"] for e in verifies] == [False, True, True]
    assert all(e["event"]["request"]["privateChallengeParameters"] == {"answer": ANSWER} for e in verifies)
    creates = pool.trigger_events("CreateAuthChallenge")
    assert [e["event"]["request"]["challengeName"] for e in creates] == ["CUSTOM_CHALLENGE"] * 3


def test_fail_authentication_ends_in_not_authorized(core: Core, pool: Pool, user: str) -> None:
    install(pool)
    step = core.initiate(user)
    for _ in range(2):
        step = core.answer(step, "wrong")
    with pytest.raises(NotAuthorizedException, match="Incorrect username or password"):
        core.answer(step, "wrong again")
    assert pool.trigger_events("DefineAuthChallenge")[-1]["response"]["failAuthentication"] is True


def test_a_session_answers_once(core: Core, pool: Pool, user: str) -> None:
    install(pool)
    first = core.initiate(user)
    core.answer(first, ANSWER)
    with pytest.raises(NotAuthorizedException, match="Invalid session"):
        core.answer(first, ANSWER)
    with pytest.raises(NotAuthorizedException, match="Invalid session"):
        core.answer(dict(first, Session="made-up"), ANSWER)


def test_an_answer_for_another_user_is_refused(emulator: Emulator, pool: Pool, user: str) -> None:
    install(pool)
    core = Core(emulator, pool, False, False)
    other = f"other-{uuid.uuid4().hex[:8]}"
    emulator.create_user(pool.pool_id, other, PASSWORD)
    step = core.initiate(user)
    with pytest.raises(NotAuthorizedException):
        core.answer(dict(step, ChallengeParameters={"USERNAME": other}), ANSWER)


def test_without_the_triggers_custom_auth_is_refused(emulator: Emulator, pool: Pool, user: str) -> None:
    core = Core(emulator, pool, True, False)
    with pytest.raises(InvalidParameterException, match="not configured"):
        core.initiate(user)
    pool.set_trigger("DefineAuthChallenge", define)  # no CreateAuthChallenge
    with pytest.raises(InvalidParameterException, match="not configured"):
        core.initiate(user)


def test_a_trigger_that_raises_fails_the_call_with_its_message(core: Core, pool: Pool, user: str) -> None:
    install(pool)

    def broken(event: dict[str, Any]) -> None:
        raise RuntimeError("no questions today")

    pool.set_trigger("CreateAuthChallenge", broken)
    with pytest.raises(UserLambdaValidationException, match="CreateAuthChallenge failed with error no questions today"):
        core.initiate(user)


def test_an_async_trigger_and_one_removed(emulator: Emulator, pool: Pool, user: str) -> None:
    install(pool)

    async def create_later(event: dict[str, Any]) -> dict[str, Any]:
        await asyncio.sleep(0)
        return create(event)

    pool.set_trigger("CreateAuthChallenge", create_later)
    core = Core(emulator, pool, False, True)
    assert core.initiate(user)["ChallengeName"] == "CUSTOM_CHALLENGE"
    pool.set_trigger("CreateAuthChallenge", None)
    with pytest.raises(InvalidParameterException):
        core.initiate(user)


def test_unknown_trigger_names_and_non_callables_are_refused(pool: Pool) -> None:
    with pytest.raises(ValueError, match="DefineAuthChallenge"):
        pool.set_trigger("DefineAuthChalenge", define)
    with pytest.raises(TypeError):
        pool.set_trigger("DefineAuthChallenge", "define")  # type: ignore[arg-type]


def _call(emulator: Emulator, op: str, body: dict[str, Any]) -> dict[str, Any]:
    """A raw Cognito request: ClientMetadata on the auth answers is part A's core argument."""
    request = urllib.request.Request(
        emulator.url,
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{op}",
        },
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as resp:
        return json.loads(resp.read())  # type: ignore[no-any-return]


def test_the_challenge_triggers_get_the_answers_client_metadata(emulator: Emulator, pool: Pool, user: str) -> None:
    install(pool)
    metadata = {"device": "kiosk-7", "locale": "fr"}
    step = _call(
        emulator,
        "InitiateAuth",
        {
            "ClientId": pool.public_client_id,
            "AuthFlow": "CUSTOM_AUTH",
            "AuthParameters": {"USERNAME": user},
            "ClientMetadata": {"ignored": "by the initiate call"},
        },
    )
    for answer in (ANSWER, ANSWER):
        step = _call(
            emulator,
            "RespondToAuthChallenge",
            {
                "ClientId": pool.public_client_id,
                "ChallengeName": "CUSTOM_CHALLENGE",
                "Session": step["Session"],
                "ChallengeResponses": {"USERNAME": user, "ANSWER": answer},
                "ClientMetadata": metadata,
            },
        )
    assert "AccessToken" in step["AuthenticationResult"]
    events = pool.trigger_events()
    by_round = [(e["trigger"], e["event"]["request"].get("clientMetadata")) for e in events]
    assert by_round == [
        ("DefineAuthChallenge", None),
        ("CreateAuthChallenge", None),
        ("VerifyAuthChallengeResponse", metadata),
        ("DefineAuthChallenge", metadata),
        ("CreateAuthChallenge", metadata),
        ("VerifyAuthChallengeResponse", metadata),
        ("DefineAuthChallenge", metadata),
    ]
    calls = pool.client_metadata()
    assert [c["operation"] for c in calls] == ["InitiateAuth", "RespondToAuthChallenge", "RespondToAuthChallenge"]
    assert calls[0]["client_metadata"] == {"ignored": "by the initiate call"}
    assert calls[1]["client_metadata"] == metadata


def test_a_client_without_custom_auth_is_refused(emulator: Emulator, pool: Pool, user: str) -> None:
    install(pool)
    # A client made with boto3-style settings and no ALLOW_CUSTOM_AUTH: made through moto's API.
    created = _call(
        emulator,
        "CreateUserPoolClient",
        {"UserPoolId": pool.pool_id, "ClientName": "no-custom", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]},
    )
    client_id = created["UserPoolClient"]["ClientId"]
    core = _core.CoreClient(pool.pool_id, client_id, None, endpoint_url=emulator.url)
    with pytest.raises(InvalidParameterException, match="not enabled"):
        core.initiate_auth("CUSTOM_AUTH", {"USERNAME": user}, user).wait()
