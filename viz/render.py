"""Render msabm snapshots (result.xmf) with ParaView: agents as points coloured by kind, one
field of the lattice as a slice or a volume, a length scale, one PNG per time step or an
animation.

    pvpython viz/render.py OUT/result.xmf [--out frames] [--field NAME] [--mode slice|volume]
                           [--patch NAME] [--start MIN] [--end MIN] [--movie movie.ogv]
                           [--size 1280x960] [--point-size PX] [--log] [--opacity 0.5]

Run it with ParaView's pvpython (Debian's paraview and python3-paraview), not python3; on
headless machines: xvfb-run -a -s -noreset pvpython viz/render.py ... (the plot_*.py scripts run with
/usr/bin/python3). Times are simulated minutes (as in result.h5). Colour bars give the units
result.xmf records for each array. In volume mode the field is drawn translucent (its highest
value has --opacity over a third of the lattice's depth), so agents inside it stay visible. The .xmf is
opened by its absolute path: ParaView 5.11's XDMF3 reader mis-resolves result.h5 when given a
bare file name.
"""
import argparse
import builtins
import math
import os
import sys
from xml.etree import ElementTree

try:
    from paraview import simple as pv
except ImportError:
    sys.exit("render.py: needs ParaView's Python; run it with pvpython (xvfb-run -a -s -noreset pvpython viz/render.py ...), "
             "not python3 (Debian packages paraview and python3-paraview)")


# Colour-blind safe qualitative colours (Okabe-Ito), one per agent kind.
KIND_COLOURS = [[0.84, 0.37, 0.0], [0.0, 0.45, 0.70], [0.0, 0.62, 0.45], [0.80, 0.47, 0.65],
                [0.94, 0.89, 0.26], [0.34, 0.71, 0.91], [0.90, 0.62, 0.0], [0.0, 0.0, 0.0]]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("xmf", help="result.xmf written by msabm run")
    p.add_argument("--out", default="frames", help="folder for the PNG frames (default: frames)")
    p.add_argument("--field", help="lattice array to show (default: the first field, else tissue)")
    p.add_argument("--mode", choices=["slice", "volume"], default="slice",
                   help="slice (through the middle, normal z) or volume rendering")
    p.add_argument("--patch", help="patch to show (default: the first)")
    p.add_argument("--start", type=float, default=None, help="first time, min (default: first snapshot)")
    p.add_argument("--end", type=float, default=None, help="last time, min (default: last snapshot)")
    p.add_argument("--movie", help="also save an animation (.ogv or .avi)")
    p.add_argument("--size", default="1280x960", help="image size WxH (default 1280x960)")
    p.add_argument("--point-size", type=float, default=6.0, help="agent point size in pixels")
    p.add_argument("--log", action="store_true", help="logarithmic colour scale for the field")
    p.add_argument("--opacity", type=float, default=0.5,
                   help="volume mode: opacity of the field's highest value over a third of the lattice's "
                        "depth (default 0.5)")
    return p.parse_args(argv)


def grid_names(xmf):
    """Names of the grids in result.xmf, in order of first appearance: "patch/kind" for agents
    (a kind is absent from time steps where it has no agents), "patch/lattice" for lattices."""
    names = []
    for grid in ElementTree.parse(xmf).iter("Grid"):
        name = grid.get("Name", "")
        if grid.get("GridType") == "Uniform" and name not in names:
            names.append(name)
    return names


def kind_index(xmf, patch, kind):
    """The value of the "kind" array for a kind (result.xmf records it with each grid)."""
    for grid in ElementTree.parse(xmf).iter("Grid"):
        if grid.get("Name") == patch + "/" + kind:
            for info in grid.iter("Information"):
                if info.get("Name") == "kind_index":
                    return int(info.get("Value"))
    return 0


def array_units(xmf, grid_name, array):
    """The units result.xmf records for an array of a grid (<Information Name="units">), or ""."""
    for grid in ElementTree.parse(xmf).iter("Grid"):
        if grid.get("Name") != grid_name:
            continue
        for attribute in grid.iter("Attribute"):
            if attribute.get("Name") == array:
                for info in attribute.iter("Information"):
                    if info.get("Name") == "units":
                        return info.get("Value", "")
        return ""
    return ""


def with_units(name, units):
    return "%s [%s]" % (name, units) if units and units != "1" else name


def round_length(length):
    """The largest 1, 2 or 5 x 10^n not above `length`: a scale bar's length."""
    power = 10.0 ** math.floor(math.log10(length))
    return builtins.max(m * power for m in (1, 2, 5) if m * power <= length)


