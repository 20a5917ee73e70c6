"""The calibration's output folder: calibration.json (spec, best point, every evaluation) and
report.md (per target the cohort median, band and pass/fail at the start and at the best point;
the parameter values found). Both are rewritten after every evaluation, so an interrupted
calibration leaves what it had."""
import json
import math
import os


def _plain(x):
    """JSON has no infinity: a quantity not reached within the run is written as null."""
    if isinstance(x, float) and math.isinf(x):
        return None
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def _num(x):
    if x is None:
        return "-"
    if isinstance(x, float) and math.isinf(x):
        return "not reached"
    return f"{x:.4g}"


def _median_text(t):
    if "median" in t:
        if math.isinf(t["median"]):
            return f"not reached by day {t['not_reached_by']:g}"
        return _num(t["median"])
    return f"{_num(t['median_a'])} {t['relation']} {_num(t['median_b'])}"


def _band_text(target):
    if target.kind == "band":
        return f"[{target.lo:g}, {target.hi:g}]"
    return f"a {target.relation} b"


def write(out_dir, spec, header, evaluations, best, stop_reason):
    os.makedirs(out_dir, exist_ok=True)
    start = evaluations[0]
    data = {
        "spec": os.path.abspath(spec.path),
        "config": spec.config,
        "fixed": dict(spec.fixed),
        "seeds": spec.seeds,
        **header,
        "stop_reason": stop_reason,
        "parameters": [{"key": p.key, "unit": p.unit, "bounds": [p.lo, p.hi], "log": p.log,
                        "start": start["parameters"][p.key], "best": best["parameters"][p.key]}
                       for p in spec.parameters],
        "start_loss": start["loss"],
        "best_loss": best["loss"],
        "best_evaluation": best["index"],
        "evaluations": evaluations,
    }
    tmp = os.path.join(out_dir, "calibration.json.tmp")
    with open(tmp, "w") as f:
        json.dump(_plain(data), f, indent=1)
    os.replace(tmp, os.path.join(out_dir, "calibration.json"))

    lines = [f"# Calibration: {spec.name}", "",
             f"- spec: `{spec.path}`", f"- config: `{spec.config}`",
             f"- fixed: {', '.join(f'`{k}={v}`' for k, v in spec.fixed) or 'none'}",
             f"- cohort: {len(spec.seeds)} seeds ({', '.join(map(str, spec.seeds))}); the median over them is scored",
             f"- msabm: {header['msabm_version']}; optimiser {header['algorithm']}, "
             f"{len(evaluations)} evaluation(s), stop: {stop_reason}",
             f"- loss (sum over targets of (distance outside the band / band width)^2): "
             f"start {start['loss']:.4g}, best {best['loss']:.4g} (evaluation {best['index']})", "",
             "## Targets", "",
             "| target | band | start median | start | best median | best | best loss | source |",
             "|---|---|---|---|---|---|---|---|"]
    for target, s, b in zip(spec.targets, start["targets"], best["targets"]):
        lines.append(f"| {target.id} | {_band_text(target)} | {_median_text(s)} | {'pass' if s['passed'] else 'FAIL'} "
                     f"| {_median_text(b)} | {'pass' if b['passed'] else 'FAIL'} | {b['loss']:.3g} | {target.source} |")
    passed = sum(t["passed"] for t in best["targets"])
    lines += ["", f"{passed} of {len(spec.targets)} targets pass at the best point "
                  f"({sum(t['passed'] for t in start['targets'])} at the start)."]
    # The loss trades targets against each other: say which ones the best point gave up.
    lost = [s["id"] for s, b in zip(start["targets"], best["targets"]) if s["passed"] and not b["passed"]]
    if lost:
        lines += ["", f"Passing at the start but failing at the best point (the loss traded them for others): "
                      f"{', '.join(lost)}."]
    lines += ["",
              "## Parameters", "",
              "| key | unit | bounds | scale | start | best |", "|---|---|---|---|---|---|"]
    for p in spec.parameters:
        lines.append(f"| `{p.key}` | {p.unit or '-'} | [{p.lo:g}, {p.hi:g}] | {'log' if p.log else 'linear'} "
                     f"| {start['parameters'][p.key]:.4g} | {best['parameters'][p.key]:.4g} |")
    lines += ["", "calibrate.py never edits a config: copy the values you accept into it and note "
                  f"\"calibrated with scripts/calibrate.py, spec {os.path.relpath(spec.path)}\" next to them.", ""]
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write("\n".join(lines))
