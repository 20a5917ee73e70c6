#!/usr/bin/python3
"""Plot a readout of an msabm sweep against a varied parameter.

    /usr/bin/python3 viz/plot_sweep.py SWEEP_OUT [--x KEY] [--y COLUMN] [--group KEY]
                              [--where KEY=VALUE ...] [--pool] [--log-x] [--log-y]
                              [--out FILE.png] [--list]

Run it with /usr/bin/python3 (Debian's python3-matplotlib and python3-h5py): a python3 found
earlier on PATH may lack them. SWEEP_OUT is a sweep's output folder (or its sweep_summary.h5 /
sweep_summary.csv). The HDF5 summary is read with h5py when it is installed, else the CSV with
the standard library (headers "name [unit]" give the units). Only members with status "ok" are
plotted: every replicate as a faint point, and the mean +- standard deviation over the
replicates at each x as a line with error bars, one line per value of --group.

Members that differ in a varied key other than --x and --group are never averaged together
silently: the script stops and names the keys. Give --group KEY (one line per value), --where
KEY=VALUE (only those members; repeatable), or --pool to average over them on purpose.

Defaults: --x is the first varied key, --y the first readouts.* column (else counts.*), --out
SWEEP_OUT/plot_<y>_vs_<x>.png. --list prints the columns and exits.

Example (configs/sweeps/small.yaml):
    msabm sweep configs/sweeps/small.yaml
    /usr/bin/python3 viz/plot_sweep.py out/sweeps/small --y counts.lesion.target \\
        --x patches.lesion.agents.effector.contact.kill_rate \\
        --group patches.lesion.agents.effector.motility.diffusivity
"""
import argparse
import csv
import difflib
import json
import math
import os
import re
import sys

from requires import require


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _decode(v):
    return v.decode("utf-8") if isinstance(v, bytes) else v


def load_h5(path):
    require("h5py")
    import h5py  # noqa: PLC0415 (optional dependency)

    with h5py.File(path, "r") as f:
        group = f["members"]
        names = [c for c in _decode(f.attrs.get("columns", "")).split(",") if c]
        columns, units = {}, {}
        for name in names:
            dset = group[name.replace("/", "_")]
            data = dset[...]
            if data.dtype.kind in "OSU":
                columns[name] = [_decode(v) for v in data]
            else:
                columns[name] = [None if (isinstance(v, float) and math.isnan(v)) else v for v in data.tolist()]
            units[name] = _decode(dset.attrs.get("units", ""))
        varied = [k for k in _decode(f.attrs.get("varied_keys", "")).split(",") if k]
    return columns, units, varied


# A CSV header that names its unit: "patches.p.agents.w.motility.diffusivity [um^2/min]".
HEADER_UNIT = re.compile(r"^(.*\S) \[([^\]]*)\]$")


def load_csv(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        headers = next(reader, [])
        rows = list(reader)
    columns, units, varied = {}, {}, []
    for c, header in enumerate(headers):
        match = HEADER_UNIT.match(header)
        name = match.group(1) if match else header
        if match:
            units[name] = match.group(2)
        values = [r[c] if c < len(r) else "" for r in rows]
        numbers = [_number(v) for v in values]
        numeric = all(n is not None or v == "" for n, v in zip(numbers, values))
        columns[name] = numbers if numeric else values
    plan = os.path.join(os.path.dirname(path), "sweep_plan.json")
    if os.path.exists(plan):
        with open(plan) as f:
            for k in json.load(f).get("varied", []):
                varied.append(k["key"])
                units[k["key"]] = k.get("unit", "")
    return columns, units, varied


def load(target):
    if os.path.isdir(target):
        h5 = os.path.join(target, "sweep_summary.h5")
        csv_path = os.path.join(target, "sweep_summary.csv")
        try:
            import h5py  # noqa: F401, PLC0415

            if os.path.exists(h5):
                return load_h5(h5)
        except ImportError:
            pass
        if not os.path.exists(csv_path):
            sys.exit(f"plot_sweep: no sweep_summary.csv or sweep_summary.h5 in {target}")
        return load_csv(csv_path)
    if target.endswith(".h5"):
        return load_h5(target)
    return load_csv(target)


def pick(columns, name, what):
    if name in columns:
        return name
    close = difflib.get_close_matches(name, list(columns), n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(close)}?)" if close else " (use --list to see them)"
    sys.exit(f"plot_sweep: no column '{name}' for {what}{hint}")


def label(name, units):
    unit = units.get(name, "")
    return f"{name} [{unit}]" if unit and unit != "1" else name


def matches(value, wanted):
    """--where: numbers compare as numbers ("1e-2" selects 0.01), anything else as text."""
    a, b = _number(value), _number(wanted)
    if a is not None and b is not None:
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.0)
    return str(value) == wanted


