#!/usr/bin/python3
"""Runs msabm's benchmark workloads (bench/README.md) and records the results.

Prints one JSON line per case and appends them, after a line describing the machine, to
bench/results/<UTC date>_<commit>.jsonl. Called by scripts/bench.sh after a Release build.

    bench/run_bench.py [--build build/release] [--quick] [W1 W2 W3 W5 ...]
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine(build: Path) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip() or "unknown"
    compiler = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {"machine": {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem_kib / 2**20, 1),
                        "compiler": compiler[0] if compiler else "unknown", "commit": commit,
                        "host": platform.node(), "build": str(build),
                        "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z"}}


def run_child(cmd: list) -> tuple:
    """Runs a command; returns (stdout, peak RSS of that child in bytes)."""
    with tempfile.TemporaryFile(mode="w+") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
        out = proc.stdout.read()
        proc.stdout.close()
        # wait4 gives this child's own resource usage (RUSAGE_CHILDREN would be the high-water
        # mark of every child so far, e.g. W2's largest field after it).
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.read().strip()[-2000:]}")
    return out, usage.ru_maxrss * 1024


def msabm_run(exe: Path, config: str, threads: int, sets: list, out_dir: Path) -> tuple:
    cmd = [str(exe), "run", str(ROOT / config), "--threads", str(threads), "--quiet", "--overwrite",
           "--out", str(out_dir)]
    for s in sets:
        cmd += ["--set", s]
    run_child(cmd)
    summary = json.loads((out_dir / "summary.json").read_text())
    # msabm's own high-water mark (the child's ru_maxrss can include this script's memory,
    # inherited at fork).
    return summary, summary["peak_rss_bytes"]


def w3(exe: Path, quick: bool, tmp: Path):
    """Agents at constant density (one walker per voxel, capacity 4, so the lattice is a quarter
    full at every size): cost per agent should then stay flat from 1e4 to 1e7."""
    sizes = [10_000, 100_000, 1_000_000] + ([] if quick else [10_000_000])

    def sets_for(n: int, side: int) -> list:
        return [f"patches.bulk.agents.walker.count={n}",
                f"patches.bulk.lattice.dims=[{side}, {side}, {side}]",
                f"patches.bulk.agents.target.count={max(1, n // 50)}",
                f"patches.bulk.agents.walker.chemotaxis.gradient.centre="
                f"[\"{side * 5} um\", \"{side * 5} um\", \"{side * 5} um\"]"]

    # The process without agents (program, libraries, thread pools): subtracted for
    # bytes_per_agent_net, the memory each further walker (and its voxel) costs.
    _, baseline = msabm_run(exe, "configs/bench/w3_agents.yaml", 2, sets_for(1, 1), tmp / "w3_baseline")
    for n in sizes:
        side = round(n ** (1 / 3))
        for threads in (1, 2):
            # This machine's speed moves by 20 % from one second to the next (a shared host):
            # the best of three runs where they are short.
            repeats = 3 if n <= 1_000_000 else 1
            runs = [msabm_run(exe, "configs/bench/w3_agents.yaml", threads, sets_for(n, side),
                              tmp / f"w3_{n}_{threads}") for _ in range(repeats)]
            s, peak = max(runs, key=lambda r: r[0]["agent_updates_per_s"])
            yield {"workload": "W3", "threads": threads, "agents": n,
                   "voxels": side ** 3, "substances": 0,
                   "simulated_min": s["simulated_time_min"], "wall_s": s["wall_s"],
                   "peak_rss_bytes": peak, "bytes_per_agent": peak / n,
                   "baseline_rss_bytes": baseline, "bytes_per_agent_net": (peak - baseline) / n,
                   "agent_updates_per_s": s["agent_updates_per_s"],
                   "agent_updates_per_s_per_core": s["agent_updates_per_s"] / threads,
                   "repeats": repeats, "state_digest": s["state_digest"]}


def w2(build: Path, quick: bool, tmp: Path):
    exe = build / "bench" / "msabm_bench_fields"
    for threads in (1, 2):
        cmd = [str(exe), "--threads", str(threads)] + (["--sizes", "64,128", "--seconds", "0.5"] if quick else [])
        out, _ = run_child(cmd)
        for line in out.splitlines():
            if line.startswith("{"):
                yield json.loads(line)


# The peer, run side by side on this machine kind (issue 13): PhysiCell 1.14.2's
# sample_projects/cancer_immune (3D), 2 threads, immune cells from minute 0, no output.
PHYSICELL_W1 = {"wall_s_range": [107.0, 187.0], "kills_30min": 0,
                "immune_mean_distance_um": {"start": 317.5, "end": 304.0}}


def w1(exe: Path, quick: bool, tmp: Path):
    """The PhysiCell-matched immune attack: the timed run (no output but the 0 and 30 min
    snapshots), then the same run with series every minute and snapshots every 5 min against a
    reference whose fields step at 0.01 min (error at every output time)."""
    import h5py  # Debian's python3-h5py (this script runs under /usr/bin/python3)
    import numpy as np
    config = "configs/bench/w1_immune_attack.yaml"
    fields = ("oxygen", "immunostimulatory_factor")

    def snapshots(folder):
        """Per snapshot: time, fields, immune cells' mean distance from the centre, agent counts."""
        out = []
        with h5py.File(folder / "result.h5", "r") as f:
            for name in sorted(f["snapshots"].keys()):
                g = f["snapshots"][name]["cube"]
                immune = g["agents"]["immune"]
                # The voxel centre plus the walker's offset within its voxel (a persistent walk's
                # position, as PhysiCell's cells have one).
                pos = np.array(immune["position"]) + np.stack(
                    [np.array(immune[f"offset_{a}"]) for a in "xyz"], axis=1)
                out.append({"time": float(f["snapshots"][name].attrs["time"]),
                            "fields": {n: np.array(g["lattice"][n]) for n in fields},
                            "immune_mean_distance_um": float(np.mean(np.linalg.norm(pos, axis=1))),
                            "agents": {k: int(g["agents"][k].attrs["count"]) for k in g["agents"].keys()}})
        return out

    def series(folder):
        with h5py.File(folder / "result.h5", "r") as f:
            return {"time": f["series/time"][:].tolist(),
                    "kills": f["series/readouts/cube.immune.kills"][:].tolist()}

    # The timed run: the config as shipped.
    timed = tmp / "w1_timed"
    s, peak = msabm_run(exe, config, 2, [], timed)
    snaps = snapshots(timed)
    start, end = snaps[0], snaps[-1]
    row = {"workload": "W1", "threads": 2,
           "agents_start": start["agents"], "agents_end": end["agents"],  # read from result.h5
           "agents": sum(start["agents"].values()), "counts_end": s["counts"],
           "voxels": 75 ** 3, "substances": len(fields),
           "simulated_min": s["simulated_time_min"], "wall_s": s["wall_s"], "peak_rss_bytes": peak,
           "wall_s_by_process": s["wall_s_by_process"],
           "kills_30min": start["agents"]["cancer"] - end["agents"]["cancer"],
           "immune_mean_distance_um": {"start": start["immune_mean_distance_um"],
                                       "end": end["immune_mean_distance_um"]},
           "physicell": PHYSICELL_W1,
           "speedup_vs_physicell": [PHYSICELL_W1["wall_s_range"][0] / s["wall_s"],
                                    PHYSICELL_W1["wall_s_range"][1] / s["wall_s"]],
           "state_digest": s["state_digest"]}
    if not quick:
        # One run is one draw of kills and drift (as is the peer's): four more seeds, not timed.
        by_seed = [{"seed": 1, "kills_30min": row["kills_30min"], **row["immune_mean_distance_um"]}]
        for seed in (2, 3, 4, 5):
            out = tmp / f"w1_seed{seed}"
            msabm_run(exe, config, 2, [f"seed={seed}"], out)
            sn = snapshots(out)
            by_seed.append({"seed": seed, "kills_30min": sn[0]["agents"]["cancer"] - sn[-1]["agents"]["cancer"],
                            "start": sn[0]["immune_mean_distance_um"], "end": sn[-1]["immune_mean_distance_um"]})
        row["by_seed"] = by_seed
        # Error runs: every minute a series row (kills), every 5 min a snapshot (fields, drift).
        outputs = ['output.series_interval="1 min"', 'output.snapshot_interval="5 min"']
        # The reference: every substance stepped at 0.01 min (oxygen 11x, the factor 100x finer
        # than the shipped 1/9 and 1 min); max_substep forces the sub-steps, and no stiffness cap
        # is left to choose fewer. Agents draw the same random numbers (same ticks), so what
        # differs between the runs is what the fields' error makes them do.
        reference = ['patches.cube.fields.solver.max_substep="0.01 min"',
                     "patches.cube.fields.solver.max_stiffness=0"]
        runs = {}
        for label, sets in (("coarse", outputs), ("reference", outputs + reference)):
            out = tmp / f"w1_{label}"
            rs, _ = msabm_run(exe, config, 2, sets, out)
            runs[label] = {"summary": rs, "snapshots": snapshots(out), "series": series(out)}
        c, r = runs["coarse"], runs["reference"]
        per_time = []
        for cs, rs_ in zip(c["snapshots"], r["snapshots"]):
            per_time.append({"time_min": cs["time"], **{
                n: float(np.max(np.abs(cs["fields"][n] - rs_["fields"][n])) / max(np.max(np.abs(rs_["fields"][n])), 1e-300))
                for n in fields}})
        row["reference"] = "same config, fields stepped at 0.01 min (max_substep 0.01 min, max_stiffness 0)"
        row["reference_wall_s"] = r["summary"]["wall_s"]
        row["max_rel_error_vs_reference"] = {n: max(t[n] for t in per_time) for n in fields}
        row["rel_error_by_time"] = per_time
        row["kills_by_minute"] = {"coarse": c["series"]["kills"], "reference": r["series"]["kills"]}
        row["max_abs_kill_difference"] = max(abs(a - b) for a, b in zip(c["series"]["kills"], r["series"]["kills"]))
        row["immune_mean_distance_by_time_um"] = {
            "time_min": [x["time"] for x in c["snapshots"]],
            "coarse": [x["immune_mean_distance_um"] for x in c["snapshots"]],
            "reference": [x["immune_mean_distance_um"] for x in r["snapshots"]]}
    yield row


