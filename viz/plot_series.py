#!/usr/bin/python3
"""Plot the time series of an msabm result.h5: agent counts per kind (and per state code), and
every scalar readout, against simulated time.

    /usr/bin/python3 viz/plot_series.py OUT/result.h5 [--out series.png] [--states] [--hours|--days]

Uses Debian's python3-h5py and python3-matplotlib (hence /usr/bin/python3); writes a PNG without
needing a display.
"""
import argparse
import sys

from requires import require

require("h5py", "matplotlib")

import h5py  # noqa: E402
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("result", help="result.h5 written by msabm run")
    p.add_argument("--out", default="series.png", help="image to write (default series.png)")
    p.add_argument("--states", action="store_true", help="also plot counts per state code")
    unit = p.add_mutually_exclusive_group()
    unit.add_argument("--hours", action="store_const", dest="unit", const="h")
    unit.add_argument("--days", action="store_const", dest="unit", const="d")
    args = p.parse_args(argv)

    with h5py.File(args.result, "r") as f:
        if f.attrs.get("format") != "msabm-result":
            sys.exit("plot_series.py: %s is not an msabm result file" % args.result)
        series = f["series"]
        minutes = series["time"][:]
        if len(minutes) == 0:
            sys.exit("plot_series.py: %s has no series rows yet" % args.result)
        unit = args.unit or ("d" if minutes[-1] > 3 * 1440 else "h")
        time = minutes / (1440.0 if unit == "d" else 60.0)
        readouts = list(series["readouts"])
        rows = 1 + (1 if readouts else 0)
        fig, axes = plt.subplots(rows, 1, figsize=(8, 3.2 * rows), sharex=True, squeeze=False)
        counts = axes[0][0]
        for patch in series["counts"]:
            for kind in series["counts"][patch]:
                label = kind if len(series["counts"]) == 1 else "%s/%s" % (patch, kind)
                line, = counts.plot(time, series["counts"][patch][kind][:], label=label)
                if args.states and "%s/%s" % (patch, kind) in series["state_counts"]:
                    # A kind appears under state_counts once one of its agents is in a state.
                    for code in series["state_counts"][patch][kind]:
                        d = series["state_counts"][patch][kind][code]
                        state = text(d.attrs.get("state_name", "state " + code))
                        counts.plot(time, d[:], linestyle=":", color=line.get_color(),
                                    label="%s %s" % (label, state))
        counts.set_ylabel("agents")
        counts.legend(fontsize="small")
        counts.grid(alpha=0.3)
        if readouts:
            axis = axes[1][0]
            for name in readouts:
                d = series["readouts"][name]
                axis.plot(time, d[:], label="%s [%s]" % (name, text(d.attrs.get("units", ""))))
            axis.set_ylabel("readouts")
            axis.legend(fontsize="small")
            axis.grid(alpha=0.3)
        axes[-1][0].set_xlabel("simulated time (%s)" % unit)
        meta = f["meta"].attrs
        fig.suptitle("%s, seed %s" % (text(meta["config_name"]), meta["seed"]))
        fig.tight_layout()
        fig.savefig(args.out, dpi=120)
    print("plot_series.py: wrote", args.out)


if __name__ == "__main__":
    main(sys.argv[1:])
