"""Fixtures: one strict emulator per test session, a fresh pool per test, and each client
in its four flavours (blocking/awaitable x public/with secret). Helpers are in tests/helpers.py."""

from __future__ import annotations

import os

import pytest

from fastcognito import AsyncCognitoPy, CognitoPy
from fastcognito.testing import Emulator, Pool
from tests.helpers import FLAVOURS, Api, Driver

# Admin calls are SigV4-signed: give them dummy keys. Never let a test reach for IMDS.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
for _var in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_PROFILE"):
    os.environ.pop(_var, None)


pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def emulator(cognito_emulator: Emulator) -> Emulator:
    """The session's emulator, from fastcognito's own pytest plugin."""
    return cognito_emulator


@pytest.fixture
def pool(emulator: Emulator) -> Pool:
    return emulator.setup()


@pytest.fixture(params=FLAVOURS)
def api(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> Api:
    cls, with_secret = request.param
    holder = Api(emulator, pool, cls, with_secret, Driver(None))
    holder.api = holder.new_client()
    return holder


@pytest.fixture(params=[pytest.param(CognitoPy, id="sync"), pytest.param(AsyncCognitoPy, id="async")])
def client_cls(request: pytest.FixtureRequest) -> type:
    return request.param  # type: ignore[no-any-return]
