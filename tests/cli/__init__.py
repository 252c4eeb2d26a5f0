"""The fastcognito command (fastcognito.cli), run as a subprocess."""
