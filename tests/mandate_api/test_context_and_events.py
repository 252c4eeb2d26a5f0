"""context= and auth events on the mandate family (Cognito awaited, SyncCognito blocking): the
object's sign-ins and sign-up send UserContextData (public operations) or ContextData
(admin), a bad context is a TypeError before any call, and the object's user's auth events
are listed and marked on a pool with threat protection."""

from __future__ import annotations

import inspect
import uuid
from typing import Any

import pytest

from fastcognito import Cognito, SyncCognito, UserContext
from fastcognito.exceptions import EndpointConnectionError, NotAuthorizedException, UserPoolAddOnNotEnabledException
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD, Driver

FLAVOURS = [
    pytest.param((Cognito, False), id="async-public"),
    pytest.param((Cognito, True), id="async-secret"),
    pytest.param((SyncCognito, False), id="sync-public"),
    pytest.param((SyncCognito, True), id="sync-secret"),
]

HEADERS = [("Host", "shop.example.com"), ("User-Agent", "pytest/mandate")]
CTX = UserContext("198.51.100.23", HEADERS, server_path="/signin")
USER_DATA = {"IpAddress": "198.51.100.23"}
ADMIN_DATA = {
    "IpAddress": "198.51.100.23",
    "ServerName": "shop.example.com",
    "ServerPath": "/signin",
    "HttpHeaders": [{"headerName": n, "headerValue": v} for n, v in HEADERS],
}


class M:
    def __init__(self, emulator: Emulator, pool: Pool, cls: type, with_secret: bool) -> None:
        self.emulator, self.pool, self.cls, self.with_secret = emulator, pool, cls, with_secret

    def client(self, username: str | None = None) -> Driver:
        client_id = self.pool.secret_client_id if self.with_secret else self.pool.public_client_id
        secret = self.pool.client_secret if self.with_secret else None
        return Driver(
            self.cls(
                self.pool.pool_id, client_id, username=username, client_secret=secret, endpoint_url=self.emulator.url
            )
        )

    def user(self) -> str:
        return self.emulator.create_user(self.pool.pool_id, f"m-{uuid.uuid4().hex[:8]}", PASSWORD).username


def _m(request: pytest.FixtureRequest, emulator: Emulator, **options: Any) -> M:
    cls, with_secret = request.param
    return M(emulator, emulator.setup(**options), cls, with_secret)


@pytest.fixture(params=FLAVOURS)
def m(request: pytest.FixtureRequest, emulator: Emulator) -> M:
    return _m(request, emulator)


@pytest.fixture(params=FLAVOURS)
def protected(request: pytest.FixtureRequest, emulator: Emulator) -> M:
    return _m(request, emulator, threat_protection="ENFORCED")


def carried(pool: Pool, operation: str) -> list[dict[str, Any]]:
    found = []
    for call in pool.context_data(operation):
        data = call.get("UserContextData") or call.get("ContextData")
        if data is not None:
            found.append(data)
    return found


def test_sign_up_and_recovery_send_user_context_data(m: M) -> None:
    name = f"m-{uuid.uuid4().hex[:8]}"
    cog = m.client(name)
    cog.register(username=name, password=PASSWORD, email=f"{name}@example.com", context=CTX)
    cog.resend_confirmation_code(name, context=CTX)
    cog.confirm_sign_up(m.emulator.code(m.pool.pool_id, name, "signup"), context=CTX)
    cog.initiate_forgot_password(context=CTX)
    cog.confirm_forgot_password(m.emulator.code(m.pool.pool_id, name, "forgot"), PASSWORD + "2", context=CTX)
    for op in ("SignUp", "ResendConfirmationCode", "ConfirmSignUp", "ForgotPassword", "ConfirmForgotPassword"):
        assert carried(m.pool, op) == [USER_DATA], op


def test_srp_sign_in_and_renewal_send_user_context_data(m: M) -> None:
    cog = m.client(m.user())
    cog.authenticate(PASSWORD, context=CTX)
    assert carried(m.pool, "InitiateAuth") == [USER_DATA]
    assert carried(m.pool, "RespondToAuthChallenge") == [USER_DATA]
    cog.renew_access_token(context=CTX)
    assert carried(m.pool, "InitiateAuth") == [USER_DATA] * 2
    step = cog.sign_in(auth_flow="USER_PASSWORD_AUTH", password=PASSWORD, context=CTX)
    assert step.signed_in and carried(m.pool, "InitiateAuth") == [USER_DATA] * 3