def add_scale_bar(view, bounds):
    """A ruler along the lattice's lower front x edge, about a third of its width, labelled in um."""
    length = round_length((bounds[1] - bounds[0]) / 3.0)
    y, z = bounds[2], bounds[4]
    ruler = pv.Ruler(Point1=[bounds[0], y, z], Point2=[bounds[0] + length, y, z])
    shown = pv.Show(ruler, view)
    shown.LabelFormat = "%g um"
    shown.Graduation = length
    shown.AxisColor = shown.Color = [0.1, 0.1, 0.1]
    shown.AxisLineWidth = 3.0
    shown.FontSize = 14
    return ruler


def node_name(label):
    """The name ParaView gives a block in its data assembly (vtkDataAssembly::MakeValidNodeName)."""
    valid = "".join(c for c in label if c.isascii() and (c.isalnum() or c in "._-"))
    if not valid or not (valid[0].isalpha() or valid[0] == "_") or valid[:3].lower() == "xml":
        valid = "_" + valid
    return valid


def pick(reader, labels, steps):
    """The blocks `labels` at every time step. ParaView's XDMF3 reader names a grid "p/w" where it
    first occurs and "p/w[n]" at its n-th occurrence after that."""
    selectors = ["/Root/" + node_name(label + ("" if n == 0 else "[%d]" % n)) for n in range(steps) for label in labels]
    return pv.ExtractBlock(Input=reader, Selectors=selectors)


def field_range(source, array, times):
    lo, hi = float("inf"), float("-inf")
    for t in times:
        source.UpdatePipeline(t)
        info = source.GetCellDataInformation().GetArray(array)
        if info is not None:
            a, b = info.GetRange(0)
            # builtins.*: ParaView's programmable filters run in __main__ and shadow min/max/sum.
            lo, hi = builtins.min(lo, a), builtins.max(hi, b)
    if lo > hi:
        return 0.0, 1.0
    return (lo, hi) if hi > lo else (lo, lo + 1.0)


