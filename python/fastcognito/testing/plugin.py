"""pytest fixtures for testing your own application against the strict local Cognito.

Registered automatically (entry point ``pytest11``) when fastcognito is installed; the
emulator starts only when a test asks for one of these fixtures:

``cognito_emulator`` (session)
    The running :class:`~fastcognito.testing.Emulator`; ``.url`` is its address.
``cognito_pool``
    A fresh :class:`~fastcognito.testing.Pool` per test: a public app client and one with
    a secret.
``cognito_user``
    A confirmed :class:`~fastcognito.testing.User` in ``cognito_pool``, with an email.
``passkey_authenticator``
    A fresh :class:`~fastcognito.testing.PasskeyAuthenticator` (origin ``https://localhost``,
    the emulator's default relying party) to register passkeys and sign in with them.
``cognito_env``
    Points the environment at the emulator for the test (``AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER``,
    dummy AWS keys, no EC2 metadata lookups) and returns the variables set,
    with ``FASTCOGNITO_POOL_ID``/``FASTCOGNITO_CLIENT_ID``, so code that builds its own
    client without ``endpoint_url=`` reaches the emulator.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from . import DEFAULT_PASSWORD, REAL_AWS_SETTINGS, Emulator, Pool, User, environment

if TYPE_CHECKING:
    from .authenticator import PasskeyAuthenticator

#: The password of ``cognito_user`` (it meets the emulator's password policy).
USER_PASSWORD = DEFAULT_PASSWORD


@pytest.fixture(scope="session")
def cognito_emulator() -> Iterator[Emulator]:
    """One strict emulator for the whole test session."""
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def cognito_pool(cognito_emulator: Emulator, request: pytest.FixtureRequest) -> Pool:
    """A fresh user pool per test; ``@pytest.mark.cognito_pool(**options)`` passes options to
    :meth:`Emulator.setup` (e.g. ``first_factors=["PASSWORD", "EMAIL_OTP"]``,
    ``device_tracking="always"``, ``threat_protection="AUDIT"``)."""
    marker = request.node.get_closest_marker("cognito_pool")
    return cognito_emulator.setup(**(marker.kwargs if marker else {}))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cognito_pool(**options): options of the cognito_pool fixture's pool")


@pytest.fixture
def cognito_user(cognito_emulator: Emulator, cognito_pool: Pool) -> User:
    """A confirmed user (password :data:`USER_PASSWORD`) in ``cognito_pool``."""
    username = f"user-{uuid.uuid4().hex[:10]}"
    return cognito_emulator.create_user(cognito_pool.pool_id, username, USER_PASSWORD, email=f"{username}@example.com")


@pytest.fixture
def cognito_env(cognito_emulator: Emulator, cognito_pool: Pool, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The emulator's environment variables, set for this test only."""
    env = environment(cognito_emulator.url, cognito_pool)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in REAL_AWS_SETTINGS:
        monkeypatch.delenv(name, raising=False)  # real AWS settings must not follow the requests
    return env


@pytest.fixture
def passkey_authenticator() -> PasskeyAuthenticator:
    """A software passkey provider for the origin ``https://localhost``."""
    from .authenticator import PasskeyAuthenticator

    return PasskeyAuthenticator()
