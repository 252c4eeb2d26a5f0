"""The twins: each plan made into a blocking and an awaitable method (fastcognito._calls).

What users and tools see at run time must be the public shape: names, signatures, return
types and coroutine-ness, never the private plan class or ``Plan[...]``; and a plan calls
another plan by its ordinary name in both twins.
"""

from __future__ import annotations

import asyncio
import inspect
import pydoc
import typing
from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, Cognito, CognitoPy, Device, SyncCognito, UserContext
from fastcognito._calls import Plan, Twinned, plan, plans_of

BLOCKING = [CognitoPy, SyncCognito]
AWAITABLE = [AsyncCognitoPy, Cognito]


def public_methods(cls: type) -> list[str]:
    names = list(plans_of(cls))
    assert len(names) > 25, cls
    return names


@pytest.mark.parametrize("cls", BLOCKING + AWAITABLE, ids=lambda c: c.__name__)
def test_every_twin_shows_its_public_shape(cls: type) -> None:
    awaitable = cls in AWAITABLE
    for name in public_methods(cls):
        method = getattr(cls, name)
        assert method.__qualname__ == f"{cls.__name__}.{name}"
        assert method.__module__ == cls.__module__
        assert inspect.iscoroutinefunction(method) is awaitable, name
        signature = inspect.signature(method)
        assert "Plan" not in str(signature.return_annotation), (name, signature)
        hints = typing.get_type_hints(method)
        assert "Plan" not in repr(hints.get("return")), name
        assert method.__doc__, name
        text = pydoc.render_doc(method)
        assert "Plans" not in text and "Plan[" not in text, (name, text)


def test_known_signatures() -> None:
    metadata = dict[str, str] | None
    assert typing.get_type_hints(CognitoPy.login) == {
        "username": str,
        "password": str,
        "client_metadata": metadata,
        "device": Device | None,
        "context": UserContext | None,
        "return": dict[str, Any],
    }
    assert str(inspect.signature(CognitoPy.login)) == (
        "(self, username: 'str', password: 'str', *, client_metadata: 'dict[str, str] | None' = None,"
        " device: 'Device | None' = None, context: 'UserContext | None' = None) -> 'dict[str, Any]'"
    )
    assert inspect.iscoroutinefunction(Cognito.authenticate)
    assert typing.get_type_hints(Cognito.authenticate) == {
        "password": str,
        "client_metadata": metadata,
        "context": UserContext | None,
        "return": type(None),
    }
    assert inspect.iscoroutinefunction(AsyncCognitoPy.check_expired_token)
    assert isinstance(inspect.getattr_static(AsyncCognitoPy, "check_expired_token"), staticmethod)
    assert not inspect.iscoroutinefunction(CognitoPy.check_expired_token)
    signature = inspect.signature(SyncCognito.admin_set_user_password)
    assert list(signature.parameters) == ["self", "username", "password", "permanent"]
    assert signature.parameters["permanent"].default is False


def test_bound_methods_are_coroutine_functions_too() -> None:
    client = AsyncCognitoPy("eu-west-1_AbC", "client", "")
    assert inspect.iscoroutinefunction(client.login)
    coroutine = client.get_info_user_by_token(123)  # type: ignore[arg-type]
    assert inspect.iscoroutine(coroutine)
    with pytest.raises(ValueError):
        asyncio.run(coroutine)


class _Counting(Twinned):
    """Plans that call each other by their ordinary names, with no I/O."""

    @plan
    def double(self, x: int) -> Plan[int]:
        return x * 2
        yield  # a plan without calls is still a generator

    @plan
    def plain(self) -> int:
        return 5

    @plan
    def combined(self, x: int) -> Plan[int]:
        doubled = yield from self.double(x)
        five = yield from self.plain()
        return doubled + five

    @plan
    def nested(self, x: int) -> Plan[int]:
        return (yield from self.combined(x)) * 10


class _Blocking(_Counting, twin="blocking"):
    pass


class _Awaitable(_Counting, twin="awaitable"):
    pass


def test_a_plan_calls_another_by_its_name_in_both_twins() -> None:
    assert _Blocking().nested(1) == 70
    assert asyncio.run(_Awaitable().nested(1)) == 70
    # Outside a plan, the twins are ordinary methods again.
    assert _Blocking().double(4) == 8 and _Blocking().plain() == 5
    assert asyncio.run(_Awaitable().plain()) == 5
    assert inspect.iscoroutine(coroutine := _Awaitable().double(4))
    assert asyncio.run(coroutine) == 8


def test_plans_running_in_many_tasks_do_not_leak_into_each_other() -> None:
    async def main() -> list[Any]:
        client = _Awaitable()
        results = await asyncio.gather(*(client.nested(i) for i in range(50)))
        return [results, await client.double(3)]

    results, plain = asyncio.run(main())
    assert results == [(2 * i + 5) * 10 for i in range(50)] and plain == 6


def test_twin_kind_is_checked() -> None:
    with pytest.raises(ValueError, match="twin must be"):

        class _Bad(_Counting, twin="sideways"):
            pass
