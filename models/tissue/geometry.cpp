#include "models/tissue/geometry.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/fields/substance.hpp"

namespace msabm::tissue {

namespace {

int axis_of(const config::Section& s) {
  const std::string a = s.choice("direction", {"x", "y", "z"});
  return a == "x" ? 0 : a == "y" ? 1 : 2;
}

/// Distance (um) from point p to the segment a-b.
double distance_to_segment(const std::array<double, 3>& p, const std::array<double, 3>& a,
                           const std::array<double, 3>& b) {
  std::array<double, 3> ab{}, ap{};
  double len2 = 0, dot = 0;
  for (int i = 0; i < 3; ++i) {
    ab[i] = b[i] - a[i];
    ap[i] = p[i] - a[i];
    len2 += ab[i] * ab[i];
    dot += ab[i] * ap[i];
  }
  const double t = len2 > 0 ? std::clamp(dot / len2, 0.0, 1.0) : 0.0;
  double d2 = 0;
  for (int i = 0; i < 3; ++i) {
    const double d = ap[i] - t * ab[i];
    d2 += d * d;
  }
  return std::sqrt(d2);
}

int label_index(const Patch& patch, const char* name) {
  const auto& names = patch.label_names();
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

}  // namespace

Geometry read_geometry(const config::Section& s) {
  Geometry g;
  for (const config::Section& t : s.list("tracts")) {
    Tract tract;
    tract.axis = axis_of(t);
    // axons per mm^2 of cross-section, kept per um^2
    tract.axon_density = t.quantity("axon_density", "1/um^2", config::Range::positive());
    tract.region = t.has("region") ? read_region(t.section("region")) : Region{};
    g.tracts.push_back(tract);
  }
  if (g.tracts.empty()) s.fail("tracts", "white matter needs at least one axon tract");
  for (const config::Section& v : s.list("venules")) {
    Venule venule;
    venule.from = v.quantity3("from", "um");
    venule.to = v.quantity3("to", "um");
    venule.radius = v.quantity("radius", "um", config::Range::positive());
    venule.sheath = v.quantity("sheath", "um", "0 um", config::Range::non_negative());
    g.venules.push_back(venule);
  }
  if (s.has("csf")) {
    const config::Section c = s.section("csf");
    const std::string face = c.choice("face", {"x_min", "x_max", "y_min", "y_max", "z_min", "z_max"});
    g.csf.face = static_cast<int>(std::find(fields::kFaceNames.begin(), fields::kFaceNames.end(), face) -
                                  fields::kFaceNames.begin());
    g.csf.thickness = c.quantity("thickness", "um", config::Range::positive());
  }
  return g;
}

void build_geometry(const Geometry& g, TissueState& t, const config::Section& s) {
  Patch& patch = t.patch();
  Lattice& lattice = patch.lattice();
  const std::size_t n = lattice.voxel_count();
  const double h = lattice.voxel_size();
  t.white_matter = label_index(patch, "white_matter");
  t.venule = label_index(patch, "venule");
  t.perivascular = label_index(patch, "perivascular");
  t.csf = label_index(patch, "csf");
  const auto need = [&](int label, const char* name, const char* key) {
    if (label < 0) {
      s.fail(key, fmt::format("patch '{}' must declare the tissue label '{}' under lattice.tissue "
                              "(e.g. tissue: {{white_matter: {{}}, venule: {{}}, perivascular: {{}}, csf: {{}}}})",
                              patch.name(), name));
    }
  };
  need(t.white_matter, "white_matter", "tracts");
  if (!g.venules.empty()) need(t.venule, "venule", "venules");
  if (!g.venules.empty() && t.perivascular < 0 &&
      std::any_of(g.venules.begin(), g.venules.end(), [](const Venule& v) { return v.sheath > 0; })) {
    need(t.perivascular, "perivascular", "venules");
  }
  if (g.csf.face >= 0) need(t.csf, "csf", "csf");

  // Labels: white matter everywhere, then sheaths, venules and CSF painted over it. The nearest
  // venule voxel of each sheath voxel is the venule whose leak it shows.
  std::fill(lattice.labels().begin(), lattice.labels().end(), static_cast<std::uint8_t>(t.white_matter));
  t.leak_source.assign(n, kNoVoxel);
  for (VoxelIndex v = 0; v < n; ++v) {
    const auto x = lattice.centre(v);
    for (const Venule& venule : g.venules) {
      const double d = distance_to_segment(x, venule.from, venule.to);
      if (d <= venule.radius) {
        lattice.set_label(v, static_cast<std::uint8_t>(t.venule));
      } else if (d <= venule.radius + venule.sheath && lattice.label(v) != t.venule) {
        lattice.set_label(v, static_cast<std::uint8_t>(t.perivascular));
      }
    }
    if (g.csf.face >= 0) {
      const int axis = g.csf.face / 2;
      const double lo = lattice.shape().origin[axis];
      const double hi = lo + lattice.shape().dims[axis] * h;
      const bool inside = (g.csf.face % 2 == 0) ? x[axis] - lo < g.csf.thickness : hi - x[axis] < g.csf.thickness;
      if (inside) lattice.set_label(v, static_cast<std::uint8_t>(t.csf));
    }
  }
  // Venule voxels with a neighbour outside the vessel are the wall: cells cross there into the
  // sheath or, without one, into the parenchyma.
  t.venule_voxels.clear();
  t.entry_begin.assign(1, 0);
  t.entry_voxels.clear();
  for (VoxelIndex v = 0; v < n; ++v) {
    if (lattice.label(v) != t.venule) continue;
    const std::size_t before = t.entry_voxels.size();
    for (VoxelIndex w : lattice.neighbours(v)) {
      if (w == kNoVoxel) continue;
      const int l = lattice.label(w);
      if (l == t.perivascular || l == t.white_matter) t.entry_voxels.push_back(w);
    }
    if (t.entry_voxels.size() == before) continue;  // inner lumen
    t.venule_voxels.push_back(v);
    t.entry_begin.push_back(static_cast<std::uint32_t>(t.entry_voxels.size()));
  }
  // Leak: each venule wall voxel and the sheath voxels nearest to it.
  for (VoxelIndex v : t.venule_voxels) t.leak_source[v] = v;
  if (!t.venule_voxels.empty()) {
    for (VoxelIndex v = 0; v < n; ++v) {
      if (lattice.label(v) != t.perivascular) continue;
      const auto x = lattice.centre(v);
      double best = 1e300;
      for (VoxelIndex w : t.venule_voxels) {
        const auto y = lattice.centre(w);
        const double d = (x[0] - y[0]) * (x[0] - y[0]) + (x[1] - y[1]) * (x[1] - y[1]) + (x[2] - y[2]) * (x[2] - y[2]);
        if (d < best) {
          best = d;
          t.leak_source[v] = w;
        }
      }
    }
  }

  // Tracts: each white-matter voxel belongs to the last tract whose region holds it; a line is
  // the voxels of one tract along its axis through one (row, column) of the other two axes.
  std::vector<int> tract_of(n, -1);
  for (std::size_t k = 0; k < g.tracts.size(); ++k) {
    for (VoxelIndex v : g.tracts[k].region.voxels(lattice)) {
      if (lattice.label(v) == t.white_matter) tract_of[v] = static_cast<int>(k);
    }
  }
  auto axons = t.array(t.axons);
  auto axons0 = t.array(t.axons0);
  auto myelin = t.array(t.myelin);
  t.line_begin.assign(1, 0);
  t.line_voxels.clear();
  const std::array<int, 3> dims{lattice.nx(), lattice.ny(), lattice.nz()};
  for (std::size_t k = 0; k < g.tracts.size(); ++k) {
    const int a = g.tracts[k].axis;
    const int b = (a + 1) % 3, c = (a + 2) % 3;
    const double per_voxel = std::round(g.tracts[k].axon_density * h * h);
    for (int ic = 0; ic < dims[c]; ++ic) {
      for (int ib = 0; ib < dims[b]; ++ib) {
        const std::size_t before = t.line_voxels.size();
        for (int ia = 0; ia < dims[a]; ++ia) {
          std::array<int, 3> xyz{};
          xyz[a] = ia;
          xyz[b] = ib;
          xyz[c] = ic;
          const VoxelIndex v = lattice.index(xyz[0], xyz[1], xyz[2]);
          if (tract_of[v] != static_cast<int>(k)) continue;
          t.line_voxels.push_back(v);
          axons[v] = axons0[v] = per_voxel;
          myelin[v] = per_voxel > 0 ? 1.0 : 0.0;
        }
        if (t.line_voxels.size() > before) t.line_begin.push_back(static_cast<std::uint32_t>(t.line_voxels.size()));
      }
    }
  }
  if (FieldSet* fs = patch.fields()) fs->update_labels(lattice);
}

}  // namespace msabm::tissue
