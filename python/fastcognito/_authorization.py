""":class:`~fastcognito.oauth.AuthorizationRequest`, in a module of its own: a NamedTuple needs
``typing``, which ``fastcognito.oauth`` loads only once an authorization URL is made (or the
name is asked for), not when it is imported."""

from __future__ import annotations

from typing import NamedTuple

from ._hints import hinted

__all__ = ["AuthorizationRequest"]


class AuthorizationRequest(NamedTuple):
    """A sign-in to start: send the browser to :attr:`url`; keep :attr:`state` and
    :attr:`code_verifier` (e.g. in the session) until the callback, then check the callback's
    ``state`` and pass the verifier to ``exchange_code``. The repr hides the verifier."""

    url: str
    state: str
    code_verifier: str

    def __repr__(self) -> str:
        return f"AuthorizationRequest(url={self.url!r}, state={self.state!r}, code_verifier='**hidden**')"


# Where users find it (and pickle finds it: fastcognito.oauth loads this module on first use).
AuthorizationRequest.__module__ = "fastcognito.oauth"

hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
