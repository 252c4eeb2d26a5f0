"""docs/modern-sign-in.md: its Python snippets run, in order, in one namespace (the first
starts an emulator, the last stops it)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
PAGE = ROOT / "docs" / "modern-sign-in.md"


def snippets(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.M | re.S)


def test_the_snippets_run() -> None:
    blocks = snippets(PAGE.read_text())
    assert len(blocks) >= 6
    namespace: dict[str, object] = {"__name__": "modern_sign_in_doc"}
    try:
        for index, block in enumerate(blocks):
            exec(compile(block, f"{PAGE.name} snippet {index + 1}", "exec"), namespace)
    finally:
        emu = namespace.get("emu")
        if emu is not None:
            emu.stop()  # type: ignore[attr-defined]
