#!/usr/bin/env bash
# From a fresh clone: sets up .venv with the dev tools, then runs the benchmark. bench/run.py
# builds its own release wheel (when the sources changed) and the peers' venv in bench/, and
# rewrites bench/results.md and the README's table.
. "$(dirname "$0")/../scripts/_venv.sh"
step "Building fastcognito into .venv (the driver uses its emulator, fastcognito.testing)"
maturin develop
python bench/run.py "$@"
