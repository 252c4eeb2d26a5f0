#!/usr/bin/env bash
# From a fresh clone: sets up .venv (as scripts/test.sh does), then runs the benchmark.
. "$(dirname "$0")/../scripts/_env.sh"
python bench/run.py "$@"
