"""docs/managed-login.md: every Python snippet runs, in order, in one namespace (the first
starts an emulator, the last stops it); no code block escapes the run by its language tag, and
the guide's in-page links lead to its headings."""

from __future__ import annotations

import linecache
import re
from pathlib import Path

from tests.packaging.test_verifying_tokens_doc import NOT_PYTHON, blocks

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
PAGE = ROOT / "docs" / "managed-login.md"


def test_every_block_is_python_or_plainly_not() -> None:
    tags = [tag for tag, _, _ in blocks(PAGE.read_text())]
    assert tags.count("python") >= 10
    assert set(tags) <= NOT_PYTHON | {"python"}, f"a block tagged neither python nor {sorted(NOT_PYTHON)}"


def test_every_python_snippet_runs() -> None:
    text = PAGE.read_text()
    snippets = [(line, code) for tag, line, code in blocks(text) if tag == "python"]
    namespace: dict[str, object] = {"__name__": "managed_login_doc"}
    name = str(PAGE)
    linecache.cache[name] = (len(text), None, text.splitlines(keepends=True), name)
    ran = 0
    try:
        for line, code in snippets:
            exec(compile("\n" * (line - 1) + code, name, "exec"), namespace)
            ran += 1
    finally:
        emu = namespace.get("emu")
        stopped = emu is not None and emu.process is None  # type: ignore[attr-defined]
        if emu is not None:
            emu.stop()  # type: ignore[attr-defined]
    assert ran == len(snippets)
    assert stopped, "the last snippet stops the emulator the first one started"


def test_in_page_links_lead_to_headings() -> None:
    text = PAGE.read_text()
    headings = re.findall(r"^#+ (.+)$", text, flags=re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links
    assert set(links) <= anchors, set(links) - anchors
