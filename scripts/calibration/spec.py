"""The calibration spec (a YAML file, e.g. configs/calibration/body_reconstitution.yaml), read
strictly: an unknown or missing key, a bad bound or a bad band is a SpecError naming the spec
file, its line and the key, which calibrate.py reports with exit code 2.

    config: ../regimens/cy_atg.yaml      # model config, relative to the spec file
    set: {time.duration: "1100 d"}       # fixed overrides (msabm run --set KEY=VALUE)
    seeds: {from: 1, to: 10}              # virtual cohort (common random numbers), or a list [1, 5, 9]
    parameters:
      - {key: body.il7_reserve, bounds: [1, 10], log: true, unit: "", start: 3}   # start: optional
    targets:
      - id: neutrophil_engraftment
        quantity: {readout: neutrophil_engraftment_day, day: end, never: -1}
        band: [6, 14]
        source: "Burt 2019 JAMA ..."
      - id: naive_share_rises
        compare: {a: {...quantity...}, relation: ">", b: {...quantity...}}
        source: "..."
    optimizer: {algorithm: LN_BOBYQA, max_evals: 60, initial_step: 0.2}

A quantity is one number per run (per seed), from /series of the run's result.h5:
    {readout: NAME, day: D}                 value of a readout at day D after day 0 (D < 0: before)
    {readout: NAME, day: end}               its value at the end of the run (msabm writes a last row there)
    {series: counts/PATCH/KIND, day: D}     any float/int dataset below /series instead of a readout
    {..., relative_to_day: P}               divided by its value at day P (e.g. pre-treatment)
    {readout: NAME, first_day_above: T}     first day after day 0 with value >= T (or first_day_below: <=)
    {..., never: V}                         the value V means "not reached" (e.g. -1 for *_day readouts)
    {max: [quantity, ...]} / {min: [...]}   the latest / earliest of several
"""
import json
import math
import os

import yaml


class SpecError(Exception):
    """A mistake in the spec: where (file:line), which key, what is wrong."""

    def __init__(self, where, key, message):
        super().__init__(f"{where}: {key}: {message}")


class Node:
    """A YAML node with its file and line, for error messages."""

    def __init__(self, node, path):
        self.node = node
        self.path = path

    @property
    def where(self):
        return f"{self.path}:{self.node.start_mark.line + 1}"

    def fail(self, key, message):
        raise SpecError(self.where, key, message)

    def is_map(self):
        return isinstance(self.node, yaml.MappingNode)

    def is_list(self):
        return isinstance(self.node, yaml.SequenceNode)

    def entries(self, key, allowed, required=()):
        """The map's entries {name: Node}; an unknown or missing key is an error."""
        if not self.is_map():
            self.fail(key, "expected a map of keys")
        out = {}
        for k, v in self.node.value:
            name = k.value
            if name not in allowed:
                Node(k, self.path).fail(f"{key}.{name}" if key else name,
                                        f"unknown key (expected one of: {', '.join(allowed)})")
            if name in out:
                Node(k, self.path).fail(f"{key}.{name}" if key else name, "given twice")
            out[name] = Node(v, self.path)
        for name in required:
            if name not in out:
                self.fail(f"{key}.{name}" if key else name, "missing")
        return out

    def items(self, key):
        if not self.is_list():
            self.fail(key, "expected a list")
        return [Node(v, self.path) for v in self.node.value]

    def scalar(self, key):
        if not isinstance(self.node, yaml.ScalarNode):
            self.fail(key, "expected a single value")
        return yaml.safe_load(yaml.serialize(self.node))

    def text(self, key):
        value = self.scalar(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "expected a non-empty text")
        return value

    def number(self, key):
        value = self.scalar(key)
        if isinstance(value, str) and value.strip().lower() in (".inf", "inf", "-.inf", "-inf"):
            value = float(value.replace(".", ""))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            self.fail(key, f"expected a number, got {value!r}")
        return float(value)

    def boolean(self, key):
        value = self.scalar(key)
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {value!r}")
        return value

    def pair(self, key):
        items = self.items(key)
        if len(items) != 2:
            self.fail(key, "expected two numbers [lo, hi]")
        lo, hi = items[0].number(key), items[1].number(key)
        if not lo < hi:
            self.fail(key, f"expected lo < hi, got [{lo:g}, {hi:g}]")
        return lo, hi


class Parameter:
    def __init__(self, key, lo, hi, log, unit, start, where):
        self.key, self.lo, self.hi, self.log, self.unit = key, lo, hi, log, unit
        self.start = start  # None: the config's value, filled in by calibrate.py
        self.where = where

    def value_text(self, x):
        """The --set value: the number in the spec's unit."""
        return f"{x:.10g} {self.unit}" if self.unit else f"{x:.10g}"

    # The optimiser works in [0, 1]^n: linear or logarithmic between the bounds.
    def to_unit(self, x):
        if self.log:
            return (math.log(x) - math.log(self.lo)) / (math.log(self.hi) - math.log(self.lo))
        return (x - self.lo) / (self.hi - self.lo)

    def from_unit(self, u):
        u = min(1.0, max(0.0, u))
        if self.log:
            return math.exp(math.log(self.lo) + u * (math.log(self.hi) - math.log(self.lo)))
        return self.lo + u * (self.hi - self.lo)


