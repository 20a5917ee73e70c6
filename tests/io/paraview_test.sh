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
# another suite's search). -noreset: by default an X server resets when its last client leaves
# (here the keymap compiler it runs at start), and a client that connects during a reset, which
# is slow on a loaded machine, is refused: "bad X server connection" from ParaView, seen twice in
# full suites; here a client connecting right after another left was refused 27 times in 1000
# without -noreset, never with it. Its log (-audit: every client's connection) is printed when a
# render fails.
: >"$work/display"
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset -audit 4 \
  3>"$work/display" >>"$work/xvfb.log" 2>&1 &
xpid=$!
for _ in $(seq 300); do
  [[ -s $work/display ]] && break
  kill -0 "$xpid" 2>/dev/null || break
  sleep 0.1
done
[[ -s $work/display ]] || { echo "Xvfb did not start:"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=":$(tr -d '[:space:]' <"$work/display")"
echo "(Xvfb pid $xpid on $DISPLAY)" >>"$work/xvfb.log"
# Ready to connect: one client opens the display (Xlib through ctypes), for up to 30 s.
/usr/bin/python3 - <<'PY' >>"$work/xvfb.log" 2>&1 || { echo "Xvfb accepts no client:"; cat "$work/xvfb.log"; exit 1; }
import ctypes, sys, time
xlib = ctypes.CDLL("libX11.so.6")
xlib.XOpenDisplay.restype = ctypes.c_void_p
xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
for attempt in range(300):
    display = xlib.XOpenDisplay(None)
    if display:
        xlib.XCloseDisplay(display)
        print(f"(a client connected after {attempt} refusals)")
        sys.exit(0)
    time.sleep(0.1)
sys.exit(1)
PY

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
render || { echo "== render failed; Xvfb's log:"; cat "$work/xvfb.log"; kill -0 "$xpid" 2>/dev/null || echo "(Xvfb had gone)"; exit 1; }
ls "$work/frames"
[[ $(ls "$work/frames" | wc -l) -eq 3 ]] || { echo "expected 3 frames (t = 20, 40, 60 min)"; exit 1; }
pv "$src/tests/io/paraview_check.py" --png "$work/frames/frame_0002.png"
echo "== series plotted by viz/plot_series.py"
/usr/bin/python3 "$src/viz/plot_series.py" "$work/out/result.h5" --out "$work/series.png" --states
pv "$src/tests/io/paraview_check.py" --png "$work/series.png"
echo "paraview test passed"
