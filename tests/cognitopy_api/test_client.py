"""Construction, endpoints from the environment, context managers, repr."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap

import pytest

from fastcognito import AsyncCognitoPy, CognitoPy
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD, Api


def test_with_closes_and_the_object_stays_usable(api: Api) -> None:
    if api.cls is not CognitoPy:
        pytest.skip("sync context manager")
    name = api.confirmed()
    client = api.api.client
    with client as c:
        assert c is client
        c.admin_get_user(name)
        assert client._core.is_open
    assert not client._core.is_open
    assert client.login(name, PASSWORD)["access_token"]  # reopens
    client.close_connection()
    client.close_connection()  # closing twice is fine and creates nothing
    assert not client._core.is_open


def test_async_with(emulator: Emulator, pool: Pool) -> None:
    async def main() -> None:
        async with AsyncCognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as c:
            await c.register("ctx", PASSWORD, {})
            assert c._core.is_open
        assert not c._core.is_open
        assert (await c.admin_get_user("ctx"))["username"] == "ctx"

    asyncio.run(main())


def test_constructor_does_no_io() -> None:
    c = CognitoPy("us-east-1_x", "cid", "secret")
    assert not c._core.is_open


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_ENDPOINT_URL"])
def test_endpoint_from_environment(emulator: Emulator, pool: Pool, variable: str) -> None:
    script = textwrap.dedent(
        f"""
        from fastcognito import CognitoPy
        c = CognitoPy({pool.pool_id!r}, {pool.public_client_id!r}, "")
        assert c.endpoint_url == {emulator.url!r}, c.endpoint_url
        print(c.register("env-{variable.lower()}", {PASSWORD!r}, {{}}).user_id)
        """
    )
    env = dict(os.environ)
    env[variable] = emulator.url
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_endpoint_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://global:1")
    assert CognitoPy("us-east-1_x", "c", "").endpoint_url == "http://global:1"
    monkeypatch.setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "http://service:2")
    assert CognitoPy("us-east-1_x", "c", "").endpoint_url == "http://service:2"
    assert CognitoPy("us-east-1_x", "c", "", endpoint_url="http://explicit:3").endpoint_url == "http://explicit:3"
    monkeypatch.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
    assert CognitoPy("us-east-1_x", "c", "").endpoint_url is None


def test_repr_never_shows_the_secret() -> None:
    for cls in (CognitoPy, AsyncCognitoPy):
        c = cls("us-east-1_x", "cid", "very-secret-value", True)
        assert "very-secret-value" not in repr(c) and "very-secret-value" not in repr(c._core)
        assert "us-east-1_x" in repr(c)


def test_import_is_light() -> None:
    code = "import fastcognito, sys; print(sorted(m for m in ('boto3', 'botocore', 'aiobotocore', 'pydantic', 'jose', 'jwt') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
