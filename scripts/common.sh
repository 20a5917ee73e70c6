# Shared by run.sh, test.sh and bench.sh: install what is missing, configure and build a preset.
# Usage: source scripts/common.sh; msabm_build <preset> [targets...]
set -euo pipefail
MSABM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

msabm_build() {
  local preset=$1
  shift
  "$MSABM_ROOT/scripts/install-deps.sh"
  cd "$MSABM_ROOT"
  # Compile through ccache where present, with paths taken relative to the clone, so that a fresh
  # clone (CI's) reuses the objects of earlier builds of the same sources. Read when a build
  # folder is configured; a caller's own settings win.
  if command -v ccache >/dev/null; then
    export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}
    export CMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER:-ccache}
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$MSABM_ROOT} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
  fi
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
