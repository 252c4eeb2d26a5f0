#!/usr/bin/env bash
# Installs everything into .venv, then runs the Rust checks and the whole test suite.
. "$(dirname "$0")/_env.sh"
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked -p fastcognito-core
python -m pytest -p no:cacheprovider "$@"
