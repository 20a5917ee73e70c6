#include "engine/fields/field_config.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "engine/units/quantity.hpp"

namespace msabm::fields {

namespace {

const std::vector<std::string> kKinds{"no_flux", "fixed", "periodic"};

BoundaryKind kind_of(const std::string& text) {
  if (text == "fixed") return BoundaryKind::fixed;
  if (text == "periodic") return BoundaryKind::periodic;
  return BoundaryKind::no_flux;
}

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

bool valid_name(const std::string& name) {
  if (name.empty() || name == "solver") return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
  });
}

/// Reads a value in declared units (the config gives it with any unit of the same dimension).
double declared_value(const config::Section& s, std::string_view key, const std::string& units,
                      double factor, const char* default_text = nullptr) {
  const double internal = default_text != nullptr
                              ? s.quantity(key, units, default_text, config::Range::non_negative())
                              : s.quantity(key, units, config::Range::non_negative());
  return internal / factor;
}

std::array<double, 3> read_point(const config::Section& s, std::string_view key) {
  if (!s.has(key))
    s.fail(key,
           "required key is missing (expected a position such as "
           "[\"10 um\", \"20 um\", \"30 um\"])");
  return s.quantity3(key, "um", "0 um");
}

void read_sources(const config::Section& sec, const Lattice& lattice, const std::string& units,
                  double factor, SubstanceSpec& spec) {
  const std::string runit = rate_unit(units);
  for (const config::Section& src : sec.list("sources")) {
    const bool has_pos = src.has("position");
    const bool has_voxel = src.has("voxel");
    const bool has_line = src.has("from") || src.has("to");
    if (static_cast<int>(has_pos) + static_cast<int>(has_voxel) + static_cast<int>(has_line) != 1)
      src.fail("", "a source needs exactly one of: position, voxel, or from + to");
    const double rate = src.quantity("rate", runit) / factor;
    if (has_voxel) {
      const auto v = src.integer3("voxel", {0, 0, 0}, 0, std::numeric_limits<int>::max());
      const int i = static_cast<int>(v[0]);
      const int j = static_cast<int>(v[1]);
      const int k = static_cast<int>(v[2]);
      if (!lattice.contains(i, j, k)) {
        src.fail("voxel", fmt::format("voxel [{}, {}, {}] is outside the lattice ({} x {} x {})", i,
                                      j, k, lattice.nx(), lattice.ny(), lattice.nz()));
      }
      spec.sources.push_back({lattice.index(i, j, k), rate});
    } else if (has_pos) {
      const auto p = read_point(src, "position");
      const VoxelIndex v = lattice.voxel_at(p);
      if (v == kNoVoxel) src.fail("position", "position is outside the lattice");
      spec.sources.push_back({v, rate});
    } else {
      const auto a = read_point(src, "from");
      const auto b = read_point(src, "to");
      const double len = std::hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
      // Midpoints of segments of at most 1/8 voxel; each carries an equal share of the rate.
      const auto pieces =
          static_cast<std::size_t>(std::max(1.0, std::ceil(8.0 * len / lattice.voxel_size())));
      std::vector<PointSource> line;
      for (std::size_t q = 0; q < pieces; ++q) {
        const double t = (static_cast<double>(q) + 0.5) / static_cast<double>(pieces);
        const std::array<double, 3> x{a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]),
                                      a[2] + t * (b[2] - a[2])};
        const VoxelIndex v = lattice.voxel_at(x);
        if (v == kNoVoxel) src.fail("to", "the line source leaves the lattice");
        const double share = rate / static_cast<double>(pieces);
        if (!line.empty() && line.back().voxel == v) {
          line.back().rate += share;
        } else {
          line.push_back({v, share});
        }
      }
      spec.sources.insert(spec.sources.end(), line.begin(), line.end());
    }
  }
}

void read_boundary(const config::Section& sec, const Lattice& lattice, const std::string& units,
                   double factor, SubstanceSpec& spec) {
  const config::Section b = sec.section("boundary");
  const std::string all = b.choice("type", "no_flux", kKinds);
  const bool has_value = b.has("value");
  const double all_value = has_value ? declared_value(b, "value", units, factor) : 0.0;
  for (std::size_t f = 0; f < 6; ++f) {
    const std::string_view face = kFaceNames[f];
    FaceBoundary fb{kind_of(all), all_value};
    bool value_given = has_value;
    if (b.has(face)) {
      const config::Section fs = b.section(face);
      fs.shared_structure("face");
      fb.kind = kind_of(fs.choice("type", all, kKinds));
      if (fs.has("value")) {
        fb.value = declared_value(fs, "value", units, factor);
        value_given = true;
      }
      if (fb.kind == BoundaryKind::fixed && !value_given)
        fs.fail("type", "a fixed boundary needs a value (here or as boundary.value)");
    } else if (fb.kind == BoundaryKind::fixed && !value_given) {
      b.fail("type", "a fixed boundary needs a value (boundary.value)");
    }
    spec.boundary[f] = fb;
  }
  for (int axis = 0; axis < 3; ++axis) {
    const auto lo = static_cast<std::size_t>(2 * axis);
    const bool plo = spec.boundary[lo].kind == BoundaryKind::periodic;
    const bool phi = spec.boundary[lo + 1].kind == BoundaryKind::periodic;
    const std::string_view key = b.has(kFaceNames[lo]) ? kFaceNames[lo] : kFaceNames[lo + 1];
    if (plo != phi) {
      b.fail(b.has(key) ? key : "type",
             fmt::format("periodic boundaries must be set on both {} and {}", kFaceNames[lo],
                         kFaceNames[lo + 1]));
    }
    if (plo && lattice.shape().dims[static_cast<std::size_t>(axis)] < 3) {
      b.fail(b.has(key) ? key : "type", "a periodic axis needs at least 3 voxels");
    }
  }
}

