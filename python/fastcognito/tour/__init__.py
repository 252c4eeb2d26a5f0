"""The tour: fastcognito's two APIs, end to end, against the strict local emulator.

Run it with ``fastcognito tour`` (or ``python -m fastcognito tour``); it needs the emulator
extra: ``pip install 'fastcognito[emulator]'``. Part 1 is cognitopy-style code
(:mod:`.cognitopy_style`), part 2 mandate-style code (:mod:`.mandate_style`), part 3
choice-based sign-in (:mod:`.modern_sign_in`), part 4 passkeys (:mod:`.passkeys`); read them
as examples.
"""

from __future__ import annotations

import asyncio
import os
import time


def main() -> None:
    """Starts an emulator, runs every part against it, and says how long it took."""
    from ..testing import REAL_AWS_SETTINGS, Emulator

    # Admin calls are signed: with dummy keys (real ones are not for the emulator), and no real
    # AWS session, profile or EC2 metadata lookup. This process only runs the tour.
    for name in REAL_AWS_SETTINGS:
        os.environ.pop(name, None)
    os.environ.update(AWS_ACCESS_KEY_ID="local", AWS_SECRET_ACCESS_KEY="local", AWS_EC2_METADATA_DISABLED="true")
    from . import cognitopy_style, mandate_style, modern_sign_in, passkeys

    started = time.monotonic()
    with Emulator() as emu:
        print("== part 1: cognitopy-style (CognitoPy, AsyncCognitoPy)")
        cognitopy_style.main(emu)
        print("\n== part 2: mandate-style (Cognito)")
        asyncio.run(mandate_style.main(emu))
        print("\n== part 3: choice-based sign-in (sign_in, confirm_sign_in)")
        asyncio.run(modern_sign_in.main(emu))
        print("\n== part 4: passkeys (WebAuthn, with a software authenticator as the browser)")
        asyncio.run(passkeys.main(emu))
    print(f"\ntour complete in {time.monotonic() - started:.1f} s")
