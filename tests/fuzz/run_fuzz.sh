#!/usr/bin/env bash
# Fuzzes one target, or merges what fuzzing found into the kept corpus (tests/fuzz/README.md).
#   tests/fuzz/run_fuzz.sh TARGET SECONDS [WORK]   # TARGET: units, config or set
#   tests/fuzz/run_fuzz.sh TARGET merge [WORK]     # minimise into tests/fuzz/corpus/TARGET
# Needs the fuzz preset's build: cmake --preset fuzz && cmake --build --preset fuzz
# Crashes, timeouts (> 10 s) and inputs over 2 GiB land in WORK/artifacts/TARGET.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: run_fuzz.sh TARGET SECONDS|merge [WORK]}
what=${2:?usage: run_fuzz.sh TARGET SECONDS|merge [WORK]}
work=${3:-/tmp/msabm-fuzz}
exe=$src/build/fuzz/tests/fuzz/msabm_fuzz_$target
kept=$src/tests/fuzz/corpus/$target
[[ -x $exe ]] || { echo "run_fuzz: $exe is missing: cmake --preset fuzz && cmake --build --preset fuzz" >&2; exit 2; }
[[ -d $work/seeds ]] || "$src/tests/fuzz/make_seeds.sh" "$work/seeds"
mkdir -p "$work/corpus/$target" "$work/artifacts/$target" "$kept"
dict=$work/seeds/config.dict
[[ $target == units ]] && dict=$work/seeds/units.dict
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp:print_suppressions=0}
if [[ $what == merge ]]; then
  # Keeps in tests/fuzz/corpus/TARGET only inputs that add coverage to what it holds already,
  # from those under 1.5 KB (whole shipped configs would make the replay slow).
  small=$work/small/$target
  rm -rf "$small" && mkdir -p "$small"
  find "$work/corpus/$target" "$work/seeds/$target" -type f -size -1500c -exec cp {} "$small/" \;
  exec nice -n 10 "$exe" -merge=1 -timeout=10 -rss_limit_mb=2048 "$kept" "$small"
fi
exec nice -n 10 "$exe" -max_total_time="$what" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict="$dict" -artifact_prefix="$work/artifacts/$target/" \
  "$work/corpus/$target" "$kept" "$work/seeds/$target" "$src/tests/fuzz/regressions/$target"