def select(columns, rows, where):
    """The rows that satisfy every --where KEY=VALUE."""
    for condition in where:
        key, sep, wanted = condition.partition("=")
        if not sep:
            sys.exit(f"plot_sweep: --where {condition!r}: expected KEY=VALUE")
        key = pick(columns, key.strip(), "--where")
        kept = [i for i in rows if matches(columns[key][i], wanted.strip())]
        if not kept:
            values = sorted({str(columns[key][i]) for i in rows})
            sys.exit(f"plot_sweep: --where {condition}: no member has that value (values: {', '.join(values)})")
        rows = kept
    return rows


def refuse_pooling(columns, varied, rows, shown):
    """Stops when members that share a point of the plot (the same --x and --group values) differ
    in another varied key, so that their values would be averaged into one point. (Random and
    Latin-hypercube sweeps give every point its own x: nothing is pooled there.)"""
    at_point = {}
    for i in rows:
        at_point.setdefault(tuple(str(columns[k][i]) for k in shown), []).append(i)
    hidden = []
    for key in varied:
        if key in shown or key not in columns:
            continue
        most = max(len({str(columns[key][i]) for i in members}) for members in at_point.values())
        if most > 1:
            hidden.append(f"{key} ({most} values at one point)")
    if hidden:
        sys.exit(
            "plot_sweep: the members at one point of the plot also differ in " + ", ".join(hidden)
            + ", which would be averaged together: give --group KEY for one line per value, "
            "--where KEY=VALUE to keep one value, or --pool to average over them on purpose"
        )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("summary", help="sweep output folder, sweep_summary.h5 or sweep_summary.csv")
    ap.add_argument("--x", help="varied key on the x axis (default: the first varied key)")
    ap.add_argument("--y", help="column to plot (default: the first readouts.* or counts.* column)")
    ap.add_argument("--group", help="varied key giving one line per value")
    ap.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                    help="plot only members with this value (repeatable)")
    ap.add_argument("--pool", action="store_true",
                    help="average over varied keys other than --x and --group (refused otherwise)")
    ap.add_argument("--log-x", action="store_true")
    ap.add_argument("--log-y", action="store_true")
    ap.add_argument("--out", help="image file (default: next to the summary)")
    ap.add_argument("--list", action="store_true", help="print the columns and exit")
    args = ap.parse_args(argv)

    columns, units, varied = load(args.summary)
    if args.list:
        for name in columns:
            tag = " (varied)" if name in varied else ""
            print(f"{name}{tag}")
        return 0
    x = pick(columns, args.x or (varied[0] if varied else "member"), "--x")
    if args.y:
        y = pick(columns, args.y, "--y")
    else:
        candidates = [c for c in columns if c.startswith("readouts.")] or [c for c in columns if c.startswith("counts.")]
        if not candidates:
            sys.exit("plot_sweep: no readouts.* or counts.* column; give --y")
        y = candidates[0]
    group = pick(columns, args.group, "--group") if args.group else None

    status = columns.get("status", ["ok"] * len(columns[x]))
    rows = [i for i, s in enumerate(status) if s == "ok" and columns[y][i] is not None]
    rows = select(columns, rows, args.where)
    if not rows:
        sys.exit("plot_sweep: no finished (status ok) member has a value for " + y)
    if not args.pool:
        refuse_pooling(columns, varied, rows, [k for k in (x, group) if k])

    require("matplotlib")
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    numeric_x = all(isinstance(columns[x][i], (int, float)) for i in rows)
    categories = sorted({str(columns[x][i]) for i in rows}) if not numeric_x else None

    def xpos(i):
        return columns[x][i] if numeric_x else categories.index(str(columns[x][i]))

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    def order(v):
        return (0, v, "") if isinstance(v, (int, float)) else (1, 0, str(v))

    groups = sorted({columns[group][i] for i in rows}, key=order) if group else [None]
    for g in groups:
        members = [i for i in rows if group is None or columns[group][i] == g]
        by_x = {}
        for i in members:
            by_x.setdefault(xpos(i), []).append(float(columns[y][i]))
        xs = sorted(by_x)
        means = [sum(by_x[v]) / len(by_x[v]) for v in xs]
        sds = [
            math.sqrt(sum((a - m) ** 2 for a in by_x[v]) / (len(by_x[v]) - 1)) if len(by_x[v]) > 1 else 0.0
            for v, m in zip(xs, means)
        ]
        name = f"{group} = {g}{'' if units.get(group, '') in ('', '1') else ' ' + units[group]}" if group else "mean ± sd"
        line = ax.errorbar(xs, means, yerr=sds, marker="o", capsize=3, label=name)
        ax.scatter([xpos(i) for i in members], [float(columns[y][i]) for i in members], s=10, alpha=0.35,
                   color=line[0].get_color())
    ax.set_xlabel(label(x, units))
    ax.set_ylabel(label(y, units))
    if categories:
        ax.set_xticks(range(len(categories)), categories)
    if args.log_x:
        ax.set_xscale("log")
    if args.log_y:
        ax.set_yscale("log")
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    base = args.summary if os.path.isdir(args.summary) else os.path.dirname(args.summary) or "."
    out = args.out or os.path.join(base, f"plot_{y}_vs_{x}.png".replace("/", "_").replace(" ", "_"))
    fig.savefig(out, dpi=120)
    print(f"plot_sweep: {len(rows)} members -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
