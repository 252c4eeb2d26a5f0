"""docs/verifying-tokens.md: every Python snippet runs, in order, in one namespace (the first
starts an emulator, the last stops it); no code block escapes the run by its language tag, and
the guide's in-page links lead to its headings."""

from __future__ import annotations

import linecache
import re
from pathlib import Path

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
PAGE = ROOT / "docs" / "verifying-tokens.md"
# Blocks shown but not run: what a browser page or a shell does.
NOT_PYTHON = {"javascript", "bash", "text"}


def blocks(text: str) -> list[tuple[str, int, str]]:
    """Every fenced block: (language tag, line number of its first line, code)."""
    found: list[tuple[str, int, str]] = []
    lines = text.splitlines(keepends=True)
    start, tag = -1, ""
    for number, line in enumerate(lines, 1):
        if not line.startswith("```"):
            continue
        if start < 0:
            start, tag = number, line[3:].strip()
        else:
            found.append((tag, start + 1, "".join(lines[start : number - 1])))
            start = -1
    assert start < 0, f"the block opened on line {start} is never closed"
    return found


def test_every_block_is_python_or_plainly_not() -> None:
    tags = [tag for tag, _, _ in blocks(PAGE.read_text())]
    assert tags.count("python") >= 10
    assert set(tags) <= NOT_PYTHON | {"python"}, f"a block tagged neither python nor {sorted(NOT_PYTHON)}"


def test_every_python_snippet_runs() -> None:
    text = PAGE.read_text()
    snippets = [(line, code) for tag, line, code in blocks(text) if tag == "python"]
    namespace: dict[str, object] = {"__name__": "verifying_tokens_doc"}
    # Compiled at their own line numbers, with the page in the line cache: a traceback names
    # the page's failing line and shows it.
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
