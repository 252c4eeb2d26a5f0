"""The guides whose snippets are a program: in each, every Python snippet runs, in order, in
one namespace (the first starts an emulator, the last stops it); no code block escapes the run
by its language tag; and the guide's in-page links lead to its headings."""

from __future__ import annotations

import linecache
import re
from pathlib import Path

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
# Guide -> the fewest Python snippets it has (so a guide cannot lose its examples unnoticed).
GUIDES = {
    "modern-sign-in.md": 12,
    "verifying-tokens.md": 10,
    "remembered-devices.md": 5,
}
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


@pytest.mark.parametrize("guide", sorted(GUIDES))
def test_every_block_is_python_or_plainly_not(guide: str) -> None:
    tags = [tag for tag, _, _ in blocks((ROOT / "docs" / guide).read_text())]
    assert tags.count("python") >= GUIDES[guide]
    assert set(tags) <= NOT_PYTHON | {"python"}, f"a block tagged neither python nor {sorted(NOT_PYTHON)}"


@pytest.mark.parametrize("guide", sorted(GUIDES))
def test_every_python_snippet_runs(guide: str) -> None:
    page = ROOT / "docs" / guide
    text = page.read_text()
    snippets = [(line, code) for tag, line, code in blocks(text) if tag == "python"]
    namespace: dict[str, object] = {"__name__": guide.removesuffix(".md").replace("-", "_") + "_doc"}
    # Compiled at their own line numbers, with the page in the line cache: a traceback names
    # the page's failing line and shows it.
    name = str(page)
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


@pytest.mark.parametrize("guide", sorted(GUIDES))
def test_in_page_links_lead_to_headings(guide: str) -> None:
    text = (ROOT / "docs" / guide).read_text()
    headings = re.findall(r"^#+ (.+)$", text, flags=re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links <= anchors, links - anchors