SubstanceSpec read_one(const config::Section& fields, const std::string& name,
                       const Lattice& lattice, const std::vector<std::string>& label_names) {
  const config::Section sec = fields.section(name);
  if (!valid_name(name)) {
    fields.fail(name, "a field name uses only letters, digits, '_' and '-' (and is not 'solver')");
  }
  SubstanceSpec spec;
  spec.name = name;
  spec.units = trim(sec.string("units", "1/um^3"));
  double factor = 1.0;
  try {
    factor = units::parse_unit(spec.units).value;
  } catch (const units::UnitError& e) {
    sec.fail("units", e.what());
  }
  if (spec.units.empty() || !(factor > 0.0)) sec.fail("units", "expected a unit such as '1/um^3'");
  spec.diffusion = sec.quantity("diffusion", "um^2/min", config::Range::non_negative());
  spec.decay = sec.quantity("decay", "1/min", "0 1/min", config::Range::non_negative());
  const std::string zero = "0 " + spec.units;
  spec.initial = declared_value(sec, "initial", spec.units, factor, zero.c_str());
  spec.quiet_below = declared_value(sec, "quiet_below", spec.units, factor, zero.c_str());
  read_boundary(sec, lattice, spec.units, factor, spec);

  const config::Section df = sec.section("diffusion_factor");
  for (const std::string& label : df.keys()) {
    const auto it = std::find(label_names.begin(), label_names.end(), label);
    if (it == label_names.end()) {
      std::string known;
      for (const auto& l : label_names) known += (known.empty() ? "" : ", ") + l;
      df.fail(label, fmt::format("unknown tissue label '{}' (labels of this patch: {})", label,
                                 known.empty() ? "none" : known));
    }
    const auto id = static_cast<std::size_t>(it - label_names.begin());
    if (spec.label_factor.size() <= id) spec.label_factor.resize(id + 1, 1.0);
    spec.label_factor[id] = df.number(label, config::Range::non_negative());
  }
  read_sources(sec, lattice, spec.units, factor, spec);
  return spec;
}

}  // namespace

std::string rate_unit(const std::string& units) {
  const std::string u = trim(units);
  const auto slash = u.find('/');
  if (slash == std::string::npos) return u + "*um^3/min";
  const std::string num = trim(std::string_view(u).substr(0, slash));
  const std::string den = trim(std::string_view(u).substr(slash + 1));
  if (den == "um^3") return num + "/min";
  return (num == "1" ? std::string("um^3") : num + "*um^3") + "/" + den + "*min";
}

std::vector<SubstanceSpec> read_substances(const config::Section& fields, const Lattice& lattice,
                                           const std::vector<std::string>& label_names) {
  std::vector<SubstanceSpec> out;
  for (const std::string& name : fields.keys()) {
    if (name == "solver") continue;
    out.push_back(read_one(fields, name, lattice, label_names));
  }
  return out;
}

FieldSolverParams read_field_solver(const config::Section& fields) {
  const config::Section s = fields.section("solver");
  FieldSolverParams p;
  const std::string scheme =
      s.choice("scheme", "auto", {"auto", "douglas", "lod", "explicit", "spectral"});
  p.scheme = scheme == "douglas"    ? FieldScheme::douglas
             : scheme == "lod"      ? FieldScheme::lod
             : scheme == "explicit" ? FieldScheme::explicit_euler
             : scheme == "spectral" ? FieldScheme::spectral
                                    : FieldScheme::automatic;
  p.theta = s.number("theta", 1.0, config::Range::closed(0.5, 1.0));
  p.max_substep = s.quantity("max_substep", "min", "0 min", config::Range::non_negative());
  p.max_stiffness = s.number("max_stiffness", 1.0, config::Range::non_negative());
  p.max_uptake_exposure = s.number("max_uptake_exposure", 10.0, config::Range::non_negative());
  return p;
}

FieldsConfig read_fields(const config::Section& fields, const Lattice& lattice,
                         const std::vector<std::string>& label_names) {
  FieldsConfig c;
  c.substances = read_substances(fields, lattice, label_names);
  c.solver = read_field_solver(fields);
  return c;
}

}  // namespace msabm::fields
