"""The passkeys example app (``app.py``); README.md says how to run it."""
