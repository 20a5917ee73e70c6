#!/usr/bin/env bash
# Runs msabm on a config (configs/default.yaml by default), installing missing system
# packages and building in Release first.
#   scripts/run.sh [CONFIG] [msabm run options...]   e.g. scripts/run.sh configs/default.yaml --threads 2
source "$(dirname "$0")/common.sh"
config=configs/default.yaml
if [[ $# -gt 0 && $1 != -* ]]; then
  config=$1
  shift
fi
# Resolve the config before changing directory so relative paths keep working.
config=$(realpath "$config")
msabm_build release msabm
threads=$(nproc 2>/dev/null || echo 2)
has_threads=0
for a in "$@"; do [[ $a == --threads* ]] && has_threads=1; done
extra=()
[[ $has_threads == 1 ]] || extra+=(--threads "$threads")
has_out=0
for a in "$@"; do [[ $a == --out* || $a == --overwrite ]] && has_out=1; done
# Re-running the default command replaces its previous results.
[[ $has_out == 1 ]] || extra+=(--overwrite)
exec "$MSABM_ROOT/build/release/apps/msabm" run "$config" "${extra[@]}" "$@"
