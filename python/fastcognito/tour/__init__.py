"""The tour: fastcognito's two APIs, end to end, against the strict local emulator.

Run it with ``fastcognito tour`` (or ``python -m fastcognito tour``); it needs the emulator
extra: ``pip install 'fastcognito[emulator]'``. Part 1 is cognitopy-style code
(:mod:`.cognitopy_style`), part 2 mandate-style code (:mod:`.mandate_style`); read them as
examples.
"""

from __future__ import annotations

import asyncio
import os
import time


def main() -> None:
    """Starts an emulator, runs both parts against it, and says how long it took."""
    # Admin calls are signed: give them dummy keys if there are none. Never ask EC2 metadata.
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

    from ..testing import Emulator
    from . import cognitopy_style, mandate_style

    started = time.monotonic()
    with Emulator() as emu:
        print("== part 1: cognitopy-style (CognitoPy, AsyncCognitoPy)")
        cognitopy_style.main(emu)
        print("\n== part 2: mandate-style (Cognito)")
        asyncio.run(mandate_style.main(emu))
    print(f"\ntour complete in {time.monotonic() - started:.1f} s")
