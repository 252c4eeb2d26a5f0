"""Refresh tokens on any app client, including one that rotates them.

An app client with refresh-token rotation refuses REFRESH_TOKEN_AUTH and renews only through
GetTokensFromRefreshToken, which then returns a new refresh token (the old one works on for
the client's grace period, then is refused). The renew methods of both families try
REFRESH_TOKEN_AUTH first, so they behave as before everywhere it works, and on that refusal
use GetTokensFromRefreshToken from then on for that app client.

``refresh_tokens`` (both families) always uses GetTokensFromRefreshToken, which Cognito
allows with rotation on and off alike.

Mandate's objects share one renewal among concurrent callers (single flight): a second
``check_token``/``renew_access_token`` started while one is in flight waits for it instead
of sending its own request, which on a rotating client would spend the same refresh token
twice.
"""

from __future__ import annotations

from _thread import allocate_lock  # threading's Lock, without importing threading

from . import _core, exceptions
from ._args import checked_metadata
from ._calls import Twinned, plan
from ._context import UserContext
from ._devices import Device, checked_device, with_device_key
from ._records import token_dict

TYPE_CHECKING = False
if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable
    from typing import Any

    from ._calls import Plan
    from ._core import InitiateAuthDict

__all__ = ["RotationPlans", "MandateRotationPlans", "refresh_outcome"]

# App clients (endpoint, pool, client id) that refused REFRESH_TOKEN_AUTH for rotation: their
# renewals go straight to GetTokensFromRefreshToken (one request instead of two).
_ROTATING: set[tuple[str | None, str, str]] = set()

# For the stateless family, whose renew methods return only the access token: the refresh
# token that replaced each rotated one (keyed by its digest), so that renewing again with the
# token the caller still holds keeps working after its grace period. Bounded; per process.
# Oldest first (a dict keeps insertion order).
_SUCCESSORS: dict[bytes, str] = {}
_SUCCESSORS_MAX = 4096
_SUCCESSORS_LOCK = allocate_lock()


def _digest(token: str) -> bytes:
    import hashlib  # only once a rotated token is about: it loads OpenSSL, a cost at import

    return hashlib.sha256(token.encode()).digest()


def _latest(refresh_token: str) -> str:
    """The newest refresh token of the chain ``refresh_token`` started (itself if not rotated)."""
    if not _SUCCESSORS:  # nothing rotated yet in this process: skip the digest and the lock
        return refresh_token
    with _SUCCESSORS_LOCK:
        for _ in range(64):  # a chain never loops; the bound is a guard, not a limit in practice
            successor = _SUCCESSORS.get(_digest(refresh_token))
            if successor is None:
                break
            refresh_token = successor
    return refresh_token


def _remember(used: list[str], new: str) -> None:
    with _SUCCESSORS_LOCK:
        for token in used:
            if token != new:
                key = _digest(token)
                _SUCCESSORS.pop(key, None)  # to the newest end
                _SUCCESSORS[key] = new
        while len(_SUCCESSORS) > _SUCCESSORS_MAX:
            del _SUCCESSORS[next(iter(_SUCCESSORS))]


def _client_key(core: _core.CoreClient) -> tuple[str | None, str, str]:
    return (core.endpoint_url, core.user_pool_id, core.client_id)


def _refused_for_rotation(exc: BaseException) -> bool:
    """Whether REFRESH_TOKEN_AUTH was refused as a rotating client refuses it. Cognito does not
    document the error: a flow the client does not allow is InvalidParameterException (what
    the emulator answers); a NotAuthorizedException that names rotation is taken too."""
    if isinstance(exc, exceptions.InvalidParameterException):
        return True
    text = str(exc).lower()
    return isinstance(exc, exceptions.NotAuthorizedException) and (
        "rotation" in text or "gettokensfromrefreshtoken" in text
    )


