"""fastcognito: a fast, drop-in replacement for cognitopy and mandate, with a Rust core.

>>> from fastcognito import CognitoPy          # was: from cognitopy import CognitoPy
"""

from __future__ import annotations

from . import exceptions
from ._core import __version__
from .cognitopy import AsyncCognitoPy, CognitoPy
from .enums import DesiredDelivery, MessageAction
from .exceptions import CognitoError, ServiceError

__all__ = [
    "__version__",
    "CognitoPy",
    "AsyncCognitoPy",
    "MessageAction",
    "DesiredDelivery",
    "CognitoError",
    "ServiceError",
    "exceptions",
]
