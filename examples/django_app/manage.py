"""The example Django project.

Against the local emulator, in one shell ``fastcognito local`` (it prints ``export`` lines: run
them in a second shell), then in that second shell::

    python examples/django_app/manage.py runserver 8000
    TOKEN=$(fastcognito login | python -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/me

Or ``python examples/django_app/manage.py demo``: it starts the emulator itself, signs a user in
and calls the API through DRF's test client. Needs ``pip install 'fastcognito[emulator]' django
djangorestframework``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def setup() -> None:
    """Makes ``django_app`` importable and Django configured with its settings."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_app.settings")


def demo() -> None:
    import django  # type: ignore[import-untyped]
    from _demo import run_demo  # examples/_demo.py: the emulator, a signed-in user, the calls
    from django.test.utils import override_settings  # type: ignore[import-untyped]
    from rest_framework.test import APIClient  # type: ignore[import-untyped]

    from fastcognito.verifier import TokenVerifier

    django.setup()

    def test_client(verifier: TokenVerifier) -> APIClient:
        # The demo's pool is created at run time: hand its verifier over as VERIFIER.
        override_settings(FASTCOGNITO={"VERIFIER": verifier}).enable()
        return APIClient()

    run_demo(test_client, lambda response: response.json())


def main() -> None:
    setup()
    if sys.argv[1:] == ["demo"]:
        demo()
        return
    from django.core.management import execute_from_command_line  # type: ignore[import-untyped]

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
