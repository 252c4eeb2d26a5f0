"""The generated API reference is fresh, and every relative link in the docs leads somewhere."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]


def test_api_reference_is_fresh() -> None:
    made_with = re.search(r"\(CPython (\d+\.\d+)", (ROOT / "docs" / "api.md").read_text())
    assert made_with is not None
    if made_with.group(1) != f"{sys.version_info.major}.{sys.version_info.minor}":
        pytest.skip(f"docs/api.md was generated with CPython {made_with.group(1)} (argparse's help differs)")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_api_docs.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_relative_links_resolve(page: Path) -> None:
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text())
    broken = [link for link in links if "://" not in link and not (page.parent / link).exists()]
    assert not broken, broken


def test_api_reference_covers_every_public_method() -> None:
    from fastcognito import Cognito, CognitoPy

    text = (ROOT / "docs" / "api.md").read_text()
    for cls in (CognitoPy, Cognito):
        for name in dir(cls):
            attr = getattr(cls, name)
            if not name.startswith("_") and callable(attr) and not isinstance(attr, type):
                assert f" {name}(" in text, f"{cls.__name__}.{name} is missing from docs/api.md"
