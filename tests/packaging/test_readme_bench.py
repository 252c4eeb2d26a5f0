"""The README's performance table is bench/results.md, as bench/run.py (bench/report.py) copies it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def test_readme_table_is_the_last_bench_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(START) == 1 and readme.count(END) == 1, "README needs one pair of bench markers"
    between = readme[readme.index(START) + len(START) : readme.index(END)]
    results = (ROOT / "bench" / "results.md").read_text(encoding="utf-8")
    assert between.strip() == results.strip(), (
        "README's table differs from bench/results.md: run python bench/report.py --readme"
    )