def refresh_outcome(
    core: _core.CoreClient,
    refresh_auth: Callable[[], Any],
    refresh_token: str,
    client_metadata: dict[str, str] | None = None,
    device: Device | None = None,
) -> Plan[InitiateAuthDict]:
    """REFRESH_TOKEN_AUTH (``refresh_auth()``, InitiateAuth or AdminInitiateAuth), or
    GetTokensFromRefreshToken where the app client rotates refresh tokens (both with
    ``client_metadata``, and the latter with ``device``'s key: ``refresh_auth`` adds it to
    its own request)."""
    key = _client_key(core)
    if key not in _ROTATING:
        try:
            result: InitiateAuthDict = yield from refresh_auth()
            return result
        except (exceptions.InvalidParameterException, exceptions.NotAuthorizedException) as exc:
            if not _refused_for_rotation(exc):
                raise
    result = yield from core.get_tokens_from_refresh_token(refresh_token, client_metadata, _device_key(device))
    _ROTATING.add(key)
    return result


def _token_dict(result: InitiateAuthDict) -> dict[str, Any]:
    return token_dict(result.get("AuthenticationResult") or {})


def _refresh_args(refresh_token: Any, username: Any, client_metadata: Any) -> dict[str, str] | None:
    if not isinstance(refresh_token, str) or not refresh_token:
        raise ValueError("The refresh_token should be a non-empty string.")
    if username is not None and not isinstance(username, str):
        raise ValueError("The username should be a string.")
    return checked_metadata(client_metadata)


def _device_key(device: Device | None) -> str | None:
    return device.device_key if device is not None else None


class RotationPlans(Twinned):
    """The cognitopy family's (stateless) refresh methods."""

    __slots__ = ()
    _core: _core.CoreClient

    @plan
    def refresh_tokens(
        self,
        refresh_token: str,
        *,
        username: str | None = None,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
    ) -> Plan[dict[str, Any]]:
        """New tokens from a refresh token (GetTokensFromRefreshToken), on any app client:
        ``{access_token, refresh_token, id_token, expires_in, token_type}``, where
        ``refresh_token`` is the new one when the app client rotates them (use it from now
        on), else None. ``username`` is accepted for symmetry with the renew methods: this
        operation authenticates the client with its secret, not a SECRET_HASH. ``device``: the
        Device the tokens were issued to (its key goes along)."""
        metadata = _refresh_args(refresh_token, username, client_metadata)
        device_key = _device_key(checked_device(device, ValueError))
        result = yield from self._core.get_tokens_from_refresh_token(refresh_token, metadata, device_key)
        tokens = _token_dict(result)
        if tokens["refresh_token"]:
            _remember([refresh_token], tokens["refresh_token"])
        return tokens

    def _renewed(
        self,
        refresh_auth: Callable[[str], Any],
        refresh_token: str,
        shape: Callable[[InitiateAuthDict], dict[str, Any]],
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
    ) -> Plan[str]:
        """The new access token (``shape`` raises the challenge Cognito may answer with); on a
        rotating client the refresh token the caller holds is followed to its newest
        successor, and the one returned now is remembered."""
        current = _latest(refresh_token)
        result = yield from refresh_outcome(self._core, lambda: refresh_auth(current), current, client_metadata, device)
        tokens = shape(result)
        if tokens["refresh_token"]:
            _remember([refresh_token, current], tokens["refresh_token"])
        access: str = tokens["access_token"]
        return access


class _Flight:
    """A renewal in progress, that renewals started meanwhile wait for. The runners see it as a
    call: ``wait()`` blocks (a thread), ``future()`` is awaited (a task, on any loop)."""

    __slots__ = ("_done", "_error", "_lock", "_waiters")

    def __init__(self) -> None:
        import threading  # only a renewal in flight needs an Event

        self._done = threading.Event()
        self._error: BaseException | None = None
        self._lock = allocate_lock()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    def finish(self, error: BaseException | None) -> None:
        with self._lock:
            self._error = error
            self._done.set()
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            loop.call_soon_threadsafe(self._settle, future)

    def _settle(self, future: asyncio.Future[None]) -> None:
        if future.done():  # the waiter was cancelled
            return
        if self._error is not None:
            future.set_exception(self._error)
        else:
            future.set_result(None)

    def wait(self) -> None:
        self._done.wait()
        if self._error is not None:
            raise self._error

    def future(self) -> asyncio.Future[None]:
        import asyncio  # only awaited renewals need it; importing it costs more than the package

        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if not self._done.is_set():
                self._waiters.append((loop, future))
                return future
        self._settle(future)
        return future


