"""moto's internals reach fastcognito through one module, fastcognito.testing._moto: no other
module of the package, and no test, example, script or benchmark, imports moto, so a moto
upgrade touches one file."""

from __future__ import annotations

import ast
from pathlib import Path

import fastcognito
from fastcognito.testing import _moto

PACKAGE = Path(fastcognito.__file__).resolve().parent
ADAPTER = Path(_moto.__file__).resolve()
ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())


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


def test_tests_examples_scripts_and_the_benchmark_use_the_adapter() -> None:
    files = [p for d in ("tests", "examples", "scripts", "bench") for p in sorted((ROOT / d).rglob("*.py"))]
    assert Path(__file__).resolve() in files
    offenders = {str(p.relative_to(ROOT)): moto_imports(p) for p in files if ".venv" not in p.parts}
    assert {p: names for p, names in offenders.items() if names} == {}
