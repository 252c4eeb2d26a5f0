"""The stubs give type checkers the real API: blocking methods return their results,
awaitable ones coroutines of them, and misuse is an error. Also: the generated stubs are
fresh."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")
ROOT = Path(__file__).resolve().parents[2]

SNIPPET = textwrap.dedent(
    """
    from fastcognito import AsyncCognitoPy, Cognito, CognitoPy, SyncCognito
    from fastcognito.verifier import TokenVerifier

    async def use() -> None:
        c = CognitoPy("eu-west-1_x", "client", "")
        reveal_type(c.login("u", "p"))
        reveal_type(c.renew_access_token("a", "r"))
        reveal_type(c.list_users())
        reveal_type(CognitoPy.check_expired_token("t"))
        a = AsyncCognitoPy("eu-west-1_x", "client", "")
        pending = a.login("u", "p")
        reveal_type(pending)
        pending.close()
        reveal_type(await a.register("u", "p"))
        m = Cognito("eu-west-1_x", "client")
        user = m.get_user()
        reveal_type(user)
        user.close()
        reveal_type(await m.get_users())
        s = SyncCognito("eu-west-1_x", "client")
        reveal_type(s.check_token())
        reveal_type(await TokenVerifier("eu-west-1_x", "client").verify_async("t"))
        c.login("u")  # E: missing password
        a.login("u", "p")["access_token"]  # E: a coroutine is not indexable
        s.get_group(42)  # E: not a str
    """
)

EXPECTED_TYPES = [
    "dict[str, Any]",
    "str",
    "fastcognito._records.PagedList[dict[str, Any]]",
    "bool",
    "typing.Coroutine[Any, Any, dict[str, Any]]",
    "fastcognito._records.UserRegister",
    "typing.Coroutine[Any, Any, fastcognito._objects.UserObj]",
    "list[fastcognito._objects.UserObj]",
    "bool",
    "dict[str, Any]",
]


def test_stubs_describe_both_twins(tmp_path: Path) -> None:
    path = tmp_path / "snippet.py"
    path.write_text(SNIPPET)
    out, err, status = mypy_api.run(
        [
            "--strict",
            "--disable-error-code",
            "unused-coroutine",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(path),
        ]
    )
    lines = out.splitlines()
    revealed = [line.split('Revealed type is "', 1)[1].rstrip('"') for line in lines if "Revealed type" in line]
    assert revealed == EXPECTED_TYPES, out
    errors = [line for line in lines if ": error:" in line]
    error_lines = sorted({int(line.split(":")[1]) for line in errors})
    expected_lines = [n for n, text in enumerate(SNIPPET.splitlines(), 1) if "# E:" in text]
    assert error_lines == expected_lines, out
    assert status == 1


def test_generated_stubs_are_fresh() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_stubs.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


PLAN_SNIPPET = textwrap.dedent(
    """
    from collections.abc import Generator
    from typing import Any

    from fastcognito import _core

    def plan(core: _core.CoreClient) -> Generator[Any, Any, str]:
        user = yield from core.admin_get_user("u")
        reveal_type(user["UserAttributes"])
        page = yield from core.list_groups()
        reveal_type(page.get("NextToken"))
        yield from core.admin_delete_user("u")
        return user["Nope"]  # E: not a key of AdminGetUserDict
    """
)


def test_plans_get_typed_results_from_yield_from(tmp_path: Path) -> None:
    """``x = yield from core.op(...)`` in a plan is the op's TypedDict, so mypy checks the keys."""
    path = tmp_path / "plan.py"
    path.write_text(PLAN_SNIPPET)
    out, _, status = mypy_api.run(["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(path)])
    revealed = [
        line.split('Revealed type is "', 1)[1].rstrip('"') for line in out.splitlines() if "Revealed type" in line
    ]
    assert len(revealed) == 2 and revealed[0].startswith("list[TypedDict(") and "AttributeDict" in revealed[0], out
    assert revealed[1] == "str | None", out
    assert 'TypedDict "AdminGetUserDict" has no key "Nope"' in out
    assert status == 1
