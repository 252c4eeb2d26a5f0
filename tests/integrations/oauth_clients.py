"""The OAuth client the login glue tests use: the emulator's public app client."""

from __future__ import annotations

from fastcognito import AsyncOAuthClient, OAuthClient


def oauth_client(
    endpoint_url: str, client_id: str, redirect_uri: str, *, awaitable: bool = False
) -> OAuthClient | AsyncOAuthClient:
    """An OAuthClient (or AsyncOAuthClient) of the app client, at the emulator's address."""
    cls = AsyncOAuthClient if awaitable else OAuthClient
    return cls("local", client_id, redirect_uri=redirect_uri, endpoint_url=endpoint_url)
