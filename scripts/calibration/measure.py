"""Quantities of one finished run, read from its result.h5 (/series rows, /meta day_zero), and
the cohort medians of the targets scored against their bands.

A quantity that is "not reached" (a crossing that never happens, or a readout at its `never`
value) is +inf: later than the run. Its median is compared as "not reached by day E" (E: the
last day of the runs), which is consistent with a band whose upper end lies beyond E.
"""
import math

import h5py
import numpy as np


class ResultError(Exception):
    """A quantity the result cannot give (unknown readout, a day outside the run)."""


class Run:
    """The /series of one result.h5, with days counted from the protocol's day 0."""

    def __init__(self, path, label=None):
        self.label = label or path  # for messages: which member of the cohort
        with h5py.File(path, "r") as f:
            if f.attrs.get("format") != "msabm-result":
                raise ResultError(f"{path} is not an msabm result file")
            day_zero = float(f["meta"].attrs["day_zero"])
            series = f["series"]
            self.day = (series["time"][:] - day_zero) / 1440.0
            self.columns = {}
            series.visititems(lambda name, obj: self._keep(name, obj))
        if len(self.day) == 0:
            raise ResultError(f"{path} has no series rows")
        self.last_day = float(self.day[-1])

    def _keep(self, name, obj):
        if isinstance(obj, h5py.Dataset) and name not in ("time", "tick"):
            self.columns[name] = obj[:].astype(float)

    def column(self, source, name):
        key = f"readouts/{name}" if source == "readout" else name
        if key not in self.columns:
            if source == "readout":
                known = sorted(k[len("readouts/"):] for k in self.columns if k.startswith("readouts/"))
                raise ResultError(f"no readout '{name}' in the run of {self.label} (readouts: {', '.join(known)})")
            raise ResultError(f"no dataset /series/{name} in the run of {self.label}")
        return self.columns[key]

    def row(self, day):
        """The first row at or after `day` (rows are sampled at the output's series interval)."""
        i = int(np.searchsorted(self.day, day - 1e-9))
        if i >= len(self.day) or day < self.day[0] - 1e-9:
            raise ResultError(f"day {day:g} is outside the run (days {self.day[0]:g} to {self.last_day:g} "
                              f"after day 0) in the run of {self.label}")
        return i

    def quantity(self, q):
        if q.combine:
            values = [self.quantity(p) for p in q.parts]
            return max(values) if q.combine == "max" else min(values)
        col = self.column(q.source, q.name)
        if q.crossing:
            which, threshold = q.crossing
            after = self.day > 0
            hit = (col >= threshold) if which == "first_day_above" else (col <= threshold)
            rows = np.nonzero(after & hit)[0]
            return float(self.day[rows[0]]) if len(rows) else math.inf
        value = float(col[-1] if q.day == "end" else col[self.row(q.day)])
        if q.never is not None and value == q.never:
            return math.inf
        if q.relative_to_day is not None:
            base = float(col[self.row(q.relative_to_day)])
            value = value / base if base != 0 else math.inf
        return value


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 == 1 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def score(target, runs):
    """Cohort median(s) of a target, pass/fail and its loss term.

    Band: (distance of the median outside [lo, hi] / scale)^2 with scale = hi - lo (or the
    spec's scale), 0 inside. A median "not reached by day E" passes when hi > E (the band has
    days beyond the run) and otherwise counts its distance as E - hi (a lower bound).
    Compare (a > b or a < b on the medians): (violation / scale)^2 with scale = |median b|
    (or the spec's scale), at least 1e-6 (equal medians fail a strict comparison); 1 when a
    median that decides it is not reached.
    """
    last_day = min(r.last_day for r in runs)
    result = {"id": target.id}
    if target.kind == "band":
        values = [r.quantity(target.quantity) for r in runs]
        m = median(values)
        scale = target.scale or (target.hi - target.lo)
        if math.isinf(m):
            distance = max(0.0, last_day - target.hi) if target.hi <= last_day else 0.0
            passed = target.hi > last_day
        else:
            distance = max(0.0, target.lo - m, m - target.hi)
            passed = distance == 0.0
        result.update(values=values, median=m, not_reached_by=last_day if math.isinf(m) else None,
                      band=[target.lo, target.hi], passed=passed,
                      loss=0.0 if passed else (distance / scale) ** 2)
        return result
    a = [r.quantity(target.a) for r in runs]
    b = [r.quantity(target.b) for r in runs]
    ma, mb = median(a), median(b)
    holds = ma > mb if target.relation == ">" else ma < mb
    if holds:
        loss = 0.0
    elif math.isinf(ma) or math.isinf(mb):
        loss = 1.0
    else:
        scale = target.scale or (abs(mb) if mb != 0 else 1.0)
        loss = max(1e-6, ((ma - mb) / scale) ** 2)
    result.update(values_a=a, values_b=b, median_a=ma, median_b=mb, relation=target.relation,
                  passed=holds, loss=loss, not_reached_by=last_day if math.isinf(ma) or math.isinf(mb) else None)
    return result