def w5(build: Path, quick: bool, tmp: Path):
    exe = build / "bench" / "msabm_bench_checkpoint"
    sizes = [1_000_000] if quick else [1_000_000, 10_000_000]
    for n in sizes:
        out, _ = run_child([str(exe), "--agents", str(n)])
        for line in out.splitlines():
            if line.startswith("{"):
                yield json.loads(line)


def w7(exe: Path, quick: bool, tmp: Path):
    """Seven quiet years: two 64^3 patches with resident agents and fields, a table of 2000
    recirculating clones; wall time at 1 and 2 threads (goal <= 5 s at 2)."""
    for threads in ([2] if quick else [1, 2]):
        s, peak = msabm_run(exe, "configs/bench/w7_quiet_years.yaml", threads, [], tmp / f"w7_{threads}")
        yield {"workload": "W7", "threads": threads, "simulated_years": s["simulated_time_min"] / 525960.0,
               "ticks": s["steps"], "ticks_run": s["ticks_run"], "wall_s": s["wall_s"], "peak_rss_bytes": peak,
               "wall_s_by_process": s["wall_s_by_process"], "goal_wall_s": 5.0}


def w9(exe: Path, quick: bool, tmp: Path):
    """The body alone over 7 years (1 before aHSCT, 6 after): configs/regimens/cy_atg.yaml with its
    default clone table, at 1 thread (goal <= 2 s, so that it never dominates a patient). Series
    every 30 d: the config's daily rows of every table cost HDF5 writes, not the model."""
    for rep in range(1 if quick else 3):
        s, peak = msabm_run(exe, "configs/regimens/cy_atg.yaml", 1, ['output.series_interval="30 d"'],
                            tmp / f"w9_{rep}")
        yield {"workload": "W9", "threads": 1, "repeat": rep, "simulated_years": s["simulated_time_min"] / 525960.0,
               "ticks": s["steps"], "ticks_run": s["ticks_run"], "wall_s": s["wall_s"], "peak_rss_bytes": peak,
               "wall_s_by_process": s["wall_s_by_process"], "goal_wall_s": 2.0}


