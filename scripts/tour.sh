#!/usr/bin/env bash
# Installs fastcognito (release build, as `pip install .` does) with the emulator extra into
# .venv, then runs the tour against the strict local emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet '.[emulator]'
exec .venv/bin/fastcognito tour
