#!/usr/bin/python3
"""ctest "viz": the matplotlib scripts in viz/ without a simulation.

- plot_sweep.py on a hand-made 2 x 2 grid sweep (2 replicates): it reads units from the CSV
  headers ("a.rate [1/min]"), refuses to average members that differ in a varied key it does
  not show (naming the key), and plots with --group, --where or --pool;
- every script that needs h5py, run where importing h5py fails, stops with one line that says
  to use /usr/bin/python3 (no traceback).

    /usr/bin/python3 tests/viz/viz_scripts_test.py SOURCE_DIR
Exit 77 (skipped) when this Python has no matplotlib.
"""
import json
import os
import subprocess
import sys
import tempfile

SOURCE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../.."))
VIZ = os.path.join(SOURCE, "viz")
failures = []


def check(condition, what, output=""):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)
        print(output)


def run(script, *args, env=None):
    return subprocess.run([sys.executable, os.path.join(VIZ, script), *args], capture_output=True, text=True,
                          env=env)


def fake_sweep(folder):
    """A 2 x 2 grid (a.rate x b.count), 2 replicates; readout = 10 * rate + count."""
    rows = []
    member = 0
    for rate in (0.1, 0.2):
        for count in (1, 2):
            for replicate in (0, 1):
                value = 10 * rate + count + 0.01 * replicate
                rows.append(f"{member},{member // 2},{replicate},ok,{rate},{count},{value}")
                member += 1
    with open(os.path.join(folder, "sweep_summary.csv"), "w") as f:
        f.write("member,point,replicate,status,a.rate [1/min],protocol[1].count,readouts.r [cells]\n")
        f.write("\n".join(rows) + "\n")
    with open(os.path.join(folder, "sweep_plan.json"), "w") as f:
        json.dump({"varied": [{"key": "a.rate", "unit": "1/min"}, {"key": "protocol[1].count", "unit": ""}]}, f)


def test_plot_sweep(work):
    fake_sweep(work)
    listed = run("plot_sweep.py", work, "--list")
    check(listed.returncode == 0 and "a.rate (varied)" in listed.stdout and "readouts.r\n" in listed.stdout,
          "plot_sweep --list: columns named without their units", listed.stdout + listed.stderr)

    pooled = run("plot_sweep.py", work, "--x", "a.rate", "--y", "readouts.r")
    check(pooled.returncode != 0 and "protocol[1].count (2 values at one point)" in pooled.stderr
          and "--group" in pooled.stderr and "Traceback" not in pooled.stderr,
          "plot_sweep refuses to average over another varied key, naming it", pooled.stderr)
    check(not any(name.endswith(".png") for name in os.listdir(work)), "nothing plotted when refused")

    for extra, what in ((["--group", "protocol[1].count"], "--group"), (["--where", "protocol[1].count=2"], "--where"),
                        (["--pool"], "--pool")):
        out = os.path.join(work, what.strip("-") + ".png")
        r = run("plot_sweep.py", work, "--x", "a.rate", "--y", "readouts.r", "--out", out, *extra)
        check(r.returncode == 0 and os.path.getsize(out) > 1000, f"plot_sweep plots with {what}", r.stdout + r.stderr)

    missing = run("plot_sweep.py", work, "--x", "a.rate", "--y", "readouts.r", "--where", "protocol[1].count=7")
    check(missing.returncode != 0 and "values: 1.0, 2.0" in missing.stderr,
          "plot_sweep --where with an absent value lists the values", missing.stderr)


def test_missing_h5py(work):
    # A module named h5py that fails to import, first on the path: as on a Python without h5py.
    fake = os.path.join(work, "fake_modules")
    os.makedirs(fake)
    with open(os.path.join(fake, "h5py.py"), "w") as f:
        f.write("raise ImportError('no h5py here')\n")
    env = dict(os.environ, PYTHONPATH=fake)
    for script in ("plot_series.py", "plot_tissue.py", "plot_reconstitution.py"):
        r = run(script, os.path.join(work, "result.h5"), env=env)
        check(r.returncode == 1 and "/usr/bin/python3" in r.stderr and "h5py" in r.stderr
              and "Traceback" not in r.stderr, f"{script} without h5py says to use /usr/bin/python3", r.stderr)
    r = run("plot_sweep.py", os.path.join(work, "sweep_summary.h5"), env=env)
    check(r.returncode == 1 and "/usr/bin/python3" in r.stderr and "Traceback" not in r.stderr,
          "plot_sweep.py on an .h5 without h5py says to use /usr/bin/python3", r.stderr)


def main():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("viz test skipped: this Python has no matplotlib (scripts/install-deps.sh)")
        return 77
    with tempfile.TemporaryDirectory() as work:
        test_plot_sweep(work)
        test_missing_h5py(work)
    for script in sorted(os.listdir(VIZ)):
        if script.endswith(".py") and script not in ("requires.py", "render.py"):
            with open(os.path.join(VIZ, script)) as f:
                text = f.read()
            check("/usr/bin/python3 viz/" + script in text, f"{script}: its usage says /usr/bin/python3")
    print(f"{len(failures)} failed" if failures else "viz test passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