def main(argv):
    args = parse_args(argv)
    xmf = os.path.abspath(args.xmf)
    if not os.path.isfile(xmf):
        sys.exit("render.py: no such file: " + xmf)
    width, height = (int(v) for v in args.size.lower().split("x"))
    reader = pv.Xdmf3ReaderT(FileName=[xmf])
    times = list(reader.TimestepValues) or [0.0]
    times = [t for t in times if (args.start is None or t >= args.start) and (args.end is None or t <= args.end)]
    if not times:
        sys.exit("render.py: no snapshot between --start and --end")

    steps = len(reader.TimestepValues) or 1
    names = grid_names(xmf)
    patches = [name.split("/")[0] for name in names if name.endswith("/lattice")]
    patch = args.patch or (patches[0] if patches else None)
    if patch not in patches:
        sys.exit("render.py: no patch %r (patches: %s)" % (patch, ", ".join(patches)))
    # Kinds in the order the model created them (their "kind" index), as listed in the first
    # snapshot where each has agents.
    kind_names = [name.split("/", 1)[1] for name in names if name.startswith(patch + "/") and not name.endswith("/lattice")]

    view = pv.CreateView("RenderView")
    view.ViewSize = [width, height]
    view.ViewTime = times[0]
    view.Background = [1.0, 1.0, 1.0]
    view.OrientationAxesVisibility = 0
    try:
        view.UseColorPaletteForBackground = 0
    except AttributeError:
        pass

    lattice = pick(reader, [patch + "/lattice"], steps)
    lattice.UpdatePipeline(times[0])
    arrays = [lattice.CellData.GetArray(i).GetName() for i in range(lattice.CellData.GetNumberOfArrays())]
    field = args.field or next((a for a in arrays if a not in ("tissue", "occupancy")), "tissue")
    if field not in arrays:
        sys.exit("render.py: no lattice array %r (arrays: %s)" % (field, ", ".join(arrays)))

    # Its own filter: showing `lattice` again (volume mode) would reuse this representation.
    outline = pv.Show(pv.Outline(Input=lattice), view)
    outline.AmbientColor = outline.DiffuseColor = [0.3, 0.3, 0.3]

    lut = pv.GetColorTransferFunction(field)
    lut.ApplyPreset("Inferno (matplotlib)", True)
    lo, hi = field_range(lattice, field, times)
    lut.RescaleTransferFunction(lo, hi)
    lut.AutomaticRescaleRangeMode = "Never"
    if args.mode == "slice":
        bounds = lattice.GetDataInformation().GetBounds()
        cut = pv.Slice(Input=lattice)
        cut.SliceType = "Plane"
        cut.SliceType.Origin = [(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2, (bounds[4] + bounds[5]) / 2]
        cut.SliceType.Normal = [0.0, 0.0, 1.0]
        shown = pv.Show(cut, view)
        shown.Opacity = 0.85
    else:
        shown = pv.Show(lattice, view)
        shown.SetRepresentationType("Volume")
        # Opacity is per third of the lattice's depth (not per um), whatever the voxel size: a
        # hot spot is seen, and agents behind or inside it still show (function set below).
        b = lattice.GetDataInformation().GetBounds()
        shown.ScalarOpacityUnitDistance = builtins.max(b[1] - b[0], b[3] - b[2], b[5] - b[4]) / 3.0
    pv.ColorBy(shown, ("CELLS", field))
    if args.log:
        lo = builtins.max(lo, hi * 1e-4)
        lut.MapControlPointsToLogSpace()
        lut.UseLogScale = 1
    lut.RescaleTransferFunction(lo, hi)  # one colour scale for every frame
    if args.mode == "volume":
        # Translucent everywhere (0 at the lowest value, --opacity at the highest, rising fast at
        # first so that low values show): an opaque volume would hide the agents inside it.
        pv.GetOpacityTransferFunction(field).Points = [lo, 0.0, 0.5, 0.0, lo + 0.2 * (hi - lo), 0.5 * args.opacity,
                                                       0.5, 0.0, hi, args.opacity, 0.5, 0.0]
    shown.SetScalarBarVisibility(view, True)
    bar = pv.GetScalarBar(lut, view)
    bar.Title = with_units(field, array_units(xmf, patch + "/lattice", field))
    bar.TitleColor = bar.LabelColor = [0.1, 0.1, 0.1]

    if kind_names:
        agents = pick(reader, [patch + "/" + k for k in kind_names], steps)
        points = pv.Show(agents, view)
        points.SetRepresentationType("Points")
        points.PointSize = args.point_size
        points.RenderPointsAsSpheres = 1
        pv.ColorBy(points, ("POINTS", "kind"))
        kinds = pv.GetColorTransferFunction("kind")
        kinds.InterpretValuesAsCategories = 1
        annotations, colours = [], []
        for name in kind_names:
            index = kind_index(xmf, patch, name)
            annotations += [str(index), name]
            colours += KIND_COLOURS[index % len(KIND_COLOURS)]
        kinds.Annotations = annotations
        kinds.IndexedColors = colours
        points.SetScalarBarVisibility(view, True)
        kbar = pv.GetScalarBar(kinds, view)
        kbar.Title = "agents"
        kbar.TitleColor = kbar.LabelColor = [0.1, 0.1, 0.1]
        kbar.WindowLocation = "Upper Left Corner"

    label = pv.Text(Text="")
    label_display = pv.Show(label, view)
    label_display.Color = [0.1, 0.1, 0.1]
    label_display.WindowLocation = "Upper Center"

    # An oblique view of the lattice from below-front-left, z up.
    b = lattice.GetDataInformation().GetBounds()
    add_scale_bar(view, b)
    centre = [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2]
    diagonal = ((b[1] - b[0]) ** 2 + (b[3] - b[2]) ** 2 + (b[5] - b[4]) ** 2) ** 0.5
    direction = [0.45, -0.75, 0.5]
    norm = builtins.sum(c * c for c in direction) ** 0.5
    view.CameraFocalPoint = centre
    view.CameraPosition = [centre[i] + 1.9 * diagonal * direction[i] / norm for i in range(3)]
    view.CameraViewUp = [0.0, 0.0, 1.0]
    pv.Render(view)

    os.makedirs(args.out, exist_ok=True)
    for i, t in enumerate(times):
        view.ViewTime = t
        label.Text = "t = %g h" % (t / 60.0)
        pv.Render(view)
        path = os.path.join(args.out, "frame_%04d.png" % i)
        pv.SaveScreenshot(path, view, ImageResolution=[width, height])
        print("render.py: wrote", path)

    if args.movie:
        scene = pv.GetAnimationScene()
        scene.UpdateAnimationUsingDataTimeSteps()
        all_times = list(reader.TimestepValues)
        first, last = all_times.index(times[0]), all_times.index(times[-1])
        pv.SaveAnimation(args.movie, view, ImageResolution=[width, height], FrameWindow=[first, last])
        print("render.py: wrote", args.movie)


if __name__ == "__main__":
    main(sys.argv[1:])
