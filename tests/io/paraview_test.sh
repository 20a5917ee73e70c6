#!/usr/bin/env bash
# ctest "paraview": a fresh run's result.xmf opened by ParaView 5.11 (pvpython, headless under
# Xvfb) both as ./result.xmf inside the output folder and by absolute path from elsewhere, then
# rendered by viz/render.py to PNG frames that must not be blank.
#   tests/io/paraview_test.sh MSABM_EXE SOURCE_DIR
set -euo pipefail
exe=$1
src=$2
for tool in pvpython Xvfb; do
  command -v "$tool" >/dev/null || { echo "paraview test skipped: $tool not found (scripts/install-deps.sh)"; exit 77; }
done
work=$(mktemp -d)
xpid=
cleanup() {
  if [[ -n $xpid ]]; then kill "$xpid" 2>/dev/null || true; wait "$xpid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# One virtual X server for the test, started here rather than by xvfb-run: Xvfb -displayfd picks
# a free display itself, atomically (xvfb-run -a searches for a free lock file and can race with
# another suite's search), and its own log is kept, printed when a render fails.
start_x() {
  if [[ -n $xpid ]]; then kill "$xpid" 2>/dev/null || true; wait "$xpid" 2>/dev/null || true; fi
  : >"$work/display"
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work/display" >>"$work/xvfb.log" 2>&1 &
  xpid=$!
  for _ in $(seq 300); do
    [[ -s $work/display ]] && break
    kill -0 "$xpid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -s $work/display ]] || { echo "Xvfb did not start:"; cat "$work/xvfb.log"; exit 1; }
  export DISPLAY=":$(tr -d '[:space:]' <"$work/display")"
  echo "(Xvfb pid $xpid on $DISPLAY)" >>"$work/xvfb.log"
}
x_alive() { kill -0 "$xpid" 2>/dev/null; }
start_x

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
render() { (cd "$work" && pv "$src/viz/render.py" out/result.xmf --out "$work/frames" --field chemokine --start 20); }
if ! render; then
  # What is tested is msabm's output in ParaView, not the virtual X server: when the server was
  # gone (seen twice in hundreds of suites, cause outside msabm), say so and render again on a
  # fresh one; any other failure fails the test.
  echo "== render failed; Xvfb's log:"; cat "$work/xvfb.log"
  x_alive && { echo "the X server was still running: a real failure"; exit 1; }
  echo "== the X server had gone: rendering again on a new one"
  rm -rf "$work/frames"
  start_x
  render
fi
ls "$work/frames"
[[ $(ls "$work/frames" | wc -l) -eq 3 ]] || { echo "expected 3 frames (t = 20, 40, 60 min)"; exit 1; }
pv "$src/tests/io/paraview_check.py" --png "$work/frames/frame_0002.png"
echo "== series plotted by viz/plot_series.py"
/usr/bin/python3 "$src/viz/plot_series.py" "$work/out/result.h5" --out "$work/series.png" --states
pv "$src/tests/io/paraview_check.py" --png "$work/series.png"
echo "paraview test passed"