def halved_periods(exe: Path, config: str) -> list:
    """--set overrides that halve every period of a config (time.step, sort_interval and each
    `period` key of the resolved config, defaults included)."""
    import yaml  # Debian's python3-yaml
    text = subprocess.run([str(exe), "check", str(ROOT / config), "--print"], capture_output=True, text=True,
                          check=True).stdout
    resolved = yaml.safe_load(text)
    sets = []

    def half(q: str) -> str:
        value, unit = str(q).split(maxsplit=1)
        return f"{float(value) / 2:g} {unit}"

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                here = f"{path}.{key}" if path else key
                if key in ("period", "step", "sort_interval") and isinstance(value, str) and " " in value:
                    if key != "step" or here == "time.step":
                        sets.append(f'{here}="{half(value)}"')
                else:
                    walk(value, here)

    walk({k: v for k, v in resolved.items() if k != "protocol"}, "")
    return sets


def w6(exe: Path, quick: bool, tmp: Path):
    """A lesion episode: autoimmune_lesion.yaml for 30 days at 1 and 2 threads (goal <= 30 s at 2),
    and its main readouts against a run with every period halved (goal: within 5 %)."""
    config = "configs/tissue/autoimmune_lesion.yaml"
    duration = ['time.duration="31 d"']  # day 0 is 1 d after the start: 30 days from day 0
    main = ["demyelinated_volume", "remyelinated_volume", "lesion_volume", "axon_loss", "debris_volume",
            "leak_volume"]
    runs = {}
    for threads in ([2] if quick else [1, 2]):
        s, peak = msabm_run(exe, config, threads, duration, tmp / f"w6_{threads}")
        runs[threads] = s
        yield {"workload": "W6", "threads": threads, "simulated_days": s["simulated_time_min"] / 1440.0,
               "wall_s": s["wall_s"], "peak_rss_bytes": peak, "wall_s_by_process": s["wall_s_by_process"],
               "counts": s["counts"], "goal_wall_s": 30.0}
    if quick:
        return
    # A lesion is a few hundred voxels and a few hundred cells: one run is one draw. Compare the
    # means over seeds of what describes the episode (peaks, areas under the curve, final damage),
    # not end values of a lesion that is vanishing.
    import h5py  # Debian's python3-h5py
    import numpy as np

    def episode(folder: Path) -> dict:
        with h5py.File(folder / "result.h5", "r") as f:
            t = f["series/time"][:] / 1440.0
            r = {n: f["series/readouts/lesion." + n][:] for n in main}
        return {"peak_demyelinated_volume": float(r["demyelinated_volume"].max()),
                "peak_lesion_volume": float(r["lesion_volume"].max()),
                "lesion_volume_days": float(np.trapz(r["lesion_volume"], t)),
                "leak_volume_days": float(np.trapz(r["leak_volume"], t)),
                "final_axon_loss": float(r["axon_loss"][-1]),
                "final_remyelinated_volume": float(r["remyelinated_volume"][-1])}

    seeds = [1, 2, 3, 4]
    arms = {"default": duration, "halved_periods": duration + halved_periods(exe, config)}
    means, per_seed = {}, {}
    for arm, sets in arms.items():
        values = []
        for seed in seeds:
            out = tmp / f"w6_{arm}_{seed}"
            msabm_run(exe, config, 2, sets + [f"seed={seed}"], out)
            values.append(episode(out))
        means[arm] = {k: float(np.mean([v[k] for v in values])) for k in values[0]}
        per_seed[arm] = {k: [v[k] for v in values] for k in values[0]}
    diff = {k: {"default": means["default"][k], "halved_periods": means["halved_periods"][k],
                "rel_diff": abs(means["default"][k] - means["halved_periods"][k]) /
                            max(abs(means["halved_periods"][k]), 1e-30),
                "per_seed_default": per_seed["default"][k], "per_seed_halved": per_seed["halved_periods"][k]}
            for k in means["default"]}
    yield {"workload": "W6", "check": "episode readouts vs all periods halved (means over seeds)",
           "seeds": seeds, "goal_rel_diff": 0.05, "readouts": diff}


