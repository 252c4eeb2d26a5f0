"""Each public method is written once, as a *plan*, and runs either blocking or awaited.

A plan is a generator method marked with :func:`plan`: it validates its arguments, yields
``_core.PendingCall`` objects, receives each call's result (or has its exception thrown in),
and returns the shaped result. A plan that needs no I/O may be a plain function.

A class that derives from a class of plans and names a ``twin`` gets one public method per
plan, installed when the class is created::

    class _Plans(Twinned):
        @plan
        def login(self, username: str) -> Plan[dict[str, Any]]:
            result = yield from self._core.initiate_auth(...)
            return shape(result)

    class Client(_Plans, twin="blocking"): ...       # Client.login(...) -> dict
    class AsyncClient(_Plans, twin="awaitable"): ... # await AsyncClient.login(...) -> dict

Inside a plan, another plan is called by its ordinary name, ``yield from self.other(...)``,
in both twins: while a plan runs, a twin method hands back the plan itself instead of
running it (a context variable says so, per thread and per asyncio task).
"""

from __future__ import annotations

import sys
import time
import types
from contextvars import ContextVar
from types import FunctionType, GeneratorType, MethodType

# Every module that makes calls imports this one, so this is where a failed call gets its
# exception classes (the factory ``_core`` calls is registered by ``exceptions``) and the
# interpreter's exit its shutdown hook, whichever public name was imported first.
from . import exceptions as _exceptions  # noqa: F401
from ._hints import namespace

# Annotations are for type checkers only: ``typing`` is not imported at run time (it costs a
# fresh process more than the rest of the package). mypy treats this name as always true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Generator
    from typing import Any, TypeAlias, TypeVar

    _T = TypeVar("_T")
    _F = TypeVar("_F", bound=Callable[..., Any])

    #: What a plan is: it yields ``_core.PendingCall`` objects and returns a T.
    Plan: TypeAlias = Generator[Any, Any, _T]


def __getattr__(name: str) -> object:
    # ``Plan`` for code that subscripts it at run time: built, with ``typing``, when asked for.
    if name == "Plan":
        from collections.abc import Generator
        from typing import Any, TypeVar

        plan_alias: object = Generator[Any, Any, TypeVar("_T")]  # type: ignore[misc]
        globals()["Plan"] = plan_alias
        return plan_alias
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The two kinds of twin a class of plans can have.
BLOCKING = "blocking"
AWAITABLE = "awaitable"

# True while a plan is being run: a twin method called then returns its plan.
_inside_plan: ContextVar[bool] = ContextVar("fastcognito_inside_plan", default=False)

# Records go to the "fastcognito" logger, which is quiet unless the application configures
# logging: at DEBUG they say which method ran, how long it took and how it ended, never an
# argument or a result (no password, secret or token). `logging` is not imported for this: an
# application that logs has imported it already.
_logger: Any = None


def _debug_logger() -> Any:
    """The "fastcognito" logger if DEBUG records would go anywhere, else None."""
    global _logger
    logging = sys.modules.get("logging")
    if logging is None:
        return None
    if _logger is None:
        _logger = logging.getLogger("fastcognito")
        _logger.addHandler(logging.NullHandler())
    return _logger if _logger.isEnabledFor(logging.DEBUG) else None


def plan(func: _F) -> _F:
    """Marks a method as a plan: the classes deriving from its class with a ``twin`` get it
    as a blocking or an awaitable method of the same name, signature and docstring."""
    func.__fastcognito_plan__ = True  # type: ignore[attr-defined]
    return func


def _returned(value: _T) -> Plan[_T]:
    """A plain function's value as a plan, so ``yield from self.method()`` works for both kinds."""
    return value
    yield  # pragma: no cover - makes this a generator


def _drive(steps: Generator[Any, Any, _T], wait: Callable[[Any], Generator[Any, Any, Any]]) -> Plan[_T]:
    """Runs a plan's calls in turn: ``wait(call)`` gets each result (blocking: at once;
    awaited: through the event loop), and a failure is thrown into the plan, which may handle
    it. The one loop both runners share."""
    token = _inside_plan.set(True)
    try:
        call = next(steps)
        while True:
            try:
                result = yield from wait(call)
            except BaseException as exc:
                call = steps.throw(exc)
            else:
                call = steps.send(result)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
    finally:
        _inside_plan.reset(token)


def _blocking_wait(call: Any) -> Plan[Any]:
    return call.wait()
    yield  # pragma: no cover - makes this a generator that never suspends


def _awaited_wait(call: Any) -> Plan[Any]:
    try:
        return (yield from call.future())  # an asyncio future suspends the task until it is done
    except BaseException:
        # A cancelled task stops its request too (a no-op once the call is done). Not every
        # call is a PendingCall: a shared renewal (_rotation._Flight) has nothing to stop.
        cancel = getattr(call, "cancel", None)
        if cancel is not None:
            cancel()
        raise


def run_sync(steps: Any) -> Any:
    """Runs a plan to its end, blocking on each call; a plain value is returned as is."""
    if type(steps) is not GeneratorType:
        return steps
    try:
        next(_drive(steps, _blocking_wait))
    except StopIteration as stop:
        return stop.value
    raise RuntimeError("a plan yielded something other than a fastcognito call")  # pragma: no cover


@types.coroutine
def _run_awaited(steps: Any) -> Plan[Any]:
    return (yield from _drive(steps, _awaited_wait))