class _Abandoned(Exception):
    """The renewal a caller waited for was cancelled or interrupted: it runs its own."""


_FLIGHTS_LOCK = allocate_lock()


class MandateRotationPlans(Twinned):
    """The mandate family's refresh: ``refresh_tokens`` and the single-flight renewal that
    ``renew_access_token`` and ``check_token`` run."""

    __slots__ = ()
    _core: _core.CoreClient
    refresh_token: str | None
    device: Device | None

    _internal_username: Callable[[], str | None]
    _set_tokens: Callable[..., Plan[None]]

    def _renew_request(self, client_metadata: dict[str, str] | None, context: UserContext | None = None) -> Plan[None]:
        refresh = self.refresh_token
        if not refresh:
            raise AttributeError("Refresh Token Required to renew the access token")
        params, name = with_device_key({"REFRESH_TOKEN": refresh}, self.device), self._internal_username()
        result = yield from refresh_outcome(
            self._core,
            lambda: self._core.initiate_auth("REFRESH_TOKEN_AUTH", params, name, client_metadata, context),
            refresh,
            client_metadata,
            self.device,
        )
        yield from self._set_tokens(result)

    def _renew_once(
        self,
        seen: str | None = None,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[None]:
        """Renews the tokens, or waits for the renewal already in flight on this object. With
        ``seen`` (the access token the caller found expired), nothing is sent once another
        renewal has replaced it. A caller that waits shares the first one's ``client_metadata``
        and ``context``."""
        while True:
            with _FLIGHTS_LOCK:
                if seen is not None and self.__dict__.get("access_token") != seen:
                    return
                flight: _Flight | None = self.__dict__.get("_fastcognito_renewal")
                leader = flight is None
                if flight is None:
                    flight = self.__dict__["_fastcognito_renewal"] = _Flight()
            if not leader:
                try:
                    yield flight
                except _Abandoned:
                    continue
                return
            error: BaseException | None = None
            try:
                yield from self._renew_request(client_metadata, context)
            except Exception as exc:
                error = exc
                raise
            except BaseException:
                error = _Abandoned()
                raise
            finally:
                with _FLIGHTS_LOCK:
                    self.__dict__.pop("_fastcognito_renewal", None)
                flight.finish(error)
            return

    @plan
    def refresh_tokens(
        self,
        refresh_token: str | None = None,
        *,
        username: str | None = None,
        client_metadata: dict[str, str] | None = None,
    ) -> Plan[dict[str, Any]]:
        """GetTokensFromRefreshToken with ``refresh_token`` (the object's by default), on any
        app client; verifies and stores the tokens (and the new refresh token when the client
        rotates them) and returns ``{access_token, refresh_token, id_token, expires_in,
        token_type}`` (``refresh_token`` None when not rotated). ``username`` is accepted for
        symmetry: this operation sends the client secret, not a SECRET_HASH. The object's
        ``device`` key goes along."""
        token = self.refresh_token if refresh_token is None else refresh_token
        if not token:
            raise AttributeError("Refresh Token Required to refresh the tokens")
        metadata = _refresh_args(token, username, client_metadata)
        result = yield from self._core.get_tokens_from_refresh_token(token, metadata, _device_key(self.device))
        yield from self._set_tokens(result)
        tokens = _token_dict(result)
        if refresh_token is not None and not tokens["refresh_token"]:
            vars(self)["refresh_token"] = refresh_token  # the host's attribute (the mixin has no slots)
        return tokens
