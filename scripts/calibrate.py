#!/usr/bin/python3
"""Calibrate model parameters against published targets, over a virtual cohort.

    /usr/bin/python3 scripts/calibrate.py SPEC [--out DIR] [--max-evals N] [--jobs 2]
        [--evaluate-only] [--msabm PATH]

SPEC (e.g. configs/calibration/body_reconstitution.yaml) names a model config, fixed overrides,
the seeds of the cohort, the parameters (config keys with bounds, unit, log scale, start value)
and the targets (a quantity of each run's result.h5 with the band of a published figure, or a
comparison), see scripts/calibration/spec.py. Each evaluation runs the cohort
(`msabm run --quiet --threads 1 --set ...`, --jobs at a time, the same seeds every time) and
scores the median of each target: loss = sum over targets of (distance outside the band / band
width)^2, 0 inside. NLopt's derivative-free LN_BOBYQA (or LN_NELDERMEAD, LN_SBPLX, LN_COBYLA)
searches the parameters in [0, 1] per parameter (logarithmic for log-scale ones), from the start
values, until every target passes or max_evals evaluations.

Writes DIR/calibration.json (every evaluation, the best point) and DIR/report.md (per target the
median, band and pass/fail at the start and the best point; the values found). It never edits a
config. --evaluate-only runs only the start point: exit 0 when every target passes, 1 when not.
--check only validates the spec and its parameter keys, units and bounds against the config.
Exit 2: a bad spec or config (file:line and key); 3: msabm failed. A point whose values the
model refuses (msabm exit 2) is recorded and scored worse than every accepted point.
Needs Debian's python3-h5py, python3-yaml and (but for --evaluate-only) python3-nlopt
(scripts/install-deps.sh).
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from calibration import report  # noqa: E402
from calibration.measure import ResultError  # noqa: E402
from calibration.runner import Infeasible, RunError, check_config, config_value, evaluate  # noqa: E402
from calibration.spec import Spec, SpecError  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(code, message):
    print(f"calibrate.py: {message}", file=sys.stderr)
    sys.exit(code)


def start_values(spec, msabm):
    """Each parameter's start: the spec's, or the config's current value (in the spec's unit)."""
    try:
        resolved = check_config(msabm, spec, [])
    except RunError as e:
        fail(2, f"{spec.path}: config {spec.config}: {e}")
    values = []
    for p in spec.parameters:
        found = config_value(resolved, p.key)
        if found is None:
            # Let msabm name what is wrong with the key (unknown key, valid keys there).
            p_start = p.start if p.start is not None else p.lo
            probe = subprocess.run([msabm, "check", spec.config, "--set", f"{p.key}={p.value_text(p_start)}"],
                                   capture_output=True, text=True)
            why = probe.stderr.strip() or "not a number with a unit in the resolved config (msabm check --print)"
            fail(2, f"{p.where}: parameters ({p.key}): {why}")
        number, unit = found
        if " ".join(unit.split()) != " ".join(p.unit.split()):
            fail(2, f"{p.where}: parameters ({p.key}): unit '{p.unit}' differs from the config's "
                    f"'{number:g} {unit}' (give the config's unit)")
        start = p.start if p.start is not None else number
        if not p.lo <= start <= p.hi:
            fail(2, f"{p.where}: parameters ({p.key}): start {start:g} (the config's value) outside bounds "
                    f"[{p.lo:g}, {p.hi:g}]")
        values.append(start)
    try:
        check_config(msabm, spec, values)
    except RunError as e:
        fail(2, f"{spec.path}: parameters at their start: {e}")
    return values


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spec", help="calibration spec (YAML)")
    ap.add_argument("--out", help="report folder (default out/calibration/<spec name>)")
    ap.add_argument("--max-evals", type=int, help="evaluations at most (default: the spec's optimizer.max_evals)")
    ap.add_argument("--jobs", type=int, default=2, help="cohort members run at once (default 2)")
    ap.add_argument("--evaluate-only", action="store_true", help="score the start point only")
    ap.add_argument("--check", action="store_true",
                    help="only validate the spec and its parameter keys against the config (msabm check); run nothing")
    ap.add_argument("--msabm", default=os.environ.get("MSABM", os.path.join(ROOT, "build/release/apps/msabm")),
                    help="msabm executable (default $MSABM or build/release/apps/msabm)")
    args = ap.parse_args(argv)
    if args.max_evals is not None and args.max_evals < 1:
        fail(2, "--max-evals: expected at least 1")
    if args.jobs < 1:
        fail(2, "--jobs: expected at least 1")
    if not os.access(args.msabm, os.X_OK):
        fail(2, f"--msabm: {args.msabm} is not an executable (build it: cmake --build build/release --target msabm)")
    nlopt = None
    if not args.evaluate_only and not args.check:
        try:
            import nlopt
        except ImportError:
            fail(2, "needs NLopt's Python module: apt-get install python3-nlopt (scripts/install-deps.sh)")
    try:
        spec = Spec(args.spec)
    except SpecError as e:
        fail(2, str(e))
    x0 = start_values(spec, args.msabm)
    if args.check:
        print(f"calibrate.py: {args.spec}: {len(spec.parameters)} parameters, {len(spec.targets)} targets, "
              f"{len(spec.seeds)} seeds: valid")
        return 0
    max_evals = args.max_evals or spec.max_evals
    out_dir = args.out or os.path.join("out", "calibration", spec.name)
    os.makedirs(out_dir, exist_ok=True)
    version = subprocess.run([args.msabm, "--version"], capture_output=True, text=True).stdout.strip()
    header = {"msabm_version": version, "algorithm": "evaluate-only" if args.evaluate_only else spec.algorithm,
              "max_evals": 1 if args.evaluate_only else max_evals}

    evaluations, cache = [], {}
    best = None
    began = time.monotonic()

    def run_point(values):
        nonlocal best
        key = tuple(round(v, 12) for v in values)
        if key in cache:
            return cache[key]
        point = {"index": len(evaluations), "parameters": {p.key: v for p, v in zip(spec.parameters, values)}}
        try:
            result = {**point, **evaluate(args.msabm, spec, values, args.jobs, out_dir)}
        except Infeasible as e:
            if not evaluations:
                raise
            # A point the model refuses: recorded, and scored worse than any point it accepted,
            # so that the optimiser turns back (a finite value: BOBYQA models the loss).
            worst = max(r["loss"] for r in evaluations if "infeasible" not in r)
            result = {**point, "loss": 2 * worst + 1, "infeasible": str(e), "targets": [], "wall_s": 0.0}
        evaluations.append(result)
        cache[key] = result
        if best is None or result["loss"] < best["loss"]:
            best = result
        report.write(out_dir, spec, {**header, "wall_s": time.monotonic() - began}, evaluations, best, "running")
        failing = [t["id"] for t in result["targets"] if not t["passed"]]
        print(f"calibrate.py: evaluation {result['index']}: loss {result['loss']:.4g} ({result['wall_s']:.1f} s); " +
              (f"refused by the model: {result['infeasible']}" if "infeasible" in result else
               f"failing: {', '.join(failing) or 'none'}"), flush=True)
        return result

    try:
        start = run_point(x0)
        stop = "evaluate-only"
        if not args.evaluate_only:
            stop = optimise(nlopt, spec, x0, max_evals, run_point, start)
    except (RunError, ResultError) as e:
        fail(3 if isinstance(e, RunError) else 2, str(e))
    report.write(out_dir, spec, {**header, "wall_s": time.monotonic() - began}, evaluations, best, stop)
    passed = sum(t["passed"] for t in best["targets"])
    print(f"calibrate.py: {passed} of {len(spec.targets)} targets pass at the best point (loss {best['loss']:.4g}); "
          f"{os.path.join(out_dir, 'report.md')}")
    if args.evaluate_only and passed < len(spec.targets):
        return 1
    return 0


def optimise(nlopt, spec, x0, max_evals, run_point, start):
    """NLopt over [0, 1]^n; returns why it stopped."""
    if all(t["passed"] for t in start["targets"]):
        return "every target passes at the start"
    import numpy as np  # NLopt's Python module takes numpy arrays
    n = len(spec.parameters)
    opt = nlopt.opt(getattr(nlopt, spec.algorithm), n)
    opt.set_lower_bounds(np.zeros(n))
    opt.set_upper_bounds(np.ones(n))
    opt.set_maxeval(max_evals)
    opt.set_xtol_abs(1e-3)
    u0 = np.array([p.to_unit(x) for p, x in zip(spec.parameters, x0)])
    # A first step that stays inside [0, 1] from the start point.
    opt.set_initial_step(np.array([min(spec.initial_step, max(u, 1 - u)) for u in u0]))

    def objective(u, grad):
        result = run_point([p.from_unit(v) for p, v in zip(spec.parameters, u)])
        if result["targets"] and all(t["passed"] for t in result["targets"]):
            raise nlopt.ForcedStop("every target passes")
        return result["loss"]

    opt.set_min_objective(objective)
    try:
        opt.optimize(u0)
    except nlopt.ForcedStop:
        return "every target passes"
    except nlopt.RoundoffLimited:
        return "roundoff limited"
    code = opt.last_optimize_result()
    return {nlopt.MAXEVAL_REACHED: f"max_evals ({max_evals}) reached",
            nlopt.XTOL_REACHED: "parameters converged (step < 1e-3 of the range)",
            nlopt.FTOL_REACHED: "loss converged",
            nlopt.STOPVAL_REACHED: "stopval reached"}.get(code, f"NLopt result {code}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
