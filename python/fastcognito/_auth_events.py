"""Threat protection's auth events, as plan mixins (see ``_calls``): the record of a user's
sign-ins (AdminListUserAuthEvents, newest first, one page per call) and the feedback telling
Cognito whether an event was the user's own (AdminUpdateAuthEventFeedback, and for the
cognitopy family UpdateAuthEventFeedback with the token of Cognito's notification email).

Events are Cognito's dicts (``EventId``, ``EventType``, ``CreationDate``, ``EventResponse``,
``EventRisk``, ``ChallengeResponses``, ``EventContextData``, ``EventFeedback``). A pool without
threat protection answers UserPoolAddOnNotEnabledException.
"""

from __future__ import annotations

from ._args import optional_int32
from ._calls import Twinned, plan
from ._records import PagedList

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from . import _core
    from ._calls import Plan

__all__ = ["AuthEventPlans", "MandateAuthEventPlans"]


# A wrong type is the family's argument error: ValueError in cognitopy's (its habit),
# TypeError in mandate's.


def _page_args(max_results: Any, next_token: Any, error: type[Exception]) -> tuple[int | None, str | None]:
    if max_results is not None and (not isinstance(max_results, int) or isinstance(max_results, bool)):
        raise error("max_results should be an integer from 0 to 60.")
    limit = optional_int32(max_results, "max_results should be an integer from 0 to 60.")
    if limit is not None and not 0 <= limit <= 60:
        raise ValueError("max_results should be an integer from 0 to 60.")
    if next_token is not None and not isinstance(next_token, str):
        raise error(f"next_token should be a str or None, not {type(next_token).__name__}")
    return limit, next_token or None


def _feedback(event_id: Any, feedback: Any, error: type[Exception]) -> str:
    """``feedback`` ("valid" or "invalid", any case) as Cognito's Valid/Invalid."""
    if not isinstance(event_id, str) or not isinstance(feedback, str):
        raise error("The event_id and feedback should be strings.")
    if not event_id:
        raise ValueError("event_id must not be empty")
    value = feedback.strip().lower()
    if value not in ("valid", "invalid"):
        raise ValueError("feedback must be 'valid' or 'invalid'")
    return value.capitalize()


def _events(
    core: _core.CoreClient, username: str, max_results: Any, next_token: Any, error: type[Exception]
) -> Plan[PagedList[dict[str, Any]]]:
    limit, token = _page_args(max_results, next_token, error)
    page = yield from core.admin_list_user_auth_events(username, limit, token)
    return PagedList([dict(e) for e in page["AuthEvents"]], page.get("NextToken"))


def _checked_username(username: Any) -> str:
    if not isinstance(username, str):
        raise ValueError("The username should be a string.")
    if not username:
        raise ValueError("The username should not be empty.")
    return username


class AuthEventPlans(Twinned):
    """The cognitopy family's auth-event methods (the username is an argument)."""

    __slots__ = ()
    _core: _core.CoreClient

    @plan
    def admin_list_user_auth_events(
        self, username: str, max_results: int | None = None, next_token: str | None = None
    ) -> Plan[PagedList[dict[str, Any]]]:
        """One page of the user's auth events, newest first (AdminListUserAuthEvents; at most
        ``max_results``, up to 60); ``.next_token`` fetches the next."""
        return (yield from _events(self._core, _checked_username(username), max_results, next_token, ValueError))

    @plan
    def admin_update_auth_event_feedback(self, username: str, event_id: str, feedback: str) -> Plan[None]:
        """Tells Cognito whether the event was the user (``feedback`` "valid") or not ("invalid")."""
        name, value = _checked_username(username), _feedback(event_id, feedback, ValueError)
        yield from self._core.admin_update_auth_event_feedback(name, event_id, value)

    @plan
    def update_auth_event_feedback(
        self, username: str, event_id: str, feedback_token: str, feedback: str
    ) -> Plan[None]:
        """The same without AWS credentials, with the ``feedback_token`` of the link in Cognito's
        notification email (UpdateAuthEventFeedback)."""
        name, value = _checked_username(username), _feedback(event_id, feedback, ValueError)
        if not isinstance(feedback_token, str) or not feedback_token:
            raise ValueError("The feedback_token should be a non-empty string.")
        yield from self._core.update_auth_event_feedback(name, event_id, feedback_token, value)


class MandateAuthEventPlans(Twinned):
    """The mandate family's: the object's username."""

    __slots__ = ()
    _core: _core.CoreClient
    _need_username: Callable[..., str]

    @plan
    def admin_list_user_auth_events(
        self, max_results: int | None = None, next_token: str | None = None
    ) -> Plan[PagedList[dict[str, Any]]]:
        """One page of ``username``'s auth events, newest first (see CognitoPy.admin_list_user_auth_events)."""
        return (yield from _events(self._core, self._need_username(), max_results, next_token, TypeError))

    @plan
    def admin_update_auth_event_feedback(self, event_id: str, feedback: str) -> Plan[None]:
        """Tells Cognito whether ``username``'s event was theirs ("valid") or not ("invalid")."""
        value = _feedback(event_id, feedback, TypeError)
        yield from self._core.admin_update_auth_event_feedback(self._need_username(), event_id, value)
