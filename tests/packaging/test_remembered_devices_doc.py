"""docs/remembered-devices.md: every Python snippet runs, in order, in one namespace (the first
starts an emulator, the last stops it)."""

from __future__ import annotations

import linecache

from tests.packaging.test_modern_sign_in_doc import ROOT, blocks

PAGE = ROOT / "docs" / "remembered-devices.md"


def test_every_python_snippet_runs() -> None:
    text = PAGE.read_text()
    found = blocks(text)
    assert {tag for tag, _, _ in found} == {"python"}
    namespace: dict[str, object] = {"__name__": "remembered_devices_doc"}
    name = str(PAGE)
    linecache.cache[name] = (len(text), None, text.splitlines(keepends=True), name)
    try:
        for _, line, code in found:
            exec(compile("\n" * (line - 1) + code, name, "exec"), namespace)
    finally:
        emu = namespace.get("emu")
        stopped = emu is not None and emu.process is None  # type: ignore[attr-defined]
        if emu is not None:
            emu.stop()  # type: ignore[attr-defined]
    assert stopped, "the last snippet stops the emulator the first one started"
