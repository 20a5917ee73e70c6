#!/usr/bin/env bash
# Builds Release and runs the benchmark workloads (bench/README.md), printing one JSON line per
# case and appending them to bench/results/. Nothing here runs in ctest.
#   scripts/bench.sh [--quick] [W1 W2 W3 W5 ...]
source "$(dirname "$0")/common.sh"
msabm_build release
exec /usr/bin/python3 "$MSABM_ROOT/bench/run_bench.py" --build "$MSABM_ROOT/build/release" "$@"
