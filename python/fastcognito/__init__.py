"""fastcognito: a fast, drop-in replacement for cognitopy and mandate, with a Rust core.

>>> from fastcognito import CognitoPy          # was: from cognitopy import CognitoPy
>>> from fastcognito import Cognito            # was: from mandate import Cognito
"""

from __future__ import annotations

from . import exceptions
from ._core import __version__
from .cognitopy import AsyncCognitoPy, CognitoPy
from .enums import DesiredDelivery, MessageAction
from .mandate import Cognito, SyncCognito
from .exceptions import CognitoError, ServiceError

__all__ = [
    "__version__",
    "CognitoPy",
    "AsyncCognitoPy",
    "Cognito",
    "SyncCognito",
    "MessageAction",
    "DesiredDelivery",
    "CognitoError",
    "ServiceError",
    "exceptions",
]
