#!/usr/bin/env bash
# Builds msabm in Release (installing missing system packages first) and runs the whole test
# suite with ctest. Extra arguments go to ctest, e.g. scripts/test.sh -R walkers
#   MSABM_PRESET=sanitize scripts/test.sh    runs the suite under ASan + UBSan with assertions on
#   MSABM_PRESET=tsan scripts/test.sh        runs the parallel engine tests under ThreadSanitizer
source "$(dirname "$0")/common.sh"
preset=${MSABM_PRESET:-release}
msabm_build "$preset"
cd "$MSABM_ROOT"
jobs=$(nproc 2>/dev/null || echo 2)
ctest --preset "$preset" --parallel "$jobs" "$@"