class Quantity:
    """One number per run; see the module doc for the forms."""

    def __init__(self, node, key):
        forms = ("readout", "series", "max", "min")
        e = node.entries(key, forms + ("day", "relative_to_day", "first_day_above", "first_day_below", "never"))
        given = [f for f in forms if f in e]
        if len(given) != 1:
            node.fail(key, "give exactly one of readout, series, max, min")
        self.where = node.where
        self.key = key
        self.combine = None
        if given[0] in ("max", "min"):
            if set(e) != {given[0]}:
                node.fail(key, f"{given[0]} takes only a list of quantities")
            self.combine = given[0]
            self.parts = [Quantity(q, f"{key}.{given[0]}[{i}]") for i, q in enumerate(e[given[0]].items(key))]
            if not self.parts:
                node.fail(key, f"{given[0]}: empty list")
            return
        self.source = given[0]
        self.name = e[given[0]].text(f"{key}.{given[0]}")
        self.day = None
        self.crossing = None
        crossings = [c for c in ("first_day_above", "first_day_below") if c in e]
        if len(crossings) > 1:
            node.fail(key, "give first_day_above or first_day_below, not both")
        if crossings:
            if "day" in e or "relative_to_day" in e:
                node.fail(key, f"{crossings[0]} is a day itself: no day or relative_to_day with it")
            self.crossing = (crossings[0], e[crossings[0]].number(f"{key}.{crossings[0]}"))
        elif "day" not in e:
            node.fail(f"{key}.day", "missing (a day after day 0, or 'end'), or give first_day_above/below")
        else:
            d = e["day"].scalar(f"{key}.day")
            self.day = "end" if d == "end" else e["day"].number(f"{key}.day")
        self.relative_to_day = e["relative_to_day"].number(f"{key}.relative_to_day") if "relative_to_day" in e else None
        self.never = e["never"].number(f"{key}.never") if "never" in e else None

    def names(self):
        """(source, name) pairs this quantity reads."""
        if self.combine:
            return [n for q in self.parts for n in q.names()]
        return [(self.source, self.name)]


class Target:
    def __init__(self, node, index):
        key = f"targets[{index}]"
        e = node.entries(key, ("id", "quantity", "band", "scale", "compare", "source", "note"), ("id", "source"))
        self.id = e["id"].text(f"{key}.id")
        key = f"targets[{index}] ({self.id})"
        self.source = e["source"].text(f"{key}.source")
        self.note = e["note"].text(f"{key}.note") if "note" in e else ""
        self.where = node.where
        if ("quantity" in e) == ("compare" in e):
            node.fail(key, "give either quantity (with band) or compare")
        self.scale = None
        if "scale" in e:
            self.scale = e["scale"].number(f"{key}.scale")
            if not self.scale > 0 or math.isinf(self.scale):
                e["scale"].fail(f"{key}.scale", "expected a positive finite number")
        if "quantity" in e:
            self.kind = "band"
            self.quantity = Quantity(e["quantity"], f"{key}.quantity")
            if "band" not in e:
                node.fail(f"{key}.band", "missing")
            self.lo, self.hi = e["band"].pair(f"{key}.band")
            if math.isinf(self.hi - self.lo) and self.scale is None:
                e["band"].fail(f"{key}.band", "an open band needs a scale (the distance that counts as one band width)")
        else:
            self.kind = "compare"
            if "band" in e:
                e["band"].fail(f"{key}.band", "a comparison has no band")
            c = e["compare"].entries(f"{key}.compare", ("a", "relation", "b"), ("a", "relation", "b"))
            self.relation = c["relation"].text(f"{key}.compare.relation")
            if self.relation not in (">", "<"):
                c["relation"].fail(f"{key}.compare.relation", "expected '>' or '<'")
            self.a = Quantity(c["a"], f"{key}.compare.a")
            self.b = Quantity(c["b"], f"{key}.compare.b")

    def quantities(self):
        return [self.quantity] if self.kind == "band" else [self.a, self.b]


ALGORITHMS = ("LN_BOBYQA", "LN_NELDERMEAD", "LN_SBPLX", "LN_COBYLA")


