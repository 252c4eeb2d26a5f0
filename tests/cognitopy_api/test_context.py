"""context= on the cognitopy family: a UserContext reaches the emulator as UserContextData on
the public operations and as ContextData on the admin sign-in operations (both families'
wire contract), and a bad one is refused before any call. Also UserContext itself."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, CognitoPy, SignInStep, UserContext
from fastcognito.exceptions import EndpointConnectionError
from fastcognito.testing import Pool
from tests.helpers import PASSWORD, Api, Driver

HEADERS = [("Host", "app.example.com"), ("User-Agent", "pytest/ctx"), ("Accept-Language", "fr-FR")]
CTX = UserContext("203.0.113.7", HEADERS, encoded_data="fp-1")
#: What the public operations carry for CTX.
USER_DATA = {"IpAddress": "203.0.113.7", "EncodedData": "fp-1"}
#: What the admin operations carry for CTX (ServerName from the Host header, ServerPath "/").
ADMIN_DATA = {
    "IpAddress": "203.0.113.7",
    "ServerName": "app.example.com",
    "ServerPath": "/",
    "HttpHeaders": [{"headerName": n, "headerValue": v} for n, v in HEADERS],
    "EncodedData": "fp-1",
}


def carried(pool: Pool, operation: str) -> list[dict[str, Any]]:
    """What each call of ``operation`` carried: its UserContextData or ContextData."""
    found = []
    for call in pool.context_data(operation):
        assert call["operation"] == operation
        data = call.get("UserContextData") or call.get("ContextData")
        if data is not None:
            found.append(data)
    return found


def test_sign_up_and_recovery_send_user_context_data(api: Api) -> None:
    name = f"c-{uuid.uuid4().hex[:8]}"
    api.api.register(name, PASSWORD, {"email": f"{name}@example.com"}, context=CTX)
    api.api.resend_confirmation_code(name, context=CTX)
    api.api.confirm_register(name, api.codes(name)["signup"], context=CTX)
    api.api.initiate_forgot_password(name, context=CTX)
    api.api.confirm_forgot_password(name, api.codes(name)["forgot"], PASSWORD + "2", context=CTX)
    for op in ("SignUp", "ResendConfirmationCode", "ConfirmSignUp", "ForgotPassword", "ConfirmForgotPassword"):
        assert carried(api.pool, op) == [USER_DATA], op
        assert all("ContextData" not in c for c in api.pool.context_data(op))


def test_public_sign_in_sends_user_context_data(api: Api) -> None:
    name = api.confirmed()
    tokens = api.api.login(name, PASSWORD, context=CTX)
    assert carried(api.pool, "InitiateAuth") == [USER_DATA]
    step = api.api.sign_in(name, auth_flow="USER_SRP_AUTH", password=PASSWORD, context=CTX)
    assert step.signed_in
    assert carried(api.pool, "InitiateAuth") == [USER_DATA] * 2
    assert carried(api.pool, "RespondToAuthChallenge") == [USER_DATA]
    api.api.renew_access_token(tokens["access_token"], tokens["refresh_token"], context=CTX)
    assert carried(api.pool, "InitiateAuth") == [USER_DATA] * 3


def test_admin_sign_in_sends_context_data(api: Api) -> None:
    name = api.confirmed()
    tokens = api.api.admin_login(name, PASSWORD, context=CTX)
    assert carried(api.pool, "AdminInitiateAuth") == [ADMIN_DATA]
    assert all("UserContextData" not in c for c in api.pool.context_data("AdminInitiateAuth"))
    bare = UserContext("2001:db8::5", {})
    api.api.admin_renew_access_token(tokens["access_token"], tokens["refresh_token"], context=bare)
    defaults = {"IpAddress": "2001:db8::5", "ServerName": "localhost", "ServerPath": "/", "HttpHeaders": []}
    assert carried(api.pool, "AdminInitiateAuth") == [ADMIN_DATA, defaults]


def test_explicit_server_name_and_path_are_sent(api: Api) -> None:
    name = api.confirmed()
    ctx = UserContext("198.51.100.2", {"host": "ignored.example"}, server_name="api.example.com", server_path="/login")
    api.api.admin_login(name, PASSWORD, context=ctx)
    (data,) = carried(api.pool, "AdminInitiateAuth")
    assert (data["ServerName"], data["ServerPath"]) == ("api.example.com", "/login")
    assert "EncodedData" not in data


def test_a_call_without_context_carries_none(api: Api) -> None:
    name = api.confirmed()
    api.api.login(name, PASSWORD)
    api.api.admin_login(name, PASSWORD)
    assert carried(api.pool, "InitiateAuth") == [] and carried(api.pool, "AdminInitiateAuth") == []


# ---- refused before any call -----------------------------------------------------------------

STEP = SignInStep(username="u", challenge_name="SMS_OTP", session="s")
CONTEXT_METHODS: list[tuple[str, tuple[Any, ...]]] = [
    ("login", ("u", "p")),
    ("admin_login", ("u", "p")),
    ("renew_access_token", ("a", "r")),
    ("admin_renew_access_token", ("a", "r")),
    ("resolve_challenge_challenge_sms_mfa", ("s", "123456", "u")),
    ("resolve_challenge_sms_mfa", ("s", "123456", "u")),
    ("resolve_challenge_new_password", ("s", "u", "N3w!password")),
    ("register", ("u", "p")),
    ("resend_confirmation_code", ("u",)),
    ("confirm_register", ("u", "123456")),
    ("initiate_forgot_password", ("u",)),
    ("confirm_forgot_password", ("u", "123456", "p")),
    ("sign_in", ("u",)),
    ("confirm_sign_in", (STEP,)),
]


@pytest.mark.parametrize("cls", [CognitoPy, AsyncCognitoPy], ids=["sync", "async"])
@pytest.mark.parametrize(("method", "args"), CONTEXT_METHODS, ids=[m for m, _ in CONTEXT_METHODS])
@pytest.mark.parametrize("bad", [{"ip_address": "1.2.3.4"}, "203.0.113.7"], ids=["dict", "str"])
def test_a_bad_context_is_a_type_error_before_any_call(cls: type, method: str, args: tuple, bad: Any) -> None:
    client = Driver(cls("us-east-1_x", "cid", "sec", True, endpoint_url="http://127.0.0.1:9", max_attempts=1))
    kwargs: dict[str, Any] = {"code": "123456"} if method == "confirm_sign_in" else {}
    with pytest.raises(TypeError, match="context must be a fastcognito.UserContext") as info:
        getattr(client, method)(*args, context=bad, **kwargs)
    assert not isinstance(info.value, EndpointConnectionError)


def test_context_is_the_last_keyword_of_each_method() -> None:
    import inspect

    for cls in (CognitoPy, AsyncCognitoPy):
        for method, _ in CONTEXT_METHODS:
            params = list(inspect.signature(getattr(cls, method)).parameters.values())
            assert params[-1].name == "context" and params[-1].kind is inspect.Parameter.KEYWORD_ONLY, method
            assert params[-1].default is None


# ---- UserContext ----------------------------------------------------------------------------


def test_user_context_takes_a_mapping_or_pairs() -> None:
    a = UserContext("203.0.113.7", {"Host": "h", "X-A": "1"})
    b = UserContext("203.0.113.7", [("Host", "h"), ("X-A", "1")])
    assert a == b and a.headers == [("Host", "h"), ("X-A", "1")]
    assert (a.encoded_data, a.server_name, a.server_path) == (None, None, None)
    assert UserContext("::1", ()).headers == []
    repeated = UserContext("10.0.0.1", [("Accept", "a"), ("Accept", "b")])
    assert repeated.headers == [("Accept", "a"), ("Accept", "b")]


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((1, {}), {}, TypeError),
        ((None, {}), {}, TypeError),
        (("not-an-ip", {}), {}, ValueError),
        (("300.1.1.1", {}), {}, ValueError),
        (("", {}), {}, ValueError),
        (("1.2.3.4", "Host: x"), {}, TypeError),
        (("1.2.3.4", 5), {}, TypeError),
        (("1.2.3.4", [("Host",)]), {}, TypeError),
        (("1.2.3.4", {"Host": 1}), {}, TypeError),
        (("1.2.3.4", {b"Host": "x"}), {}, TypeError),
        (("1.2.3.4", {"": "x"}), {}, ValueError),
        (("1.2.3.4", {"Bad Name": "x"}), {}, ValueError),
        (("1.2.3.4", {}), {"encoded_data": 1}, TypeError),
        (("1.2.3.4", {}), {"server_name": ""}, ValueError),
        (("1.2.3.4", {}), {"server_path": b"/"}, TypeError),
    ],
)
def test_user_context_is_checked_when_built(args: tuple, kwargs: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        UserContext(*args, **kwargs)


def test_user_context_repr_hides_header_values() -> None:
    ctx = UserContext(
        "203.0.113.7",
        {"Authorization": "Bearer s3cr3t-token", "Cookie": "session=abc123", "Host": "h.example"},
        encoded_data="fingerprint-value",
        server_path="/login",
    )
    text = repr(ctx)
    assert "203.0.113.7" in text and "Authorization" in text and "Cookie" in text and "/login" in text
    for secret in ("s3cr3t-token", "abc123", "h.example", "fingerprint-value"):
        assert secret not in text


def test_importing_fastcognito_does_not_import_ipaddress() -> None:
    import subprocess
    import sys

    code = "import sys, fastcognito; print('ipaddress' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )
