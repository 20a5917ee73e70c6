"""Runs the virtual cohort of a spec at one parameter point: one `msabm run` per seed (the same
seeds at every point: common random numbers), `jobs` at a time, each on one thread, in a
scratch folder that is removed once its quantities are read."""
import concurrent.futures
import os
import shutil
import subprocess
import tempfile
import time

import yaml

from calibration.measure import ResultError, Run, score


class RunError(Exception):
    """msabm failed; the message holds its command and the end of its error output."""


class Infeasible(RunError):
    """msabm refused the parameter values (exit 2: a value the model does not accept, such as a
    division cap below the baseline division it derives)."""


def set_args(assignments):
    args = []
    for key, value in assignments:
        args += ["--set", f"{key}={value}"]
    return args


def check_config(msabm, spec, values):
    """`msabm check` of the config with the fixed overrides and the parameters at `values`;
    returns the resolved config (a dict) or raises RunError with msabm's message (an unknown
    key, a value of the wrong kind)."""
    cmd = [msabm, "check", spec.config, "--print"] + set_args(spec.fixed + point_assignments(spec, values))
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RunError((p.stderr or p.stdout).strip())
    return yaml.safe_load(p.stdout)


def config_value(resolved, key):
    """The value of a dotted key in a resolved config, split into (number, unit text)."""
    node = resolved
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if isinstance(node, bool):
        return None
    if isinstance(node, (int, float)):
        return float(node), ""
    if isinstance(node, str):
        number, _, unit = node.strip().partition(" ")
        try:
            return float(number), unit.strip()
        except ValueError:
            return None
    return None


def point_assignments(spec, values):
    return [(p.key, p.value_text(x)) for p, x in zip(spec.parameters, values)]


def run_member(msabm, spec, values, seed, scratch):
    out = os.path.join(scratch, f"seed_{seed}")
    cmd = [msabm, "run", spec.config, "--quiet", "--threads", "1", "--seed", str(seed), "--out", out,
           "--overwrite"] + set_args(spec.fixed + point_assignments(spec, values))
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        tail = "\n".join((p.stderr or p.stdout).strip().splitlines()[-10:])
        if p.returncode == 2:
            raise Infeasible(tail)
        raise RunError(f"{' '.join(cmd)}\nexit {p.returncode}: {tail}")
    try:
        return Run(os.path.join(out, "result.h5"), f"seed {seed}")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def evaluate(msabm, spec, values, jobs, work_dir):
    """Scores every target at `values`: {'loss', 'targets': [...], 'wall_s'}."""
    start = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="eval_", dir=work_dir)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            runs = list(pool.map(lambda s: run_member(msabm, spec, values, s, scratch), spec.seeds))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    targets = []
    for t in spec.targets:
        try:
            targets.append(score(t, runs))
        except ResultError as e:
            raise ResultError(f"{t.where}: targets ({t.id}): {e}")
    return {"loss": sum(t["loss"] for t in targets), "targets": targets, "wall_s": time.monotonic() - start}
