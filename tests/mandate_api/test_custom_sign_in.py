"""CUSTOM_AUTH through the public API of the mandate family: ``sign_in(auth_flow=
"CUSTOM_AUTH")`` and ``confirm_sign_in(step, answer=...)`` as the object's user, three rounds
of the emulator's Lambda triggers, the ClientMetadata of each answer handed to the triggers,
and the verified tokens stored on the object at the end."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fastcognito import Cognito, SyncCognito
from fastcognito.exceptions import NotAuthorizedException
from fastcognito.testing import Emulator, Pool
from tests.emulator.test_custom_auth import ANSWER, install
from tests.helpers import PASSWORD, Driver


@pytest.fixture(
    params=[(Cognito, False), (Cognito, True), (SyncCognito, False), (SyncCognito, True)],
    ids=["async-public", "async-secret", "sync-public", "sync-secret"],
)
def cog(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> Driver:
    cls, with_secret = request.param
    name = f"c-{uuid.uuid4().hex[:8]}"
    emulator.create_user(pool.pool_id, name, PASSWORD, email=f"{name}@example.com")
    client_id = pool.secret_client_id if with_secret else pool.public_client_id
    secret = pool.client_secret if with_secret else None
    install(pool)
    return Driver(cls(pool.pool_id, client_id, username=name, client_secret=secret, endpoint_url=emulator.url))


def received(pool: Pool, trigger: str) -> list[Any]:
    return [e["event"]["request"].get("clientMetadata") for e in pool.trigger_events(trigger)]


def test_three_rounds_store_the_verified_tokens(cog: Driver, pool: Pool) -> None:
    step = cog.sign_in(auth_flow="CUSTOM_AUTH", client_metadata={"round": "0"})
    assert step.challenge_name == "CUSTOM_CHALLENGE" and step.parameters["question"].startswith("round 1")
    assert cog.access_token is None
    step = cog.confirm_sign_in(step, answer="41", client_metadata={"round": "1"})
    assert step.parameters["question"].startswith("round 2")
    step = cog.confirm_sign_in(step, answer=ANSWER, client_metadata={"round": "2"})
    assert step.parameters["question"].startswith("round 3") and cog.access_token is None
    done = cog.confirm_sign_in(step, answer=ANSWER, client_metadata={"round": "3"})
    assert done.signed_in
    assert cog.access_token == done.tokens["access_token"] and cog.id_token == done.tokens["id_token"]
    assert cog.refresh_token == done.tokens["refresh_token"]
    assert cog.access_claims["username"] == cog.username  # verified against the pool's keys
    assert cog.id_claims["cognito:username"] == cog.username
    assert cog.get_user().username == cog.username

    # InitiateAuth's ClientMetadata goes to Pre sign-up/Pre authentication/User migration only.
    assert [c["client_metadata"] for c in pool.client_metadata("InitiateAuth")] == [{"round": "0"}]
    assert received(pool, "DefineAuthChallenge") == [None] + [{"round": str(n)} for n in (1, 2, 3)]
    assert received(pool, "CreateAuthChallenge") == [None] + [{"round": str(n)} for n in (1, 2)]
    assert received(pool, "VerifyAuthChallengeResponse") == [{"round": str(n)} for n in (1, 2, 3)]
    verifies = pool.trigger_events("VerifyAuthChallengeResponse")
    assert [e["response"]["answerCorrect"] for e in verifies] == [False, True, True]


def test_fail_authentication_ends_in_not_authorized(cog: Driver, pool: Pool) -> None:
    step = cog.sign_in(auth_flow="CUSTOM_AUTH")
    for _ in range(2):
        step = cog.confirm_sign_in(step, answer="0", client_metadata={"try": "again"})
    with pytest.raises(NotAuthorizedException):
        cog.confirm_sign_in(step, answer="0", client_metadata={"try": "last"})
    assert cog.access_token is None
    defines = pool.trigger_events("DefineAuthChallenge")
    assert defines[-1]["response"]["failAuthentication"] is True
    assert defines[-1]["event"]["request"]["clientMetadata"] == {"try": "last"}
