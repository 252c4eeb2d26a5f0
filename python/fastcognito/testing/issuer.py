"""The pool's issuer format, as Cognito's IssuerConfiguration sets it: ``ORIGINAL`` tokens carry
``iss`` = ``https://cognito-idp.{region}.amazonaws.com/{pool}``, ``UPDATED`` ones
``https://issuer-cognito-idp.{region}.amazonaws.com/{pool}`` (multi-Region pools use it). The
same key set signs both. Set by CreateUserPool/UpdateUserPool (``IssuerConfiguration``,
returned by DescribeUserPool) or the ``issuer_format`` option of ``Emulator.setup``.
"""

from __future__ import annotations

from typing import Any

from . import _moto
from .fault import Fault

__all__ = ["ISSUER_TYPES", "issuer_of", "check_request", "configure"]

ISSUER_TYPES = ("ORIGINAL", "UPDATED")
#: ``issuer_format`` of ``Emulator.setup``, and the IssuerConfiguration Type each means.
FORMATS = {"original": "ORIGINAL", "updated": "UPDATED"}


def issuer_of(issuer_type: str, region: str, pool_id: str) -> str:
    host = "issuer-cognito-idp" if issuer_type == "UPDATED" else "cognito-idp"
    return f"https://{host}.{region}.amazonaws.com/{pool_id}"


def _token_issuer(pool: _moto.Pool, region: str) -> str | None:
    """The ``iss`` of the pool's tokens when it is not moto's own (the original format)."""
    kind = _moto.issuer_type(pool)
    return issuer_of(kind, region, pool.id) if kind != "ORIGINAL" else None


# Every token moto signs from now on follows its pool's setting: whichever flow issues it.
_moto.set_token_issuer(_token_issuer)


def check_request(req: dict[str, Any]) -> None:
    """CreateUserPool/UpdateUserPool: an IssuerConfiguration Type Cognito does not know is refused."""
    configuration = req.get("IssuerConfiguration")
    if configuration is None:
        return
    kind = configuration.get("Type") if isinstance(configuration, dict) else None
    if kind not in ISSUER_TYPES:
        raise Fault(
            "InvalidParameterException",
            f"1 validation error detected: Value '{kind}' at 'issuerConfiguration.type' failed to satisfy "
            "constraint: Member must satisfy enum value set: [ORIGINAL, UPDATED]",
        )


def check_format(issuer_format: object) -> None:
    """``Emulator.setup``'s ``issuer_format``: None, "original" or "updated"; ValueError otherwise."""
    if issuer_format is not None and issuer_format not in FORMATS:
        raise ValueError(f"issuer_format must be 'original' or 'updated', not {issuer_format!r}")


def configure(pool: _moto.Pool, issuer_format: str | None) -> None:
    if issuer_format is not None:
        _moto.set_issuer_type(pool, FORMATS[issuer_format])
