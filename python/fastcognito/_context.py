"""Threat-protection context data: :class:`UserContext`, what the app saw of the end user's
request (IP address, HTTP headers), sent with every call whose Cognito operation takes it.

Public operations (InitiateAuth, RespondToAuthChallenge, SignUp, ConfirmSignUp,
ForgotPassword, ConfirmForgotPassword, ResendConfirmationCode) get it as ``UserContextData``
(IpAddress, EncodedData); the admin sign-in operations (AdminInitiateAuth,
AdminRespondToAuthChallenge) as ``ContextData`` (IpAddress, ServerName, ServerPath,
HttpHeaders, EncodedData). Without ``server_name`` the core sends the Host header (else
"localhost"); without ``server_path``, "/".

Also here, framework-free, what the web glue uses to build one from a request: the client's
address behind trusted proxies (:func:`client_ip`) and the headers worth sending
(:func:`forwardable_headers`).
"""

from __future__ import annotations

from ._hints import hinted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any


__all__ = ["UserContext", "checked_context", "client_ip", "trusted_networks", "forwardable_headers"]

#: Headers the web glue leaves out: credentials of the app's own, of no use to risk scoring.
PRIVATE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


def _valid_ip(value: str) -> bool:
    import ipaddress  # only when a context is built: not a cost of importing fastcognito

    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _header_pairs(headers: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(headers, (str, bytes)):
        raise TypeError("headers must be a mapping or a list of (name, value) pairs, not a str")
    items = headers.items() if callable(getattr(headers, "items", None)) else headers
    try:
        pairs = [tuple(pair) for pair in items]
    except TypeError:
        raise TypeError(
            f"headers must be a mapping or a list of (name, value) pairs, not {type(headers).__name__}"
        ) from None
    for pair in pairs:
        if len(pair) != 2 or not isinstance(pair[0], str) or not isinstance(pair[1], str):
            raise TypeError("headers: each header must be a (name, value) pair of str")
        name = pair[0]
        if not name or any(c.isspace() or c == ":" or not c.isprintable() for c in name):
            raise ValueError(f"headers: {name!r} is not a header name")
    return tuple((str(n), str(v)) for n, v in pairs)


def _optional_text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must not be empty (leave it None for the default)")
    return value


class UserContext:
    """The end user's request, for Cognito's threat protection: ``ip_address`` (IPv4 or IPv6),
    ``headers`` (a mapping or a list of ``(name, value)`` pairs), and optionally
    ``encoded_data`` (the fingerprint Cognito's JavaScript/SDK collected in the browser),
    ``server_name`` and ``server_path`` (for the admin operations; default: the Host header
    or "localhost", and "/"). Checked when built: TypeError or ValueError. Its repr shows the
    address and the header names, never a header's value."""

    __slots__ = ("_ip_address", "_header_pairs", "_encoded_data", "_server_name", "_server_path")

    def __init__(
        self,
        ip_address: str,
        headers: Any,
        encoded_data: str | None = None,
        server_name: str | None = None,
        server_path: str | None = None,
    ) -> None:
        if not isinstance(ip_address, str):
            raise TypeError(f"ip_address must be a str, not {type(ip_address).__name__}")
        if not _valid_ip(ip_address):
            raise ValueError("ip_address must be an IPv4 or IPv6 address")
        self._ip_address = ip_address
        self._header_pairs = _header_pairs(headers)
        self._encoded_data = _optional_text("encoded_data", encoded_data)
        self._server_name = _optional_text("server_name", server_name)
        self._server_path = _optional_text("server_path", server_path)

    @property
    def ip_address(self) -> str:
        """The end user's IP address."""
        return self._ip_address

    @property
    def headers(self) -> list[tuple[str, str]]:
        """The headers, as ``(name, value)`` pairs in their order."""
        return list(self._header_pairs)

    @property
    def encoded_data(self) -> str | None:
        """The device fingerprint collected in the browser, if any."""
        return self._encoded_data

    @property
    def server_name(self) -> str | None:
        """ServerName as given (None: the core sends the Host header, else "localhost")."""
        return self._server_name

    @property
    def server_path(self) -> str | None:
        """ServerPath as given (None: the core sends "/")."""
        return self._server_path

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UserContext):
            return NotImplemented
        return all(getattr(self, s) == getattr(other, s) for s in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        names = [name for name, _ in self._header_pairs]
        extras = "".join(
            f", {label}={value!r}"
            for label, value in (("server_name", self._server_name), ("server_path", self._server_path))
            if value is not None
        )
        if self._encoded_data is not None:
            extras += ", encoded_data=..."
        return f"UserContext(ip_address={self._ip_address!r}, headers={names!r}{extras})"


def checked_context(value: Any) -> UserContext | None:
    """``context=`` checked before any call: None or a :class:`UserContext`."""
    if value is not None and not isinstance(value, UserContext):
        raise TypeError(f"context must be a fastcognito.UserContext or None, not {type(value).__name__}")
    return value


# ---- for the web glue ---------------------------------------------------------------------


def trusted_networks(trusted_proxies: Any) -> tuple[Any, ...]:
    """``trusted_proxies`` (addresses or CIDR networks, as str) as networks; TypeError for a
    lone str, ValueError for what is not an address or network."""
    if trusted_proxies is None:
        return ()
    if isinstance(trusted_proxies, (str, bytes)):
        raise TypeError("trusted_proxies must be a list of addresses or networks, not a str")
    import ipaddress

    networks = []
    for entry in trusted_proxies:
        if not isinstance(entry, str):
            raise TypeError(f"trusted_proxies: {entry!r} is not a str")
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"trusted_proxies: {entry!r} is not an IP address or network") from None
    return tuple(networks)


def _address(text: str) -> Any:
    """An X-Forwarded-For entry as an address (a port or IPv6 brackets dropped), or None."""
    import ipaddress

    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(peer: str | None, forwarded_for: Iterable[str], networks: tuple[Any, ...]) -> str | None:
    """The end user's address: the connection's ``peer``, unless it is one of the trusted
    proxies (``networks``, see :func:`trusted_networks`); then the right-most address of
    X-Forwarded-For (``forwarded_for``: its header values, in order) that is not trusted.
    A malformed entry ends the walk: what lies left of it cannot be trusted, so the last
    address checked is the answer. None if the peer is unknown."""
    if peer is None:
        return None
    current = _address(peer)
    if current is None:
        return None

    def trusted(address: Any) -> bool:
        return any(address.version == n.version and address in n for n in networks)

    chain = [entry for value in forwarded_for for entry in value.split(",") if entry.strip()]
    while trusted(current) and chain:
        previous = _address(chain.pop())
        if previous is None:
            break
        current = previous
    return str(current)


def forwardable_headers(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The request's headers without the app's own credentials (Authorization, Cookie...)."""
    return [(name, value) for name, value in pairs if name.lower() not in PRIVATE_HEADERS]


hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
