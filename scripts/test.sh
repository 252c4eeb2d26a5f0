#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run):
#   1. the sdist, then the release wheel built from that sdist alone (as pip would), installed
#      into .venv: every test below runs against the artifact users get;
#   2. clippy and the Rust tests of the PyO3-free core;
#   3. the stubs: fresh (scripts/gen_stubs.py --check), mypy --strict on examples/ and the
#      package, stubtest on the package;
#   4. pytest, including the wheel's own test (a clean venv, the tour) and the browser tests
#      (tests/browser: Debian's headless Chromium, installed here with apt-get when missing and
#      we are root, as in CI; there they must run, elsewhere they are skipped without it).
# ruff (format and lint, with import sorting) runs first: it takes a second.
# FASTCOGNITO_DEV=1 skips 1 and builds a debug extension with `maturin develop` instead.
. "$(dirname "$0")/_venv.sh"
step "ruff"
ruff format --check .
ruff check .

if [ "${FASTCOGNITO_DEV:-0}" = 1 ]; then
    step "Debug build of the extension (maturin develop)"
    maturin develop
else
    rm -rf target/dist
    step "The sdist, then the release wheel built from it (the first build compiles the AWS SDK
    for Rust and takes several minutes; cargo's progress follows)"
    maturin sdist --out target/dist
    SDIST=$(ls target/dist/fastcognito-*.tar.gz)
    # Built in pip's isolated environment from the sdist alone; the cargo cache is shared.
    CARGO_TARGET_DIR="$PWD/target" pip_showing_cargo python -m pip wheel --no-deps --wheel-dir target/dist "$SDIST"
    WHEEL=$(ls target/dist/fastcognito-*.whl)
    python -m pip install --quiet --force-reinstall --no-deps "$WHEEL"
    export FASTCOGNITO_SDIST="$PWD/$SDIST" FASTCOGNITO_WHEEL="$PWD/$WHEEL" FASTCOGNITO_REQUIRE_WHEEL=1
fi

step "clippy, then the Rust tests (both compile the core and its tests first)"
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked -p fastcognito-core
step "Stubs: fresh, mypy --strict, stubtest"
python scripts/gen_stubs.py --check
mypy --strict examples python/fastcognito
python -m mypy.stubtest fastcognito --allowlist stubtest-allowlist.txt
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        step "Installing Chromium and its driver for the browser tests (apt-get install chromium chromium-driver)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends chromium chromium-driver
    else
        step "No /usr/bin/chromium or /usr/bin/chromedriver (and not root): the browser tests will be skipped"
    fi
fi
if [ "$(id -u)" = 0 ] || [ -n "${CI:-}" ]; then
    export FASTCOGNITO_REQUIRE_BROWSER="${FASTCOGNITO_REQUIRE_BROWSER:-1}"
fi
step "pytest"
python -m pytest -p no:cacheprovider "$@"
