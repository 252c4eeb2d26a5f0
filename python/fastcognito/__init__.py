"""fastcognito: a fast, drop-in replacement for cognitopy and mandate, with a Rust core.

>>> from fastcognito import CognitoPy          # was: from cognitopy import CognitoPy
>>> from fastcognito import Cognito            # was: from mandate import Cognito

Each name below is imported on first use (PEP 562), so ``import fastcognito`` alone loads
nothing else: a process pays only for what it uses (an AWS Lambda cold start, a CLI). Type
checkers read the names from ``__init__.pyi``.
"""

# Name -> the submodule that defines it ("" for a submodule itself).
_EXPORTS = {
    "__version__": "_core",
    "CognitoPy": "cognitopy",
    "AsyncCognitoPy": "cognitopy",
    "Cognito": "mandate",
    "SyncCognito": "mandate",
    "MessageAction": "enums",
    "DesiredDelivery": "enums",
    "CognitoError": "exceptions",
    "ServiceError": "exceptions",
    "exceptions": "",
    "SignInStep": "_sign_in",
    "Device": "_devices",
    "UserContext": "_context",
    "TokenVerifier": "verifier",
    "MultiPoolVerifier": "verifier",
    "OAuthClient": "oauth",
    "AsyncOAuthClient": "oauth",
    "AuthorizationRequest": "oauth",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'fastcognito' has no attribute {name!r}")
    import sys

    # __import__ rather than importlib, which would load importlib and warnings: this runs for
    # ``from . import exceptions`` too, inside the package.
    submodule = f"{__name__}.{module or name}"
    __import__(submodule)
    value: object = sys.modules[submodule]
    if module:
        value = getattr(value, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