WORKLOADS = {"W1": w1, "W2": w2, "W3": w3, "W5": w5, "W6": w6, "W7": w7, "W9": w9}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workloads", nargs="*", default=sorted(WORKLOADS))
    ap.add_argument("--build", default=str(ROOT / "build" / "release"))
    ap.add_argument("--quick", action="store_true", help="smaller cases (smoke test)")
    args = ap.parse_args()
    build = Path(args.build)
    exe = build / "apps" / "msabm"
    unknown = [w for w in args.workloads if w not in WORKLOADS]
    if unknown:
        print(f"bench: unknown workload(s) {unknown}; known: {sorted(WORKLOADS)}", file=sys.stderr)
        return 2
    header = machine(build)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ")
    results = results_dir / f"{stamp}_{header['machine']['commit']}.jsonl"
    with tempfile.TemporaryDirectory(prefix="msabm-bench-") as tmp, results.open("w") as f:
        f.write(json.dumps(header) + "\n")
        print(json.dumps(header), flush=True)
        for name in args.workloads:
            fn = WORKLOADS[name]
            gen = fn(build, args.quick, Path(tmp)) if name in ("W2", "W5") else fn(exe, args.quick, Path(tmp))
            for row in gen:
                line = json.dumps(row)
                print(line, flush=True)
                f.write(line + "\n")
    print(f"bench: results in {results.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
