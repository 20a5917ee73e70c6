#!/usr/bin/env bash
# ctest "paraview": a fresh run's result.xmf opened by ParaView 5.11 (pvpython, headless under
# xvfb) both as ./result.xmf inside the output folder and by absolute path from elsewhere, then
# rendered by viz/render.py to PNG frames that must not be blank.
#   tests/io/paraview_test.sh MSABM_EXE SOURCE_DIR
set -euo pipefail
exe=$1
src=$2
for tool in pvpython xvfb-run; do
  command -v "$tool" >/dev/null || { echo "paraview test skipped: $tool not found (scripts/install-deps.sh)"; exit 77; }
done
# One virtual X server for the whole test (one per pvpython call races on display numbers).
# xvfb-run -a takes the first free display from -n on, and two test runs that start together
# (other clones' suites on this machine) can both take the same one: start the search at a
# random display.
if [[ -z "${MSABM_PARAVIEW_TEST_XVFB:-}" ]]; then
  export MSABM_PARAVIEW_TEST_XVFB=1
  exec xvfb-run -a -n $((100 + RANDOM % 800)) -s "-screen 0 1280x1024x24" "$0" "$@"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$exe" run "$src/tests/io/paraview.yaml" --out "$work/out" --quiet

pv() { pvpython "$@"; }
expect=(--steps 4 --agents tissue/target=60 tissue/tcell=200 tissue/absent=0
        --lattice tissue=20,16,12 --origin=-100,0,20 --spacing 10
        --arrays chemokine,tissue,occupancy)

echo "== opened as ./result.xmf inside the output folder"
(cd "$work/out" && pv "$src/tests/io/paraview_check.py" ./result.xmf "${expect[@]}")
echo "== opened by absolute path from another folder"
(cd "$work" && pv "$src/tests/io/paraview_check.py" "$work/out/result.xmf" "${expect[@]}")
echo "== rendered by viz/render.py"
(cd "$work" && pv "$src/viz/render.py" out/result.xmf --out "$work/frames" --field chemokine --start 20)
ls "$work/frames"
[[ $(ls "$work/frames" | wc -l) -eq 3 ]] || { echo "expected 3 frames (t = 20, 40, 60 min)"; exit 1; }
pv "$src/tests/io/paraview_check.py" --png "$work/frames/frame_0002.png"
echo "== series plotted by viz/plot_series.py"
/usr/bin/python3 "$src/viz/plot_series.py" "$work/out/result.h5" --out "$work/series.png" --states
pv "$src/tests/io/paraview_check.py" --png "$work/series.png"
echo "paraview test passed"
