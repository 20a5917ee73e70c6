#!/usr/bin/python3
"""Plot the readouts of a tissue run (configs/tissue/*.yaml) against days from day 0: myelin
(original and remyelinated), demyelinated / remyelinated / lesion volume, debris and BBB leak
volume, axon loss, and the cell counts per state of every kind.

    /usr/bin/python3 viz/plot_tissue.py OUT/result.h5 [--patch lesion] [--out tissue.png]
                                        [--band focal_remyelination]

--band focal_remyelination shades the published window (remyelination begins on day 5-10 and is
nearly complete by day 18-30: Jeffery & Blakemore 1995 J Neurocytol 24:775).
Uses Debian's python3-h5py and python3-matplotlib (hence /usr/bin/python3).
"""
import argparse
import sys

from requires import require

require("h5py", "matplotlib")

import h5py  # noqa: E402
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


# Cumulative tallies of a kind (not states): left out of the cell panel.
COUNTERS = {"entered", "refused", "died", "born", "left", "kills", "differentiated"}


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("result", help="result.h5 written by msabm run")
    p.add_argument("--patch", default="lesion", help="patch name (default lesion)")
    p.add_argument("--out", default="tissue.png", help="image to write (default tissue.png)")
    p.add_argument("--band", choices=["focal_remyelination"], help="shade a published window")
    a = p.parse_args(argv)
    with h5py.File(a.result, "r") as f:
        day_zero = float(f["meta"].attrs.get("day_zero", 0.0))
        t = f["series/time"][:]
        readouts = f["series/readouts"]
        prefix = a.patch + "."
        names = [n for n in readouts if n.startswith(prefix)]
        if not names:
            sys.exit(f"plot_tissue: no readouts of patch '{a.patch}' in {a.result}")
        series = {n[len(prefix):]: readouts[n][:] for n in names}
        units = {n[len(prefix):]: text(readouts[n].attrs.get("units", "")) for n in names}
    days = (t - day_zero) / 1440.0
    panels = [
        ("myelin", ["myelin", "remyelin"], "share of axon length"),
        ("volumes", ["demyelinated_volume", "remyelinated_volume", "lesion_volume", "leak_volume"], "mm^3"),
        ("debris and axons", ["debris_volume", "axon_loss"], ""),
    ]
    kinds = sorted({k.split(".")[0] for k in series if "." in k})
    fig, axes = plt.subplots(2, 2, figsize=(12, 8), constrained_layout=True)
    for ax, (title, keys, ylabel) in zip(axes.flat, panels):
        for k in keys:
            if k in series:
                ax.plot(days, series[k], label=f"{k} ({units[k]})")
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        ax.legend(fontsize=8)
    ax = axes.flat[3]
    for k in kinds:
        for name in sorted(series):
            counter = name.rsplit(".", 1)[-1] in COUNTERS
            if name.startswith(k + ".") and units[name] == "cells" and not counter and series[name].max() > 0:
                ax.plot(days, series[name], label=name)
    ax.set_yscale("symlog")
    ax.set_title("cells per kind and state")
    ax.legend(fontsize=6, ncol=2)
    for ax in axes.flat:
        ax.set_xlabel("day")
        if a.band == "focal_remyelination":
            ax.axvspan(5, 10, color="tab:green", alpha=0.12, lw=0)
            ax.axvspan(18, 30, color="tab:blue", alpha=0.12, lw=0)
    fig.suptitle(f"{a.result}: patch {a.patch}" + ("  (shaded: remyelination begins d5-10, complete d18-30)"
                                                   if a.band else ""))
    fig.savefig(a.out, dpi=110)
    print(f"plot_tissue: wrote {a.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