def test_admin_sign_in_sends_context_data(m: M) -> None:
    cog = m.client(m.user())
    cog.admin_authenticate(PASSWORD, context=CTX)
    assert carried(m.pool, "AdminInitiateAuth") == [ADMIN_DATA]
    assert cog.access_token


METHODS: list[tuple[str, tuple[Any, ...]]] = [
    ("authenticate", ("p",)),
    ("admin_authenticate", ("p",)),
    ("new_password_challenge", ("p", "n")),
    ("respond_to_sms_mfa_challenge", ("123456",)),
    ("respond_to_software_token_mfa_challenge", ("123456",)),
    ("initiate_forgot_password", ()),
    ("confirm_forgot_password", ("123456", "p")),
    ("resend_confirmation_code", ("u",)),
    ("confirm_sign_up", ("123456",)),
    ("renew_access_token", ()),
    ("check_token", ()),
    ("sign_in", ()),
]


@pytest.mark.parametrize("cls", [Cognito, SyncCognito], ids=["async", "sync"])
@pytest.mark.parametrize(("method", "args"), METHODS, ids=[n for n, _ in METHODS])
def test_a_bad_context_is_a_type_error_before_any_call(cls: type, method: str, args: tuple) -> None:
    cog = Driver(cls("us-east-1_x", "cid", username="u", access_token="a.b.c", endpoint_url="http://127.0.0.1:9"))
    with pytest.raises(TypeError, match="context must be a fastcognito.UserContext") as info:
        getattr(cog, method)(*args, context={"ip_address": "1.2.3.4"})
    assert not isinstance(info.value, EndpointConnectionError)
    params = list(inspect.signature(getattr(cls, method)).parameters.values())
    assert params[-1].name == "context" and params[-1].kind is inspect.Parameter.KEYWORD_ONLY


def test_register_takes_context_too() -> None:
    params = list(inspect.signature(SyncCognito.register).parameters.values())
    assert params[-1].name == "context"
    with pytest.raises(TypeError, match="context must be"):
        SyncCognito("us-east-1_x", "cid", endpoint_url="http://127.0.0.1:9").register(
            username="u", password="p", context="1.2.3.4"
        )


def test_auth_events_of_the_objects_user(protected: M) -> None:
    cog = protected.client(protected.user())
    with pytest.raises(NotAuthorizedException):
        cog.authenticate("Wrong-passw0rd", context=CTX)
    cog.authenticate(PASSWORD, context=CTX)
    events = cog.admin_list_user_auth_events()
    assert [e["EventResponse"] for e in events] == ["Pass", "Fail"]
    assert events[0]["EventContextData"]["IpAddress"] == "198.51.100.23"
    page = cog.admin_list_user_auth_events(max_results=1)
    assert len(page) == 1 and page.next_token
    assert cog.admin_list_user_auth_events(1, page.next_token)[0]["EventId"] == events[1]["EventId"]
    cog.admin_update_auth_event_feedback(events[1]["EventId"], "Invalid")
    marked = cog.admin_list_user_auth_events()
    assert marked[1]["EventFeedback"]["FeedbackValue"] == "Invalid"


def test_auth_events_need_the_add_on(m: M) -> None:
    cog = m.client(m.user())
    with pytest.raises(UserPoolAddOnNotEnabledException):
        cog.admin_list_user_auth_events()
    with pytest.raises(UserPoolAddOnNotEnabledException):
        cog.admin_update_auth_event_feedback("event-id", "valid")


@pytest.mark.parametrize(
    ("method", "args", "error"),
    [
        ("admin_list_user_auth_events", ("10",), TypeError),
        ("admin_list_user_auth_events", (61,), ValueError),
        ("admin_list_user_auth_events", (None, 5), TypeError),
        ("admin_update_auth_event_feedback", (None, "valid"), TypeError),
        ("admin_update_auth_event_feedback", ("e", "perhaps"), ValueError),
    ],
)
def test_auth_event_arguments_are_checked_first(method: str, args: tuple, error: type[Exception]) -> None:
    for cls in (Cognito, SyncCognito):
        cog = Driver(cls("us-east-1_x", "cid", username="u", endpoint_url="http://127.0.0.1:9"))
        with pytest.raises(error):
            getattr(cog, method)(*args)
