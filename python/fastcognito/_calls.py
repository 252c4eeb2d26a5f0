"""Runs an operation written once, as a *plan*, either blocking or awaited.

A plan is a generator method: it validates its arguments, yields ``_core.PendingCall``
objects, receives each call's result (or has its exception thrown in), and returns the
shaped result. A plan that needs no I/O is a plain function and its value is returned as is.
:func:`sync_method` and :func:`async_method` turn a plan into the public method.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Generator
from types import GeneratorType
from typing import Any, TypeAlias, TypeVar

from .exceptions import CognitoError

T = TypeVar("T")

#: A method written once as a plan: it yields ``_core.PendingCall`` objects and returns a T.
Plan: TypeAlias = Generator[Any, Any, T]

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
Translate = Callable[[CognitoError], BaseException]


def _identity(exc: CognitoError) -> BaseException:
    return exc


def run_sync(plan: Any, translate: Translate = _identity) -> Any:
    if type(plan) is not GeneratorType:
        return plan
    result: Any = None
    error: BaseException | None = None
    while True:
        try:
            call = plan.send(result) if error is None else plan.throw(error)
        except StopIteration as stop:
            return stop.value
        try:
            result, error = call.wait(), None
        except CognitoError as exc:
            result, error = None, translate(exc)


async def run_async(plan: Any, translate: Translate = _identity) -> Any:
    if type(plan) is not GeneratorType:
        return plan
    result: Any = None
    error: BaseException | None = None
    while True:
        try:
            call = plan.send(result) if error is None else plan.throw(error)
        except StopIteration as stop:
            return stop.value
        try:
            result, error = await call.future(), None
        except CognitoError as exc:
            result, error = None, translate(exc)


def _log(logger: Any, name: str, started: float, error: BaseException | None) -> None:
    outcome = "ok" if error is None else type(error).__name__
    logger.debug("%s: %s in %.2f ms", name, outcome, (time.perf_counter() - started) * 1e3)


def sync_method(plan: Callable[..., Generator[Any, Any, T] | T], translate: Translate = _identity) -> Callable[..., T]:
    name = plan.__qualname__

    @functools.wraps(plan)
    def method(*args: Any, **kwargs: Any) -> T:
        logger = _debug_logger()
        if logger is None:
            return run_sync(plan(*args, **kwargs), translate)  # type: ignore[no-any-return]
        started = time.perf_counter()
        try:
            result = run_sync(plan(*args, **kwargs), translate)
        except BaseException as exc:
            _log(logger, name, started, exc)
            raise
        _log(logger, name, started, None)
        return result  # type: ignore[no-any-return]

    return method


def async_method(plan: Callable[..., Any], translate: Translate = _identity) -> Callable[..., Any]:
    name = plan.__qualname__

    @functools.wraps(plan)
    async def method(*args: Any, **kwargs: Any) -> Any:
        logger = _debug_logger()
        if logger is None:
            return await run_async(plan(*args, **kwargs), translate)
        started = time.perf_counter()
        try:
            result = await run_async(plan(*args, **kwargs), translate)
        except BaseException as exc:
            _log(logger, name, started, exc)
            raise
        _log(logger, name, started, None)
        return result

    return method


def install_twins(
    plans: type,
    sync_cls: type,
    async_cls: type,
    names: list[str],
    translate: Translate = _identity,
) -> None:
    """Gives ``sync_cls`` a blocking and ``async_cls`` an awaitable method per plan in ``names``."""
    for name in names:
        raw = plans.__dict__[name]
        if isinstance(raw, staticmethod):
            func = raw.__func__
            setattr(sync_cls, name, staticmethod(sync_method(func, translate)))
            setattr(async_cls, name, staticmethod(async_method(func, translate)))
        else:
            setattr(sync_cls, name, sync_method(raw, translate))
            setattr(async_cls, name, async_method(raw, translate))
