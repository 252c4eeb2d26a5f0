"""``python -m fastcognito``: the ``fastcognito`` command."""

import sys

from .cli import main

sys.exit(main())
