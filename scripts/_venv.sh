# Shared by the scripts: a project virtualenv (.venv) with the build, emulator, type-checking
# and test tools from requirements-dev.txt (never needed by fastcognito at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. scripts/_progress.sh
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    step "Creating .venv"
    "$PY" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
step "Installing the build, emulator and test tools (requirements-dev.txt)"
python -m pip install --quiet --upgrade pip
python -m pip install --progress-bar off -r requirements-dev.txt |
    { grep --line-buffered -v '^Requirement already satisfied' || true; }
