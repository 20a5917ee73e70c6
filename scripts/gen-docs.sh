#!/usr/bin/env bash
# Regenerates docs/parameters.md (every model's keys with unit, default, range and meaning) from
# `msabm describe --markdown`, building msabm first. A test (cli: describe: docs/parameters.md is
# current) fails while the page differs from what the code says.
source "$(dirname "$0")/common.sh"
msabm_build release msabm
"$MSABM_ROOT/build/release/apps/msabm" describe --markdown > "$MSABM_ROOT/docs/parameters.md"
echo "msabm: wrote docs/parameters.md"
