"""moto's internals reach fastcognito through one module, fastcognito.testing._moto: no other
module of the package imports moto, so a moto upgrade touches one file."""

from __future__ import annotations

import ast
from pathlib import Path

import fastcognito
from fastcognito.testing import _moto

PACKAGE = Path(fastcognito.__file__).resolve().parent
ADAPTER = Path(_moto.__file__).resolve()


def moto_imports(path: Path) -> list[str]:
    """The moto modules ``path`` imports, at any depth (in functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
        ):
            names = [node.args[0].value]
        else:
            continue
        found += [n for n in names if n == "moto" or n.startswith("moto.")]
    return found


def test_only_the_adapter_imports_moto() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "testing" / "strict.py" in modules and ADAPTER in modules
    offenders = {str(p.relative_to(PACKAGE)): moto_imports(p) for p in modules if p != ADAPTER}
    assert {p: names for p, names in offenders.items() if names} == {}


def test_the_adapter_is_where_moto_comes_in() -> None:
    assert "moto.cognitoidp.models" in moto_imports(ADAPTER)
