from __future__ import annotations

import pytest

from fastcognito.testing import Emulator, Pool
from tests.oauth.support import FLAVOURS, Flavour


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> Flavour:
    cls, with_secret = request.param
    return Flavour(emulator, pool, cls, with_secret)
