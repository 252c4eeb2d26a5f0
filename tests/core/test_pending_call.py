"""``_core.PendingCall`` as plans use it: ``result = yield from call`` hands the call itself to
whatever runs the plan, and evaluates to the result the runner sends back (or raises what it
throws in). Driven here by hand, as a runner would, with calls that need no server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Generator
from typing import Any

import pytest

from fastcognito import _core
from fastcognito.exceptions import CognitoError

JWKS = {"keys": [{"kty": "RSA", "alg": "RS256", "kid": "k", "use": "sig", "n": "AQAB", "e": "AQAB"}]}


def core() -> _core.CoreClient:
    return _core.CoreClient("us-east-1_x", "client", endpoint_url="http://127.0.0.1:9", max_attempts=1)


def drive(plan: Generator[Any, Any, Any]) -> Any:
    """A blocking runner: wait() on each call the plan yields, send the result back."""
    result: Any = None
    error: BaseException | None = None
    while True:
        try:
            call = plan.send(result) if error is None else plan.throw(error)
        except StopIteration as stop:
            return stop.value
        assert isinstance(call, _core.PendingCall)
        try:
            result, error = call.wait(), None
        except CognitoError as exc:
            result, error = None, exc


def test_iteration_yields_the_call_once_then_ends_with_what_is_sent() -> None:
    call = core().list_groups(None, None)
    assert iter(call) is call
    assert next(call) is call
    with pytest.raises(StopIteration) as sent:
        call.send({"a": 1})
    assert sent.value.value == {"a": 1}
    with pytest.raises(StopIteration) as ended:  # `yield from` uses next() to send None
        next(call)
    assert ended.value.value is None


def test_subscriptable_at_run_time() -> None:
    assert _core.PendingCall[int] is _core.PendingCall


def test_a_plan_gets_the_result_of_yield_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COGNITO_JWKS", json.dumps(JWKS))

    def plan() -> Generator[Any, Any, str]:
        doc = yield from core().jwks_document()
        return str(doc["keys"][0]["kid"])

    assert drive(plan()) == "k"


def test_errors_are_raised_at_the_yield_from() -> None:
    def plan() -> Generator[Any, Any, str]:
        try:
            yield from core().list_groups(None, None)  # nothing listens on port 9
        except CognitoError as exc:
            return type(exc).__name__
        return "no error"

    assert drive(plan()) == "EndpointConnectionError"


def test_awaited_the_same_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COGNITO_JWKS", json.dumps(JWKS))

    async def run() -> Any:
        plan_gen = _plan_keys()
        call = next(plan_gen)
        try:
            plan_gen.send(await call.future())
        except StopIteration as stop:
            return stop.value

    assert asyncio.run(run()) == ["k"]


def _plan_keys() -> Generator[Any, Any, list[str]]:
    doc = yield from core().jwks_document()
    return [key["kid"] for key in doc["keys"]]