async def run_async(steps: Any) -> Any:
    """Runs a plan to its end, awaiting each call; a plain value is returned as is."""
    if type(steps) is not GeneratorType:
        return steps
    return await _run_awaited(steps)


def _log(logger: Any, name: str, started: float, error: BaseException | None) -> None:
    outcome = "ok" if error is None else type(error).__name__
    logger.debug("%s: %s in %.2f ms", name, outcome, (time.perf_counter() - started) * 1e3)


def _public_return(annotation: Any) -> Any:
    """``Plan[T]`` as ``T`` (annotations are strings here: ``from __future__ import annotations``)."""
    if isinstance(annotation, str) and annotation.startswith("Plan[") and annotation.endswith("]"):
        return annotation[5:-1]
    return annotation


def _public_face(func: FunctionType, owner: type, name: str) -> FunctionType:
    """A copy of the plan with its public name and return type. The twins point at it with
    ``__wrapped__``, so that ``inspect.signature``, ``help()`` and ``typing.get_type_hints``
    show ``-> T`` where the plan says ``-> Plan[T]``, and never the private class's name.
    It is never called: its globals are the plan module's names for annotations (_hints)."""
    face = FunctionType(func.__code__, namespace(func.__globals__), name, func.__defaults__, func.__closure__)
    face.__kwdefaults__ = func.__kwdefaults__
    face.__doc__ = func.__doc__
    face.__module__ = owner.__module__
    face.__qualname__ = f"{owner.__qualname__}.{name}"
    annotations = dict(func.__annotations__)
    if "return" in annotations:
        annotations["return"] = _public_return(annotations["return"])
    face.__annotations__ = annotations
    return face


def _name_like(method: Any, face: FunctionType, kind: str) -> None:
    method.__name__ = face.__name__
    method.__qualname__ = face.__qualname__
    method.__module__ = face.__module__
    method.__doc__ = face.__doc__
    method.__annotations__ = face.__annotations__
    method.__wrapped__ = face
    method.__fastcognito_twin__ = kind


def _blocking_twin(steps_of: Callable[..., Any], face: FunctionType) -> Callable[..., Any]:
    name = face.__qualname__

    def method(*args: Any, **kwargs: Any) -> Any:
        steps = steps_of(*args, **kwargs)
        if _inside_plan.get():
            return steps if type(steps) is GeneratorType else _returned(steps)
        logger = _debug_logger()
        if logger is None:
            return run_sync(steps)
        started = time.perf_counter()
        try:
            result = run_sync(steps)
        except BaseException as exc:
            _log(logger, name, started, exc)
            raise
        _log(logger, name, started, None)
        return result

    _name_like(method, face, BLOCKING)
    return method


def _as_steps(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` returning a plan whatever it is, for a plan that calls another plan."""

    def steps(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        return result if type(result) is GeneratorType else _returned(result)

    return steps


def _awaitable_twin(steps_of: Callable[..., Any], face: FunctionType) -> Callable[..., Any]:
    name = face.__qualname__

    async def method(*args: Any, **kwargs: Any) -> Any:
        steps = steps_of(*args, **kwargs)
        logger = _debug_logger()
        if logger is None:
            return await run_async(steps)
        started = time.perf_counter()
        try:
            result = await run_async(steps)
        except BaseException as exc:
            _log(logger, name, started, exc)
            raise
        _log(logger, name, started, None)
        return result

    _name_like(method, face, AWAITABLE)
    return method


class _AwaitableMethod:
    """An awaitable twin as a class attribute. Outside a plan it is the ``async def`` twin
    itself (so ``inspect.iscoroutinefunction`` holds); inside a plan, where a coroutine cannot
    be ``yield from``-ed, ``self.name`` is the plan."""

    __slots__ = ("twin", "steps")

    def __init__(self, twin: Callable[..., Any], func: Callable[..., Any]) -> None:
        self.twin = twin
        self.steps = _as_steps(func)

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        chosen = self.steps if _inside_plan.get() else self.twin
        return chosen if obj is None else MethodType(chosen, obj)


class _AwaitableStatic(staticmethod):  # type: ignore[type-arg]
    """The same for a static plan; still a ``staticmethod`` to anything that looks."""

    def __init__(self, twin: Callable[..., Any], func: Callable[..., Any]) -> None:
        super().__init__(twin)
        self.steps = _as_steps(func)

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        return self.steps if _inside_plan.get() else self.__func__


class Twinned:
    """Base of a class of plans. A subclass declared with ``twin="blocking"`` or
    ``twin="awaitable"`` gets each :func:`plan` of its bases as a method of that kind."""

    __slots__ = ()

    def __init_subclass__(cls, twin: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if twin is None:
            return
        if twin not in (BLOCKING, AWAITABLE):
            raise ValueError(f"twin must be {BLOCKING!r} or {AWAITABLE!r}")
        for name, raw in plans_of(cls).items():
            is_static = isinstance(raw, staticmethod)
            func = raw.__func__ if is_static else raw
            face = _public_face(func, cls, name)
            if twin == BLOCKING:
                method = _blocking_twin(func, face)
                setattr(cls, name, staticmethod(method) if is_static else method)
            else:
                kind = _AwaitableStatic if is_static else _AwaitableMethod
                setattr(cls, name, kind(_awaitable_twin(func, face), func))


def plans_of(cls: type) -> dict[str, Any]:
    """The plans a class inherits, by name, in definition order (what its twins are made of)."""
    found: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            func = value.__func__ if isinstance(value, staticmethod) else value
            if getattr(func, "__fastcognito_plan__", False):
                found[name] = value
    return found
