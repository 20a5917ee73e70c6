#include "engine/run/readout_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>

#include "engine/core/region.hpp"
#include "engine/fields/field_set.hpp"
#include "engine/run/crossing_readout.hpp"
#include "engine/run/named_lookup.hpp"
#include "engine/units/quantity.hpp"

namespace msabm {

namespace {

/// The voxels of a region in one patch: found once per patch (by uid, so a patch removed and
/// created again under the same name is measured afresh), kept as a list and a mask.
class RegionVoxels {
 public:
  explicit RegionVoxels(Region region) : region_(region) {}
  [[nodiscard]] bool everywhere() const { return region_.shape == Region::Shape::Everywhere; }
  const std::vector<VoxelIndex>& list(const Patch& p) {
    refresh(p);
    return list_;
  }
  const std::vector<std::uint8_t>& mask(const Patch& p) {
    refresh(p);
    return mask_;
  }

 private:
  void refresh(const Patch& p) {
    if (uid_ == p.uid() && mask_.size() == p.lattice().voxel_count()) return;
    uid_ = p.uid();
    list_ = region_.voxels(p.lattice());
    mask_.assign(p.lattice().voxel_count(), 0);
    for (const VoxelIndex v : list_) mask_[v] = 1;
  }
  Region region_;
  std::uint32_t uid_ = 0xFFFFFFFF;
  std::vector<VoxelIndex> list_;
  std::vector<std::uint8_t> mask_;
};

/// `region:` of a readout (default: the whole patch); an error at `region` when it holds no
/// voxel centre of the patch (a typo in its coordinates would otherwise read 0 for ever).
std::shared_ptr<RegionVoxels> read_readout_region(const config::Section& s, const Patch& patch) {
  const Region region = read_region(s.section("region"));
  auto voxels = std::make_shared<RegionVoxels>(region);
  if (voxels->list(patch).empty()) {
    const Lattice& l = patch.lattice();
    const auto lo = l.centre(VoxelIndex{0});
    const auto hi = l.centre(static_cast<VoxelIndex>(l.voxel_count() - 1));
    s.fail("region", fmt::format("holds no voxel centre of patch '{}' (its voxel centres span x {}..{} um, "
                                 "y {}..{} um, z {}..{} um)",
                                 patch.name(), lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]));
  }
  return voxels;
}

/// `state:` as a name the kind's model gives its states, or as a code; -1 when absent (all).
int read_state(const config::Section& s, const AgentKind& kind) {
  const config::Node node = s.node("state");
  if (!node.present()) return -1;
  const std::string& text = node.text("a state name or code");
  const auto& names = kind.state_names();
  if (const auto code = units::parse_number(text)) {
    const double limit = names.empty() ? 255.0 : static_cast<double>(names.size()) - 1;
    if (*code < 0 || *code > limit || *code != static_cast<double>(static_cast<int>(*code))) {
      node.fail(fmt::format("state code {} of kind '{}' is not one of 0..{}{}", text, kind.name(), limit,
                            names.empty() ? "" : " (" + names_or_none(names) + ")"));
    }
    return static_cast<int>(*code);
  }
  const auto it = std::find(names.begin(), names.end(), text);
  if (it == names.end()) {
    node.fail(names.empty() ? fmt::format("kind '{}' names no states; give a state code (0..255)", kind.name())
                            : fmt::format("kind '{}' has no state '{}' (states: {})", kind.name(), text,
                                          names_or_none(names)));
  }
  return static_cast<int>(it - names.begin());
}

void kind_count_readout(const config::Section& s, Simulation& sim, const std::string& name) {
  Patch& patch = patch_named(s, sim);
  const AgentKind& kind = kind_named(s, patch);
  const int state = read_state(s, kind);
  const auto region = read_readout_region(s, patch);
  const bool whole = region->everywhere();
  sim.add_readout({name, "1", [patch_name = patch.name(), kind_name = kind.name(), state, whole, region](const Simulation& sm) {
                     const Patch* p = sm.find_patch(patch_name);
                     const AgentKind* k = p == nullptr ? nullptr : p->find_kind(kind_name);
                     if (k == nullptr) return 0.0;
                     if (state < 0 && whole) return static_cast<double>(k->size());
                     const auto states = k->states();
                     const auto voxels = k->voxels();
                     const auto& inside = region->mask(*p);
                     std::size_t n = 0;
                     for (std::size_t i = 0; i < k->size(); ++i) {
                       n += (state < 0 || states[i] == state) && inside[voxels[i]] != 0 ? 1 : 0;
                     }
                     return static_cast<double>(n);
                   }});
}

/// mean, max, min, or the sum over the region's voxels (times `volume` for an integral).
double reduce(std::span<const double> values, const std::vector<VoxelIndex>& voxels, const std::string& measure,
              double volume) {
  if (measure == "max" || measure == "min") {
    double m = measure == "max" ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    for (const VoxelIndex v : voxels) m = measure == "max" ? std::max(m, values[v]) : std::min(m, values[v]);
    return m;
  }
  double sum = 0;  // in voxel order: the same for any thread count
  for (const VoxelIndex v : voxels) sum += values[v];
  if (measure == "mean") return sum / static_cast<double>(voxels.size());
  return sum * volume;
}

/// The units of a field's integral: declared units x um^3 ("molecules/um^3" -> "molecules").
std::string integral_units(const std::string& units) {
  constexpr std::string_view per_volume = "/um^3";
  if (units.size() > per_volume.size() && units.ends_with(per_volume)) {
    return units.substr(0, units.size() - per_volume.size());
  }
  return units + " um^3";
}

void field_readout(const config::Section& s, Simulation& sim, const std::string& name) {
  Patch& patch = patch_named(s, sim);
  const FieldSet* fields = patch.fields();
  const std::string field = s.string("field");
  if (fields == nullptr || fields->index_of(field) < 0) {
    std::vector<std::string> known;
    if (fields != nullptr) {
      for (const auto& spec : fields->specs()) known.push_back(spec.name);
    }
    s.fail("field", fmt::format("patch '{}' has no field '{}' (fields: {})", patch.name(), field, names_or_none(known)));
  }
  const std::string measure = s.choice("measure", "mean", {"mean", "max", "min", "integral"});
  const std::string& field_units = fields->spec(fields->index_of(field)).units;
  const std::string units = measure == "integral" ? integral_units(field_units) : field_units;
  const auto region = read_readout_region(s, patch);
  sim.add_readout({name, units, [patch_name = patch.name(), field, measure, region](const Simulation& sm) {
                     const Patch* p = sm.find_patch(patch_name);
                     const FieldSet* f = p == nullptr ? nullptr : p->fields();
                     const int index = f == nullptr ? -1 : f->index_of(field);
                     if (index < 0) return 0.0;
                     const double h = p->lattice().voxel_size();
                     return reduce(f->values(index), region->list(*p), measure, h * h * h);
                   }});
}

void voxel_array_readout(const config::Section& s, Simulation& sim, const std::string& name) {
  Patch& patch = patch_named(s, sim);
  const std::string array = s.string("array");
  const auto& arrays = patch.voxel_state().arrays();
  const auto it = std::find_if(arrays.begin(), arrays.end(), [&](const VoxelStateArray& a) { return a.name == array; });
  if (it == arrays.end()) {
    std::vector<std::string> known;
    for (const auto& a : arrays) known.push_back(a.name);
    s.fail("array", fmt::format("patch '{}' has no voxel array '{}' (arrays: {})", patch.name(), array,
                                names_or_none(known)));
  }
  const std::string measure = s.choice("measure", "total", {"total", "mean", "max", "min"});
  const auto region = read_readout_region(s, patch);
  sim.add_readout({name, it->units, [patch_name = patch.name(), array, measure, region](const Simulation& sm) {
                     const Patch* p = sm.find_patch(patch_name);
                     if (p == nullptr) return 0.0;
                     for (const auto& a : p->voxel_state().arrays()) {
                       if (a.name == array) return reduce(a.values, region->list(*p), measure, 1.0);
                     }
                     return 0.0;
                   }});
}

void table_total_readout(const config::Section& s, Simulation& sim, const std::string& name) {
  const std::string table_name = s.string("table");
  const SystemicTable* table = sim.find_table(table_name);
  if (table == nullptr) {
    std::vector<std::string> known;
    for (const auto& t : sim.tables()) known.push_back(t->name());
    s.fail("table", fmt::format("no systemic table named '{}' (tables: {})", table_name, names_or_none(known)));
  }
  std::vector<std::string> columns;
  for (std::size_t c = 0; c < table->column_count(); ++c) columns.push_back(table->column_spec(c).name);
  const std::size_t column = table->column_index(s.choice("column", columns));
  // One row (rows come and go while the run goes on: 0 while the key has none), or all.
  const std::optional<std::uint64_t> key =
      s.has("key") ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(s.integer("key", 0, 0)))
                   : std::nullopt;
  sim.add_readout({name, table->column_spec(column).units, [table, column, key](const Simulation&) {
                     if (!key) return table->total(column);
                     const auto row = table->find(*key);
                     return row ? table->value(*row, column) : 0.0;
                   }});
}

}  // namespace

