"""``import fastcognito`` alone loads nothing else (its names load on first use), so a fresh
process pays only for what it uses; the names still import, type-check (``__init__.pyi``) and
list as before."""

from __future__ import annotations

import json
import subprocess
import sys

import fastcognito

PROBE = """
import json, sys
before = set(sys.modules)
import fastcognito
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_import_loads_only_the_package() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(out.stdout) == ["fastcognito"]


def test_every_name_loads_on_first_use() -> None:
    for name in fastcognito.__all__:
        assert getattr(fastcognito, name) is not None, name
    assert set(fastcognito.__all__) <= set(dir(fastcognito))
    from fastcognito.cognitopy import CognitoPy

    assert fastcognito.CognitoPy is CognitoPy


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        fastcognito.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("no AttributeError")
