#!/usr/bin/env bash
# Installs fastcognito (release build, as `pip install .` does) with the emulator extra into
# .venv, then runs the tour against the strict local emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. scripts/_progress.sh
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || { step "Creating .venv"; "$PY" -m venv .venv; }
step "Updating pip"
.venv/bin/python -m pip install --quiet --upgrade pip
step "Building and installing fastcognito[emulator] (release build of the Rust extension: the
    first build compiles the AWS SDK for Rust and takes several minutes; cargo's progress follows)"
pip_showing_cargo .venv/bin/python -m pip install '.[emulator]'
step "The tour, against the strict local emulator"
exec .venv/bin/fastcognito tour
