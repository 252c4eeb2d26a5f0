"""Property-based: every public method, fed wrong types, None, empty and 1 MB strings, lone
surrogates, NUL bytes and dicts with non-string keys, ends in TypeError, ValueError or a
fastcognito error; never a panic, a crash or a hang."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fastcognito import CognitoPy, SyncCognito
from fastcognito.exceptions import CognitoError
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD

BIG = "x" * (1 << 20)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.binary(max_size=20),
    st.text(max_size=30),
    st.sampled_from(["", BIG, "\ud800", "a\udfffb", "nul\x00byte", "ü" * 1000, "a.b.c", "..", "eyJ9.eyJ9.x"]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(
        st.one_of(st.integers(), st.text(max_size=5), st.none()),
        st.one_of(st.text(max_size=5), st.integers()),
        max_size=3,
    ),
)
ALLOWED = (TypeError, ValueError, CognitoError)


def public_methods(cls: type) -> list[str]:
    return sorted(
        n
        for n, v in inspect.getmembers(cls)
        if not n.startswith("_") and callable(v) and n not in ("close_connection",)
    )


def arity(method: Any) -> int:
    params = [
        p
        for p in inspect.signature(method).parameters.values()
        if p.name != "self" and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return len(params)


def outcome_ok(error: BaseException) -> bool:
    if isinstance(error, ALLOWED):
        return True
    # mandate's documented errors for a client with no token at all.
    return isinstance(error, AttributeError) and "Required" in str(error)


def make(cls: type) -> Any:
    # A closed port, one attempt: anything that gets as far as the network fails at once.
    if cls is CognitoPy:
        return cls("us-east-1_x", "cid", "s", True, endpoint_url="http://127.0.0.1:9", max_attempts=1)
    return cls(
        "us-east-1_x",
        "cid",
        username="u",
        access_token="a.b.c",
        refresh_token="r",
        endpoint_url="http://127.0.0.1:9",
        max_attempts=1,
    )


@pytest.mark.parametrize(
    ("cls", "name"),
    [(c, n) for c in (CognitoPy, SyncCognito) for n in public_methods(c)],
)
def test_method_survives_junk(cls: type, name: str) -> None:
    client = make(cls)
    method = getattr(client, name)
    n = arity(method)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(JUNK, min_size=n, max_size=n))
    def run(args: list[Any]) -> None:
        try:
            method(*args)
        except BaseException as e:  # noqa: BLE001
            assert outcome_ok(e), (
                f"{name}{tuple(type(a).__name__ for a in args)} raised {type(e).__name__}: {str(e)[:200]}"
            )

    run()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(username=JUNK, password=JUNK)
def test_login_and_register_against_the_emulator(emulator: Emulator, pool: Pool, username: Any, password: Any) -> None:
    client = CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url, max_attempts=1)
    for call in (lambda: client.login(username, password), lambda: client.register(username, password, {})):
        try:
            call()
        except BaseException as e:  # noqa: BLE001
            assert outcome_ok(e), f"{type(e).__name__}: {str(e)[:200]}"


def test_mandate_srp_with_junk_against_the_emulator(emulator: Emulator, pool: Pool) -> None:
    client = SyncCognito(
        pool.pool_id, pool.public_client_id, username="nobody", endpoint_url=emulator.url, max_attempts=1
    )
    for password in ["", BIG, "\ud800", "nul\x00", PASSWORD]:
        with pytest.raises(ALLOWED):
            client.authenticate(password)
