"""The managed-login options of ``Emulator.setup``: the app clients' OAuth settings
(``callback_urls``, ``logout_urls``, ``oauth_scopes``) and ``resource_server`` (a resource
server and a third app client allowed only client credentials for its scopes), set up as
CreateUserPoolClient and CreateResourceServer would (moto keeps them; DescribeUserPoolClient
and DescribeResourceServer show them), so the endpoints read a pool set up here and one set
up through the API alike.
"""

from __future__ import annotations

from typing import Any

from . import _moto

__all__ = ["DEFAULT_CALLBACK_URLS", "DEFAULT_LOGOUT_URLS", "DEFAULT_SCOPES", "check", "client_settings", "m2m_client"]

DEFAULT_CALLBACK_URLS = ["http://localhost/callback"]
DEFAULT_LOGOUT_URLS = ["http://localhost/"]
DEFAULT_SCOPES = ["openid", "email", "profile", "aws.cognito.signin.user.admin"]


def _strings(options: dict[str, Any], name: str, default: list[str]) -> list[str]:
    value = options.get(name)
    if value is None:
        return list(default)
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of strings")
    return list(value)


def check(options: dict[str, Any]) -> None:
    """ValueError for a malformed option, before any pool exists."""
    for name, default in (
        ("callback_urls", DEFAULT_CALLBACK_URLS),
        ("logout_urls", DEFAULT_LOGOUT_URLS),
        ("oauth_scopes", DEFAULT_SCOPES),
    ):
        _strings(options, name, default)
    server = options.get("resource_server")
    if server is not None:
        if not isinstance(server, dict) or not isinstance(server.get("identifier"), str) or not server["identifier"]:
            raise ValueError('resource_server must be {"identifier": "api", "scopes": ["read", ...]}')
        scopes = server.get("scopes")
        if not isinstance(scopes, list) or not scopes or not all(isinstance(s, str) and s for s in scopes):
            raise ValueError("resource_server's scopes must be a non-empty list of strings")


def client_settings(options: dict[str, Any]) -> dict[str, Any]:
    """The OAuth settings of the pool's two user app clients: the code flow, the URLs, the scopes."""
    return {
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["code"],
        "AllowedOAuthScopes": _strings(options, "oauth_scopes", DEFAULT_SCOPES),
        "CallbackURLs": _strings(options, "callback_urls", DEFAULT_CALLBACK_URLS),
        "LogoutURLs": _strings(options, "logout_urls", DEFAULT_LOGOUT_URLS),
        "SupportedIdentityProviders": ["COGNITO"],
    }


def m2m_client(pool: _moto.Pool, options: dict[str, Any]) -> _moto.AppClient | None:
    """``resource_server``: the resource server and its machine-to-machine app client."""
    server = options.get("resource_server")
    if server is None:
        return None
    identifier = str(server["identifier"])
    _moto.create_resource_server(pool, identifier, [str(s) for s in server["scopes"]])
    settings = {
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["client_credentials"],
        "AllowedOAuthScopes": [f"{identifier}/{s}" for s in server["scopes"]],
    }
    return pool.create_client("machine-to-machine", True, ["ALLOW_REFRESH_TOKEN_AUTH"], settings)
