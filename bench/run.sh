#!/usr/bin/env bash
# From a fresh clone: sets up .venv with the dev tools, then runs the benchmark (bench/run.py
# builds its own release wheel and peers' venv in bench/).
. "$(dirname "$0")/../scripts/_venv.sh"
maturin develop --quiet   # the driver uses fastcognito.testing (the emulator) from .venv
python bench/run.py "$@"
