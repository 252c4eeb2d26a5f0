"""Verifying Cognito JWTs on their own, for APIs that receive tokens (see also the framework
glue in :mod:`fastcognito.integrations` and the guide ``docs/verifying-tokens.md``).

>>> verifier = TokenVerifier("eu-west-1_AbC123", "my-app-client-id")
>>> claims = verifier.verify(token)                 # blocking, GIL released while keys load
>>> claims = await verifier.verify_async(token)     # or awaited

A token passes when its RS256 signature checks against the pool's JWKS (fetched on first use
or by :meth:`TokenVerifier.hydrate`, again on an unknown ``kid`` at most every 30 s, or
preloaded with ``jwks=``), ``exp``/``nbf``/``iat`` hold (give or take ``grace_seconds``),
``iss`` is the pool's in either issuer format, ``token_use`` is the one asked for, the app
client is one of ``client_id`` (``client_id`` claim of access tokens, ``aud`` of id tokens),
and the ``groups``/``scopes``/``custom_check`` asked for are met. Anything else raises
:class:`~fastcognito.exceptions.TokenVerificationError` with the reason (never the token).

A token that passed is remembered until its ``exp``: verifying it again skips the signature.
"""

from __future__ import annotations

import os

from . import _core
from ._hints import hinted
from .exceptions import TokenVerificationError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any, TypeAlias

    from ._calls import Plan

    #: What ``jwks=`` takes: the JWKS as a dict, as JSON text, or the path of a JSON file.
    JwksSource: TypeAlias = dict[str, Any] | str | os.PathLike[str]

__all__ = ["TokenVerifier", "MultiPoolVerifier", "JwksSource"]


def __getattr__(name: str) -> object:
    # ``JwksSource`` at run time is made with ``typing`` when first asked for, not at import.
    if name == "JwksSource":
        from typing import Any, Union

        alias = Union[dict[str, Any], str, "os.PathLike[str]"]
        globals()[name] = alias
        return alias
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The variable the mandate family reads the pool's keys from (mandate's); verifiers never do.
JWKS_ENV = "COGNITO_JWKS"
_warned_env_jwks = False


def _warn_env_jwks() -> None:
    """Logs once per process (logger ``fastcognito``) that ``COGNITO_JWKS`` replaces the
    pool's keys for the mandate family: a variable left set next to an emulator would make a
    server trust whatever key set it holds."""
    global _warned_env_jwks
    if _warned_env_jwks or not os.environ.get(JWKS_ENV, "").strip():
        return
    _warned_env_jwks = True
    import logging

    logging.getLogger("fastcognito").warning(
        "%s is set: the mandate-compatible clients take the pool's signing keys from it instead "
        "of the pool's JWKS URL (TokenVerifier ignores it; pass jwks= to use a key set of your own)",
        JWKS_ENV,
    )


def verified_claims(core: _core.CoreClient, token: str, token_use: str, issuer: str | None) -> Plan[dict[str, Any]]:
    """A plan (see ``_calls``) for the mandate family: the token's claims, verified at once
    with the cached keys (no I/O, no runtime), or else by the core's key cache, which fetches
    the keys as its policy says (``COGNITO_JWKS`` first, as mandate). ``issuer`` None, or the
    pool's original-format issuer (what mandate's ``issuer`` attribute holds by default),
    accepts both issuer formats."""
    if issuer == core.default_issuer:
        issuer = None
    claims = core.verify_cached(token, token_use, issuer)
    if claims is None:
        _warn_env_jwks()
        claims = yield from core.verify_token(token, token_use, issuer)
    return claims


def jwks_document(core: _core.CoreClient) -> Plan[dict[str, Any]]:
    """A plan for mandate's ``get_keys``: the JWKS document (``COGNITO_JWKS`` if set, which is
    logged once, else fetched)."""
    _warn_env_jwks()
    return (yield from core.jwks_document())


