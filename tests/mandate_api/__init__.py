"""The mandate/pycognito API (Cognito awaitable, SyncCognito blocking)."""
