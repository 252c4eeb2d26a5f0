from . import exceptions as exceptions
from ._context import UserContext as UserContext
from ._core import __version__ as __version__
from ._devices import Device as Device
from ._sign_in import SignInStep as SignInStep
from .cognitopy import AsyncCognitoPy as AsyncCognitoPy
from .cognitopy import CognitoPy as CognitoPy
from .enums import DesiredDelivery as DesiredDelivery
from .enums import MessageAction as MessageAction
from .exceptions import CognitoError as CognitoError
from .exceptions import ServiceError as ServiceError
from .mandate import Cognito as Cognito
from .mandate import SyncCognito as SyncCognito
from .oauth import AsyncOAuthClient as AsyncOAuthClient
from .oauth import AuthorizationRequest as AuthorizationRequest
from .oauth import OAuthClient as OAuthClient
from .verifier import MultiPoolVerifier as MultiPoolVerifier
from .verifier import TokenVerifier as TokenVerifier

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
