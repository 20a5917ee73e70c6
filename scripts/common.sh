# Shared by run.sh, test.sh and bench.sh: install what is missing, configure and build a preset.
# Usage: source scripts/common.sh; msabm_build <preset> [targets...]
set -euo pipefail
MSABM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

msabm_build() {
  local preset=$1
  shift
  "$MSABM_ROOT/scripts/install-deps.sh"
  cd "$MSABM_ROOT"
  if [[ ! -f "build/$preset/CMakeCache.txt" ]]; then
    echo "msabm: configuring build/$preset"
    cmake --preset "$preset" >/dev/null
  fi
  echo "msabm: building build/$preset"
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  if [[ $# -gt 0 ]]; then
    cmake --build --preset "$preset" --parallel "$jobs" --target "$@"
  else
    cmake --build --preset "$preset" --parallel "$jobs"
  fi
}
