"""Annotations that run-time introspection can still evaluate.

The package's modules import the names their annotations use (``Any``, ``Iterable``...) only
for type checkers, so that importing them does not load ``typing`` (the largest part of a
fresh process's import cost). ``typing.get_type_hints`` and ``inspect.signature(eval_str=True)``
evaluate a function's annotations in the globals of the function ``__wrapped__`` leads to, so
each function the modules define points there at a copy of itself (never called) whose globals
find those names when asked: the module's own, then its lazy ones (module ``__getattr__``),
then ``collections.abc``'s and ``typing``'s, imported only then.
"""

from __future__ import annotations

from types import FunctionType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Namespace", "namespace", "face", "hinted"]


class Namespace(dict):  # type: ignore[type-arg]
    """A module's names for evaluating annotations, looked up when asked for."""

    __slots__ = ("module_globals",)

    def __init__(self, module_globals: dict[str, Any]) -> None:
        super().__init__(__builtins__=module_globals.get("__builtins__", __builtins__))
        self.module_globals = module_globals

    def __missing__(self, key: str) -> Any:
        found = self.module_globals
        if key in found:
            return found[key]
        lazy = found.get("__getattr__")
        if lazy is not None:
            try:
                return lazy(key)
            except AttributeError:
                pass
        import collections.abc
        import typing

        for source in (collections.abc, typing):
            if hasattr(source, key):
                return getattr(source, key)
        raise KeyError(key)


_namespaces: dict[str, Namespace] = {}


def namespace(module_globals: dict[str, Any]) -> Namespace:
    """The :class:`Namespace` of a module (one per module)."""
    name = module_globals["__name__"]
    found = _namespaces.get(name)
    if found is None:
        found = _namespaces[name] = Namespace(module_globals)
    return found


def face(func: FunctionType, name: str | None = None) -> FunctionType:
    """A copy of ``func`` (same code, defaults, annotations, docstring) whose globals are its
    module's :class:`Namespace`: what ``__wrapped__`` points at. Never called."""
    copy = FunctionType(
        func.__code__, namespace(func.__globals__), name or func.__name__, func.__defaults__, func.__closure__
    )
    copy.__kwdefaults__ = func.__kwdefaults__
    copy.__annotations__ = func.__annotations__
    copy.__doc__ = func.__doc__
    copy.__module__ = func.__module__
    copy.__qualname__ = func.__qualname__
    return copy


def _point(func: object) -> None:
    if isinstance(func, FunctionType) and "__wrapped__" not in func.__dict__ and func.__annotations__:
        func.__wrapped__ = face(func)  # type: ignore[attr-defined]


def _public(name: str) -> bool:
    return not name.startswith("_") or name in ("__init__", "__new__", "__call__")


def hinted(module_globals: dict[str, Any]) -> None:
    """Called at the end of a module: points each public function it defines, at module level
    or in its classes (methods, static and class methods, properties; a private base's public
    methods are a public class's), at its :func:`face`."""
    module = module_globals["__name__"]
    for name, value in list(module_globals.items()):
        if getattr(value, "__module__", None) != module:
            continue
        if isinstance(value, FunctionType):
            if _public(name):
                _point(value)
        elif isinstance(value, type):
            for attribute_name, attribute in vars(value).items():
                if not _public(attribute_name):
                    continue
                if isinstance(attribute, (staticmethod, classmethod)):
                    _point(attribute.__func__)
                elif isinstance(attribute, property):
                    _point(attribute.fget)
                    _point(attribute.fset)
                else:
                    _point(attribute)