def _shown(text: str, limit: int = 64) -> str:
    """``repr(text)``, cut after ``limit`` characters: a token's own text can be of any length."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}…"


def _names(value: str | Iterable[str] | None, what: str) -> list[str]:
    """A str or an iterable of non-empty str as a list (None: empty); TypeError otherwise."""
    if value is None:
        return []
    from _collections_abc import Iterable  # collections.abc's own, loaded at every startup

    items = [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) else None
    if items is None or not all(isinstance(v, str) and v for v in items):
        raise TypeError(f"{what} must be a non-empty str or a list of them")
    return items


def _jwks_text(jwks: JwksSource) -> str:
    """The JWKS as JSON text, from a dict, JSON text or a file path (read now, once)."""
    if isinstance(jwks, dict):
        import json

        return json.dumps(jwks)
    if isinstance(jwks, str) and jwks.lstrip().startswith("{"):
        return jwks
    if isinstance(jwks, (str, os.PathLike)):
        with open(jwks, encoding="utf-8") as f:
            return f.read()
    raise TypeError("jwks must be a dict, JSON text or the path of a JSON file")


class TokenVerifier:
    """Checks tokens of one user pool for one or more app clients. Safe to share across
    threads and tasks; constructing it does no I/O.

    - ``client_id``: an app client id, or a list of them (any one is accepted).
    - ``token_use``: ``"access"`` (the default, what APIs should accept) or ``"id"``.
    - ``issuer``: pins the one ``iss`` accepted; by default the pool's, in both formats
      (``https://cognito-idp.{region}.amazonaws.com/{pool}`` and
      ``https://issuer-cognito-idp.{region}.amazonaws.com/{pool}``).
    - ``groups``: the user must be in at least one (``cognito:groups``).
    - ``scopes``: the access token must hold at least one (``scope``); id tokens carry no
      scope, so ``scopes`` with ``token_use="id"`` is a ValueError.
    - ``grace_seconds``: clock skew allowed on ``exp``, ``nbf`` and ``iat``.
    - ``jwks``: the pool's JWKS (dict, JSON text or file path), so no download ever happens;
      a token signed with another key is refused.
    - ``custom_check(claims)``: runs after every other check (a remembered token's too) and
      refuses the token by raising (its message becomes the refusal's) or by returning False.
    - ``region``, ``endpoint_url`` (or ``AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER``): where
      the keys are downloaded from (an emulator); ``connect_timeout``/``read_timeout`` bound
      the download; ``cache_size``: how many verified tokens are remembered (0: none).
    """

    __slots__ = ("_verifier", "_custom_check")

    def __init__(
        self,
        user_pool_id: str,
        client_id: str | Sequence[str],
        token_use: str = "access",
        *,
        issuer: str | None = None,
        groups: str | Iterable[str] | None = None,
        scopes: str | Iterable[str] | None = None,
        grace_seconds: int = 0,
        jwks: JwksSource | None = None,
        custom_check: Callable[[dict[str, Any]], object] | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        cache_size: int = 16384,
    ) -> None:
        if not isinstance(user_pool_id, str) or not user_pool_id:
            raise TypeError("user_pool_id must be a non-empty string")
        client_ids = _names(client_id, "client_id")
        if not client_ids:
            raise TypeError("client_id must be a non-empty str or a list of them")
        token_use = _core.token_use(token_use)
        if issuer is not None and not isinstance(issuer, str):
            raise TypeError("issuer must be a str or None")
        scope_list = _names(scopes, "scopes")
        if scope_list and token_use == "id":
            raise ValueError("scopes= needs access tokens: id tokens carry no scope")
        for name, number in (("grace_seconds", grace_seconds), ("cache_size", cache_size)):
            if isinstance(number, bool) or not isinstance(number, int) or number < 0:
                raise ValueError(f"{name} must be a whole number of 0 or more")
        if custom_check is not None and not callable(custom_check):
            raise TypeError("custom_check must be a callable taking the claims, or None")
        self._verifier = _core.Verifier(
            user_pool_id,
            client_ids,
            token_use,
            issuer=issuer,
            groups=_names(groups, "groups"),
            scopes=scope_list,
            grace_seconds=grace_seconds,
            jwks=None if jwks is None else _jwks_text(jwks),
            region=region,
            endpoint_url=endpoint_url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            cache_size=cache_size,
        )
        self._custom_check = custom_check

    @property
    def user_pool_id(self) -> str:
        return self._verifier.user_pool_id

    @property
    def client_id(self) -> str:
        """The first of :attr:`client_ids`."""
        return self._verifier.client_ids[0]

    @property
    def client_ids(self) -> tuple[str, ...]:
        return tuple(self._verifier.client_ids)

    @property
    def token_use(self) -> str:
        return self._verifier.token_use

    @property
    def issuer(self) -> str:
        """The pinned issuer, else the pool's in the original format (see :attr:`issuers`)."""
        return self._verifier.issuers[0]

    @property
    def issuers(self) -> tuple[str, ...]:
        """Every ``iss`` accepted: the pinned one, or the pool's in both formats."""
        return tuple(self._verifier.issuers)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(self._verifier.groups)

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(self._verifier.scopes)

    @property
    def grace_seconds(self) -> int:
        return self._verifier.grace_seconds

    @property
    def has_keys(self) -> bool:
        """Whether the keys are at hand (downloaded or preloaded): verifying needs no I/O."""
        return self._verifier.has_keys

    def __repr__(self) -> str:
        ids = self.client_ids
        shown = ids[0] if len(ids) == 1 else list(ids)
        return f"TokenVerifier(user_pool_id={self.user_pool_id!r}, client_id={shown!r}, token_use={self.token_use!r})"

    def _checked(self, claims: dict[str, Any]) -> dict[str, Any]:
        check = self._custom_check
        if check is not None:
            try:
                verdict = check(claims)
            except Exception as exc:
                raise TokenVerificationError(f"the custom check refused the token: {exc}") from exc
            if verdict is False:  # a predicate written as one: refusing is the safe reading
                raise TokenVerificationError("the custom check refused the token (it returned False)")
        return claims

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, once verified; blocks only while the keys are downloaded."""
        claims = self._verifier.verify_cached(token)
        if claims is None:
            fetched = self._verifier.verify(token).wait()  # downloads the keys as need be
            # Now with the keys at hand, so that the token is remembered.
            claims = self._verifier.verify_cached(token) or fetched
        return self._checked(claims) if self._custom_check is not None else claims

    async def verify_async(self, token: str) -> dict[str, Any]:
        """:meth:`verify`, awaited (the key download does not block the event loop)."""
        claims = self._verifier.verify_cached(token)
        if claims is None:
            fetched = await self._verifier.verify(token).future()
            claims = self._verifier.verify_cached(token) or fetched
        return self._checked(claims)

    def hydrate(self) -> None:
        """Downloads the pool's keys now (e.g. at start-up) unless they are at hand, so that
        no request waits for them. Raises KeysUnavailableError if they cannot be fetched."""
        self._verifier.hydrate().wait()

    async def hydrate_async(self) -> None:
        """:meth:`hydrate`, awaited."""
        await self._verifier.hydrate().future()

    def forget(self) -> None:
        """Forgets the tokens that passed: each is verified in full the next time."""
        self._verifier.forget()


class MultiPoolVerifier:
    """Several :class:`TokenVerifier`, one per issuer (user pool): a token goes to the one that
    accepts its ``iss`` (read before any signature work); a token of any other issuer is
    refused. Two verifiers may not share an issuer (pin ``issuer=`` to tell them apart)."""

    __slots__ = ("_by_issuer", "_verifiers")

    def __init__(self, verifiers: Iterable[TokenVerifier]) -> None:
        self._verifiers = tuple(verifiers)
        if not self._verifiers or not all(isinstance(v, TokenVerifier) for v in self._verifiers):
            raise TypeError("MultiPoolVerifier needs a list of one or more TokenVerifier")
        self._by_issuer: dict[str, TokenVerifier] = {}
        for verifier in self._verifiers:
            for issuer in verifier.issuers:
                if issuer in self._by_issuer:
                    raise ValueError(f"two verifiers accept the issuer {issuer!r}")
                self._by_issuer[issuer] = verifier

    @property
    def verifiers(self) -> tuple[TokenVerifier, ...]:
        return self._verifiers

    def __repr__(self) -> str:
        return f"MultiPoolVerifier({list(self._verifiers)!r})"

    def verifier_for(self, token: str) -> TokenVerifier:
        """The verifier of the token's issuer; TokenVerificationError when none is."""
        if not isinstance(token, str):
            raise TypeError("token must be a str")
        issuer = _core.unverified_issuer(token)
        verifier = self._by_issuer.get(issuer) if issuer is not None else None
        if verifier is None:
            why = (
                "has no issuer (iss)" if issuer is None else f"was issued by {_shown(issuer)}, not a pool verified here"
            )
            raise TokenVerificationError(f"the token {why}")
        return verifier

    def _recalled(self, token: str) -> dict[str, Any] | None:
        """The claims of a token one of the verifiers remembers (it accepts the token's
        issuer, so it is the one :meth:`verifier_for` would pick): lookups are cheaper than
        reading ``iss``."""
        for verifier in self._verifiers:
            claims = verifier._verifier.recall(token)
            if claims is not None:
                return verifier._checked(claims)
        return None

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, verified by the verifier of its issuer."""
        claims = self._recalled(token)
        return claims if claims is not None else self.verifier_for(token).verify(token)

    async def verify_async(self, token: str) -> dict[str, Any]:
        """:meth:`verify`, awaited."""
        claims = self._recalled(token)
        return claims if claims is not None else await self.verifier_for(token).verify_async(token)

    def hydrate(self) -> None:
        """Downloads the keys of every pool now."""
        for verifier in self._verifiers:
            verifier.hydrate()

    async def hydrate_async(self) -> None:
        """:meth:`hydrate`, awaited."""
        for verifier in self._verifiers:
            await verifier.hydrate_async()


hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
