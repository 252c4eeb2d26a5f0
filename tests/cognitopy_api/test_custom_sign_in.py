"""CUSTOM_AUTH through the public API of the cognitopy family: ``sign_in(auth_flow=
"CUSTOM_AUTH")`` and ``confirm_sign_in(step, answer=...)``, three rounds of the emulator's
Lambda triggers (tests/emulator/test_custom_auth.py drives the same flow through the core),
with the ClientMetadata of each answer handed to the triggers."""

from __future__ import annotations

from typing import Any

import pytest

from fastcognito import SignInStep
from fastcognito.exceptions import NotAuthorizedException
from fastcognito.testing import Pool
from tests.emulator.test_custom_auth import ANSWER, install
from tests.helpers import Api


def received(pool: Pool, trigger: str) -> list[Any]:
    return [e["event"]["request"].get("clientMetadata") for e in pool.trigger_events(trigger)]


def test_three_rounds_through_sign_in_and_confirm_sign_in(api: Api) -> None:
    name = api.confirmed()
    install(api.pool)
    step = api.api.sign_in(name, auth_flow="CUSTOM_AUTH", client_metadata={"round": "0"})
    assert isinstance(step, SignInStep) and not step.signed_in
    assert step.challenge_name == "CUSTOM_CHALLENGE" and step.username == name
    assert step.parameters["question"] == "round 1: six times seven?"
    step = api.api.confirm_sign_in(step, answer="41", client_metadata={"round": "1"})
    assert step.challenge_name == "CUSTOM_CHALLENGE" and step.parameters["question"].startswith("round 2")
    step = api.api.confirm_sign_in(step, answer=ANSWER, client_metadata={"round": "2"})
    assert step.parameters["question"].startswith("round 3")
    done = api.api.confirm_sign_in(step, answer=ANSWER, client_metadata={"round": "3"})
    assert done.signed_in and done.tokens is not None and done.challenge_name is None
    assert api.api.get_info_user_by_token(done.tokens["access_token"])["username"] == name

    # Cognito hands InitiateAuth's ClientMetadata to Pre sign-up, Pre authentication and User
    # migration only; the define/create/verify triggers get RespondToAuthChallenge's.
    assert [c["client_metadata"] for c in api.pool.client_metadata("InitiateAuth")] == [{"round": "0"}]
    assert received(api.pool, "DefineAuthChallenge") == [None] + [{"round": str(n)} for n in (1, 2, 3)]
    assert received(api.pool, "CreateAuthChallenge") == [None] + [{"round": str(n)} for n in (1, 2)]
    assert received(api.pool, "VerifyAuthChallengeResponse") == [{"round": str(n)} for n in (1, 2, 3)]
    verifies = api.pool.trigger_events("VerifyAuthChallengeResponse")
    assert [e["event"]["request"]["challengeAnswer"] for e in verifies] == ["41", ANSWER, ANSWER]
    assert [e["response"]["answerCorrect"] for e in verifies] == [False, True, True]
    assert [c["client_metadata"] for c in api.pool.client_metadata("RespondToAuthChallenge")] == [
        {"round": str(n)} for n in (1, 2, 3)
    ]


def test_three_wrong_answers_fail_the_authentication(api: Api) -> None:
    name = api.confirmed()
    install(api.pool)
    step = api.api.sign_in(name, auth_flow="CUSTOM_AUTH")
    for _ in range(2):
        step = api.api.confirm_sign_in(step, answer="0")
        assert step.challenge_name == "CUSTOM_CHALLENGE"
    with pytest.raises(NotAuthorizedException):
        api.api.confirm_sign_in(step, answer="0")
    defines = api.pool.trigger_events("DefineAuthChallenge")
    assert defines[-1]["response"]["failAuthentication"] is True
    assert received(api.pool, "DefineAuthChallenge") == [None, {}, {}, {}]  # none given: an empty map


def test_a_custom_challenge_needs_an_answer(api: Api) -> None:
    name = api.confirmed()
    install(api.pool)
    step = api.api.sign_in(name, auth_flow="CUSTOM_AUTH")
    before = len(api.pool.client_metadata())
    with pytest.raises(ValueError, match="CUSTOM_CHALLENGE step needs answer="):
        api.api.confirm_sign_in(step, code="42")
    assert len(api.pool.client_metadata()) == before  # nothing was sent