class Spec:
    def __init__(self, path):
        self.path = path
        try:
            with open(path) as f:
                root = yaml.compose(f)
        except OSError as e:
            raise SpecError(path, "spec", f"cannot read: {e.strerror}")
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else path
            raise SpecError(where, "spec", f"invalid YAML: {getattr(e, 'problem', e)}")
        if root is None:
            raise SpecError(path, "spec", "empty file")
        node = Node(root, path)
        e = node.entries("", ("name", "description", "config", "set", "seeds", "parameters", "targets", "optimizer"),
                         ("config", "seeds", "parameters", "targets"))
        base = os.path.dirname(os.path.abspath(path))
        self.name = e["name"].text("name") if "name" in e else os.path.splitext(os.path.basename(path))[0]
        self.config = os.path.normpath(os.path.join(base, e["config"].text("config")))
        if not os.path.isfile(self.config):
            e["config"].fail("config", f"no such file: {self.config}")
        self.fixed = []
        if "set" in e:
            for k, v in e["set"].entries("set", _AnyKey()).items():
                value = yaml.safe_load(yaml.serialize(v.node))
                # --set parses its value as YAML: a text as it is, anything else in flow form
                # (JSON is YAML): 5, true, [2, 2, 2].
                self.fixed.append((k, value if isinstance(value, str) else json.dumps(value)))
        self.seeds = self._seeds(e["seeds"])
        self.parameters = []
        keys = set()
        for i, p in enumerate(e["parameters"].items("parameters")):
            k = f"parameters[{i}]"
            pe = p.entries(k, ("key", "bounds", "log", "unit", "start", "note"), ("key", "bounds"))
            key = pe["key"].text(f"{k}.key")
            k = f"parameters[{i}] ({key})"
            if key in keys:
                p.fail(k, "given twice")
            keys.add(key)
            lo, hi = pe["bounds"].pair(f"{k}.bounds")
            log = pe["log"].boolean(f"{k}.log") if "log" in pe else False
            if log and lo <= 0:
                pe["bounds"].fail(f"{k}.bounds", "a log-scale parameter needs bounds > 0")
            unit = pe["unit"].scalar(f"{k}.unit") if "unit" in pe else ""
            if not isinstance(unit, str):
                pe["unit"].fail(f"{k}.unit", "expected a unit text (\"\" for none)")
            start = pe["start"].number(f"{k}.start") if "start" in pe else None
            if start is not None and not lo <= start <= hi:
                pe["start"].fail(f"{k}.start", f"{start:g} outside bounds [{lo:g}, {hi:g}]")
            self.parameters.append(Parameter(key, lo, hi, log, unit.strip(), start, p.where))
        if not self.parameters:
            e["parameters"].fail("parameters", "empty list")
        self.targets = [Target(t, i) for i, t in enumerate(e["targets"].items("targets"))]
        if not self.targets:
            e["targets"].fail("targets", "empty list")
        ids = [t.id for t in self.targets]
        for t in self.targets:
            if ids.count(t.id) > 1:
                raise SpecError(t.where, f"targets ({t.id})", "id given twice")
        self.algorithm, self.max_evals, self.initial_step = "LN_BOBYQA", 40, 0.2
        if "optimizer" in e:
            o = e["optimizer"].entries("optimizer", ("algorithm", "max_evals", "initial_step"))
            if "algorithm" in o:
                self.algorithm = o["algorithm"].text("optimizer.algorithm")
                if self.algorithm not in ALGORITHMS:
                    o["algorithm"].fail("optimizer.algorithm", f"expected one of {', '.join(ALGORITHMS)}")
            if "max_evals" in o:
                self.max_evals = int(o["max_evals"].number("optimizer.max_evals"))
                if self.max_evals < 1:
                    o["max_evals"].fail("optimizer.max_evals", "expected at least 1")
            if "initial_step" in o:
                self.initial_step = o["initial_step"].number("optimizer.initial_step")
                if not 0 < self.initial_step <= 0.5:
                    o["initial_step"].fail("optimizer.initial_step", "expected a share of the (log) range in (0, 0.5]")
        if self.algorithm == "LN_BOBYQA" and len(self.parameters) < 2:
            where = e["optimizer"].where if "optimizer" in e else node.where
            raise SpecError(where, "optimizer.algorithm", "LN_BOBYQA needs at least 2 parameters (use LN_NELDERMEAD)")

    @staticmethod
    def _seeds(node):
        """A list of seeds, or {from: 1, to: 10}."""
        if node.is_list():
            seeds = [s.number("seeds") for s in node.items("seeds")]
        else:
            e = node.entries("seeds", ("from", "to"), ("from", "to"))
            first, last = e["from"].number("seeds.from"), e["to"].number("seeds.to")
            if first != int(first) or last != int(last) or last < first:
                node.fail("seeds", "expected whole numbers from <= to")
            seeds = list(range(int(first), int(last) + 1))
        if not seeds or len(set(seeds)) != len(seeds) or any(s < 0 or s != int(s) for s in seeds):
            node.fail("seeds", "expected distinct whole numbers >= 0")
        return [int(s) for s in seeds]


class _AnyKey:
    """`set:` takes any config key."""

    def __contains__(self, _):
        return True
