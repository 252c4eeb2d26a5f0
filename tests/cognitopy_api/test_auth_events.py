"""Auth events on the cognitopy family: one per sign-in attempt on a pool with threat
protection, newest first, paged; feedback marks one; a pool without the add-on refuses both
with UserPoolAddOnNotEnabledException."""

from __future__ import annotations

import pytest

from fastcognito import UserContext
from fastcognito.exceptions import NotAuthorizedException, UserPoolAddOnNotEnabledException
from fastcognito.testing import Emulator
from tests.helpers import FLAVOURS, PASSWORD, Api, Driver

CTX = UserContext("203.0.113.9", {"User-Agent": "pytest/events"})


@pytest.fixture(params=FLAVOURS)
def protected(request: pytest.FixtureRequest, emulator: Emulator) -> Api:
    cls, with_secret = request.param
    holder = Api(emulator, emulator.setup(threat_protection="AUDIT"), cls, with_secret, Driver(None))
    holder.api = holder.new_client()
    return holder


def test_each_sign_in_is_an_event_newest_first(protected: Api) -> None:
    name = protected.confirmed()
    with pytest.raises(NotAuthorizedException):
        protected.api.login(name, "Wrong-passw0rd", context=CTX)
    protected.api.login(name, PASSWORD, context=CTX)
    events = protected.api.admin_list_user_auth_events(name)
    assert [e["EventResponse"] for e in events] == ["Pass", "Fail"]
    assert {e["EventType"] for e in events} == {"SignIn"}
    assert all(e["EventContextData"]["IpAddress"] == "203.0.113.9" for e in events)
    assert events[0]["CreationDate"] >= events[1]["CreationDate"]
    assert len({e["EventId"] for e in events}) == 2
    assert events.next_token is None


def test_events_page_with_next_token(protected: Api) -> None:
    name = protected.confirmed()
    for _ in range(3):
        protected.api.admin_login(name, PASSWORD, context=CTX)
    first = protected.api.admin_list_user_auth_events(name, max_results=2)
    assert len(first) == 2 and first.next_token and first["NextToken"] == first.next_token
    rest = protected.api.admin_list_user_auth_events(name, 2, first.next_token)
    assert len(rest) == 1 and rest.next_token is None
    ids = [e["EventId"] for e in (*first, *rest)]
    assert len(set(ids)) == 3


def test_feedback_marks_an_event(protected: Api) -> None:
    name = protected.confirmed()
    protected.api.login(name, PASSWORD, context=CTX)
    (event,) = protected.api.admin_list_user_auth_events(name)
    assert "EventFeedback" not in event
    protected.api.admin_update_auth_event_feedback(name, event["EventId"], "INVALID")
    (marked,) = protected.api.admin_list_user_auth_events(name)
    assert marked["EventFeedback"]["FeedbackValue"] == "Invalid"
    protected.api.admin_update_auth_event_feedback(name, event["EventId"], "valid")
    (marked,) = protected.api.admin_list_user_auth_events(name)
    assert marked["EventFeedback"]["FeedbackValue"] == "Valid"


def test_without_the_add_on_both_are_refused(api: Api) -> None:
    name = api.confirmed()
    api.api.login(name, PASSWORD)
    with pytest.raises(UserPoolAddOnNotEnabledException):
        api.api.admin_list_user_auth_events(name)
    with pytest.raises(UserPoolAddOnNotEnabledException):
        api.api.admin_update_auth_event_feedback(name, "some-event-id", "valid")


def test_add_on_error_is_its_own_class() -> None:
    from fastcognito.exceptions import ServiceError, exception_for_code

    assert exception_for_code("UserPoolAddOnNotEnabledException") is UserPoolAddOnNotEnabledException
    assert issubclass(UserPoolAddOnNotEnabledException, ServiceError)
