#!/usr/bin/python3
"""Reconstitution after aHSCT from an msabm result.h5 of a regimen (configs/regimens/): blood
counts per population as a multiple of the pre-treatment level against days from reinfusion,
with the published recovery windows shaded, and the clone readouts (share of pre-treatment
clones among memory/effector T cells, Shannon diversity, clones making up 50 % of T cells).

    /usr/bin/python3 viz/plot_reconstitution.py OUT/result.h5 [--out reconstitution.png]
        [--day-zero 365] [--until 1095]

The windows are the reconstitution targets the default regimen is tested against (Storek 2004
Clin Immunol 113:285; Burt 2019, PMC6857075; Porrata 2010 review): neutrophil engraftment day
6-14, innate recovery day 14-60, B cells day 90-270, CD8 day 90-730, CD4 day 365-1825. Uses
Debian's python3-h5py and python3-matplotlib (hence /usr/bin/python3).
"""
import argparse
import sys

from requires import require

require("h5py", "matplotlib", "numpy")

import h5py  # noqa: E402
import matplotlib  # noqa: E402
import numpy as np  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

POPULATIONS = [  # readout, label, colour, recovery window (days) or None
    ("blood_neutrophils_1e9_per_L", "neutrophils", "tab:orange", (6, 14)),
    ("blood_monocytes_1e9_per_L", "monocytes", "tab:brown", (14, 60)),
    ("blood_nk_1e9_per_L", "NK", "tab:olive", (14, 60)),
    ("blood_platelets_1e9_per_L", "platelets", "tab:pink", None),
    ("blood_b_1e9_per_L", "B", "tab:green", (90, 270)),
    ("blood_cd8_1e9_per_L", "CD8 T", "tab:blue", (90, 730)),
    ("blood_cd4_1e9_per_L", "CD4 T", "tab:red", (365, 1825)),
    ("blood_treg_1e9_per_L", "Treg", "tab:purple", None),
]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("result", help="result.h5 written by msabm run")
    p.add_argument("--out", default="reconstitution.png")
    p.add_argument("--day-zero", type=float, default=365, help="time.day_zero of the run, days (default 365)")
    p.add_argument("--until", type=float, default=1825, help="last day after reinfusion to draw")
    args = p.parse_args(argv)
    with h5py.File(args.result, "r") as f:
        series = f["series"]
        day = series["time"][:] / 1440.0 - args.day_zero
        r = series["readouts"]
        data = {name: r[name][:] for name in r}
    pre = np.searchsorted(day, -60)  # before mobilisation: the pre-treatment level
    shown = (day >= -60) & (day <= args.until)

    fig, axes = plt.subplots(len(POPULATIONS) // 2 + 1, 2, figsize=(11, 13), sharex=True)
    for ax, (name, label, colour, window) in zip(axes.flat, POPULATIONS):
        ratio = data[name] / data[name][pre]
        ax.plot(day[shown], ratio[shown], color=colour, lw=1.5)
        ax.axhline(1.0, color="grey", lw=0.8)
        ax.axhspan(0.8, 1.2, color="grey", alpha=0.12, lw=0)
        if window:
            ax.axvspan(*window, color=colour, alpha=0.15, lw=0, label="published recovery window")
            ax.legend(loc="lower right", fontsize=7, frameon=False)
        ax.set_yscale("log")
        ax.set_ylim(1e-3, 5)
        ax.set_title(f"{label} (x pre-treatment)", fontsize=9)
    ax = axes.flat[len(POPULATIONS)]
    ax.plot(day[shown], data["cd4_cd8_ratio"][shown], color="k", label="CD4/CD8 ratio")
    ax.plot(day[shown], data["cd4_naive_share"][shown], color="tab:red", ls="--", label="naive share of CD4")
    ax.axhspan(0.2, 1.0, xmin=0, xmax=1, color="grey", alpha=0.1, lw=0)
    ax.legend(fontsize=7, frameon=False)
    ax.set_title("ratio (band 0.2-1.0 at days 180, 365) and naive share", fontsize=9)
    ax = axes.flat[len(POPULATIONS) + 1]
    ax.plot(day[shown], data["pre_treatment_share_memory_t"][shown], color="tab:gray", label="pre-treatment share, memory/effector T")
    ax2 = ax.twinx()
    ax2.plot(day[shown], data["shannon_t"][shown], color="tab:cyan", label="Shannon (T)")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    ax2.legend(loc="lower right", fontsize=7, frameon=False)
    ax.set_title("clone overlap and diversity", fontsize=9)
    for ax in axes[-1]:
        ax.set_xlabel("days from reinfusion")
    fig.tight_layout()
    fig.savefig(args.out, dpi=90)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
