"""Checks (under pvpython) that ParaView opens an msabm result.xmf as expected, or that a PNG
is not blank. Used by tests/io/paraview_test.sh.

    pvpython paraview_check.py XMF --steps N --agents patch/kind=N ... --lattice patch=NX,NY,NZ
                               --arrays a,b,c
    pvpython paraview_check.py --png FILE
"""
import argparse
import re
import sys

from paraview import simple as pv


def fail(message):
    print("paraview_check: FAILED: " + message)
    sys.exit(1)


def blocks_at(reader, t):
    """{name: dataset} of the reader's output at time t (names without the "[n]" suffix)."""
    reader.UpdatePipeline(t)
    data = pv.servermanager.Fetch(reader)
    out = {}
    it = data.NewIterator()
    it.InitTraversal()
    while not it.IsDoneWithTraversal():
        meta = it.GetCurrentMetaData()
        name = meta.Get(data.NAME()) if meta.Has(data.NAME()) else ""
        out[re.sub(r"\[\d+\]$", "", name)] = it.GetCurrentDataObject()
        it.GoToNextItem()
    return out


def check_xmf(args):
    # The default reader ParaView picks for .xmf must open it...
    default = pv.OpenDataFile(args.xmf)
    if default is None:
        fail("ParaView has no reader for " + args.xmf)
    default.UpdatePipeline(default.TimestepValues[-1])
    if default.GetDataInformation().GetNumberOfPoints() == 0:
        fail("the default reader read no points")
    # ...and the XDMF3 reader that keeps grid names gives the expected grids.
    reader = pv.Xdmf3ReaderT(FileName=[args.xmf])
    times = list(reader.TimestepValues)
    if len(times) != args.steps:
        fail("%d time steps, expected %d" % (len(times), args.steps))
    for t in (times[0], times[-1]):
        grids = blocks_at(reader, t)
        for spec in args.agents:
            name, count = spec.split("=")
            grid = grids.get(name)
            if grid is None and int(count) == 0:
                continue  # a kind without agents has no grid at that time
            if grid is None:
                fail("no grid %s at t = %g (grids: %s)" % (name, t, ", ".join(grids)))
            if grid.GetNumberOfPoints() != int(count) or grid.GetNumberOfCells() != int(count):
                fail("%s at t = %g: %d points, %d cells, expected %s of each" %
                     (name, t, grid.GetNumberOfPoints(), grid.GetNumberOfCells(), count))
            if int(count) > 0 and grid.GetPointData().GetArray("kind") is None:
                fail("%s has no 'kind' array" % name)
        for spec in args.lattice:
            patch, dims = spec.split("=")
            nx, ny, nz = (int(v) for v in dims.split(","))
            grid = grids.get(patch + "/lattice")
            if grid is None:
                fail("no grid %s/lattice" % patch)
            if tuple(grid.GetDimensions()) != (nx + 1, ny + 1, nz + 1) or grid.GetNumberOfCells() != nx * ny * nz:
                fail("lattice %s: point dimensions %s, expected %s" %
                     (patch, grid.GetDimensions(), (nx + 1, ny + 1, nz + 1)))
            if args.origin and tuple(round(v, 6) for v in grid.GetOrigin()) != tuple(args.origin):
                fail("lattice origin %s, expected %s" % (grid.GetOrigin(), args.origin))
            if args.spacing and tuple(grid.GetSpacing()) != (args.spacing,) * 3:
                fail("lattice spacing %s, expected %s" % (grid.GetSpacing(), args.spacing))
            cells = grid.GetCellData()
            names = [cells.GetArrayName(i) for i in range(cells.GetNumberOfArrays())]
            for wanted in args.arrays.split(","):
                if wanted not in names:
                    fail("lattice %s has no cell array %s (arrays: %s)" % (patch, wanted, ", ".join(names)))
    print("paraview_check: %s: %d time steps, grids as expected" % (args.xmf, len(times)))


def check_png(path):
    from vtkmodules.vtkIOImage import vtkPNGReader
    png = vtkPNGReader()
    if not png.CanReadFile(path):
        fail("not a readable PNG: " + path)
    png.SetFileName(path)
    png.Update()
    image = png.GetOutput()
    w, h, _ = image.GetDimensions()
    pixels = image.GetPointData().GetScalars()
    colours = set()
    for i in range(0, pixels.GetNumberOfTuples(), 7):
        colours.add(pixels.GetTuple(i)[:3])
    if w < 100 or h < 100 or len(colours) < 20:
        fail("%s looks blank: %dx%d pixels, %d colours" % (path, w, h, len(colours)))
    print("paraview_check: %s: %dx%d pixels, %d colours" % (path, w, h, len(colours)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("xmf", nargs="?")
    p.add_argument("--steps", type=int)
    p.add_argument("--agents", nargs="*", default=[])
    p.add_argument("--lattice", nargs="*", default=[])
    p.add_argument("--origin", type=lambda text: tuple(float(v) for v in text.split(",")))
    p.add_argument("--spacing", type=float)
    p.add_argument("--arrays", default="")
    p.add_argument("--png")
    args = p.parse_args()
    if args.png:
        check_png(args.png)
    if args.xmf:
        check_xmf(args)


main()
