"""The cognitopy API (CognitoPy, AsyncCognitoPy), blocking and awaitable, public client and one with a secret."""
