"""fastcognito: a fast, drop-in replacement for cognitopy and mandate, with a Rust core.

>>> from fastcognito import CognitoPy          # was: from cognitopy import CognitoPy
>>> from fastcognito import Cognito            # was: from mandate import Cognito
"""

from __future__ import annotations

import atexit

from . import _core, exceptions
from ._context import UserContext
from ._core import __version__
from ._devices import Device
from ._sign_in import SignInStep
from .cognitopy import AsyncCognitoPy, CognitoPy
from .enums import DesiredDelivery, MessageAction
from .exceptions import CognitoError, ServiceError
from .mandate import Cognito, SyncCognito
from .oauth import AsyncOAuthClient, AuthorizationRequest, OAuthClient
from .verifier import MultiPoolVerifier, TokenVerifier

# Before the interpreter finalizes: stop handing results to Python from other threads and
# cancel blocking calls still waiting (taking the GIL back later would abort the process).
atexit.register(_core._shutdown)

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
    "SignInStep",
    "Device",
    "UserContext",
    "TokenVerifier",
    "MultiPoolVerifier",
    "OAuthClient",
    "AsyncOAuthClient",
    "AuthorizationRequest",
]
