# Shared by scripts/tour.sh and scripts/test.sh: a project virtualenv with the build and
# emulator tools, and the package built into it (debug build: fast to compile, fine to run).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -r requirements-dev.txt
maturin develop --quiet ${MATURIN_ARGS:-}
