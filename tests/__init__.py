"""fastcognito's tests, one package per layer; shared helpers in tests.helpers, fixtures in conftest.py."""
