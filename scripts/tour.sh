#!/usr/bin/env bash
# Installs fastcognito into .venv and runs the tour against a local strict emulator.
. "$(dirname "$0")/_env.sh"
python examples/tour.py
echo
python examples/mandate_style.py