const Readout& readout_named(const config::Section& s, std::string_view key, const Simulation& sim) {
  const std::string name = s.string(key);
  const Readout* r = sim.find_readout(name);
  if (r == nullptr) {
    std::vector<std::string> known;
    for (const auto& x : sim.readouts()) known.push_back(x.name);
    s.fail(key, fmt::format("no readout named '{}' (defined before this point: {}; the models' own come "
                            "first, then `readouts:` in file order)",
                            name, names_or_none(known)));
  }
  return *r;
}

double threshold_in(const config::Section& s, std::string_view key, const std::string& units) {
  if (units == "1") return s.number(key);
  bool known = true;
  try {
    (void)units::parse_unit(units);
  } catch (const units::UnitError&) {
    known = false;  // a count the unit system does not name ("axons", "lesions")
  }
  const config::Node node = s.node(key);
  if (known) return node.measure_in(units);
  const units::WrittenQuantity q = node.measure();
  if (!q.unit.empty() && q.unit != units) node.fail(fmt::format("expected a number of {}", units));
  return q.number;
}

void register_engine_readouts(Registry& registry) {
  registry.add_readout("kind_count", kind_count_readout);
  registry.add_readout("field", field_readout);
  registry.add_readout("voxel_array", voxel_array_readout);
  registry.add_readout("table_total", table_total_readout);
  registry.add_readout("crossing_time", crossing_time_readout);
}

}  // namespace msabm
