#include "engine/io/snapshot_writer.hpp"

#include <algorithm>
#include <set>
#include <variant>

#include "engine/core/simulation.hpp"
#include "engine/io/hdf5_names.hpp"
#include "engine/io/hdf5_write.hpp"
#include "engine/io/state_hdf5.hpp"

namespace msabm {

namespace {

using h5::link_name;

/// Keeps array names unique within one grid (a model variable called "state", a voxel state
/// called like a field): later arrays get a prefix.
class Names {
 public:
  explicit Names(std::set<std::string> taken) : taken_(std::move(taken)) {}
  std::string unique(const std::string& name, const std::string& prefix) {
    std::string out = name;
    while (!taken_.insert(out).second) out = prefix + out;
    return out;
  }

 private:
  std::set<std::string> taken_;
};

ArrayLayout write_item(hid_t group, const std::string& name, const StateItem& item, std::vector<hsize_t> dims,
                       int compression) {
  h5::write_raw(group, name, h5::native_type(item.type), item.data, dims, compression, item.units);
  const h5::XdmfNumber n = h5::xdmf_number(h5::native_type(item.type));
  return {name, n.number_type, n.precision, std::string(item.units)};
}

/// Collects the items of one role set, with names and units copied (the walk's temporaries
/// are gone after it) and data pointing at the live arrays.
class Collector final : public PathVisitor {
 public:
  struct Entry {
    std::string name;   ///< array name: the item's, or its group's for fields ("oxygen")
    std::string units;
    StateItem item;
  };
  explicit Collector(std::vector<StateRole> roles) : roles_(std::move(roles)) {}
  std::vector<Entry> entries;

 protected:
  void on_item(const std::string& /*path*/, StateItem& item) override {
    if (std::find(roles_.begin(), roles_.end(), item.role) == roles_.end()) return;
    std::string name(item.name);
    if (item.role == StateRole::Field) {  // fields/<substance>/values
      const std::string& g = group_path();
      name = g.substr(g.rfind('/') + 1);
    }
    entries.push_back({name, std::string(item.units), item});
  }

 private:
  std::vector<StateRole> roles_;
};

/// "healthy,stressed,new" (names hold no commas: they are YAML keys and C++ identifiers).
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

AgentGridLayout write_kind(hid_t agents_group, const Patch& patch, const AgentKind& kind,
                           int compression) {
  AgentGridLayout layout{link_name(patch.name()), link_name(kind.name()), kind.index(), kind.size(), {},
                         kind.state_names()};
  const h5::Handle g = h5::create_group(agents_group, link_name(kind.name()));
  h5::set_attribute(g.get(), "count", static_cast<std::uint64_t>(kind.size()));
  h5::set_attribute(g.get(), "kind_index", static_cast<std::int64_t>(kind.index()));
  if (!kind.state_names().empty()) h5::set_attribute(g.get(), "state_names", join_names(kind.state_names()));
  const std::size_t n = kind.size();

  std::vector<double> position(3 * n);
  const auto voxels = kind.voxels();
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = patch.lattice().centre(voxels[i]);
    for (int a = 0; a < 3; ++a) position[3 * i + static_cast<std::size_t>(a)] = c[static_cast<std::size_t>(a)];
  }
  h5::write_dataset<double>(g.get(), "position", position, {n, 3}, compression, "um");
  std::vector<std::uint8_t> kind_column(n, kind.index());
  StateItem kind_item{"kind", "1", StateRole::AgentColumn, ElementType::U8, kind_column.data(), n};
  layout.arrays.push_back(write_item(g.get(), "kind", kind_item, {n}, compression));

  // Every per-agent array the kind lists in its state (id, voxel, state, model variables).
  Collector columns({StateRole::AgentColumn});
  const_cast<AgentKind&>(kind).visit_state(columns, patch.lattice().voxel_count());
  Names names({"position", "kind"});
  for (const auto& e : columns.entries) {
    const std::string name = names.unique(link_name(e.name), "var_");
    layout.arrays.push_back(write_item(g.get(), name, e.item, {n}, compression));
  }
  return layout;
}

LatticeGridLayout write_lattice(hid_t patch_group, const Patch& patch, int compression) {
  const LatticeShape& shape = patch.lattice().shape();
  LatticeGridLayout layout{link_name(patch.name()), shape.dims, shape.voxel_size, shape.origin, {}};
  const h5::Handle g = h5::create_group(patch_group, "lattice");
  const std::array<std::int64_t, 3> dims{shape.dims[0], shape.dims[1], shape.dims[2]};
  h5::set_attribute_array<std::int64_t>(g.get(), "dims", dims);
  h5::set_attribute(g.get(), "voxel_size", shape.voxel_size);
  h5::set_attribute_array<double>(g.get(), "origin", shape.origin);
  h5::set_attribute(g.get(), "length_units", "um");
  std::string labels;
  for (const auto& l : patch.label_names()) labels += (labels.empty() ? "" : ",") + l;
  h5::set_attribute(g.get(), "tissue_labels", labels);

  const std::vector<hsize_t> zyx{static_cast<hsize_t>(shape.dims[2]), static_cast<hsize_t>(shape.dims[1]),
                                 static_cast<hsize_t>(shape.dims[0])};
  // Every per-voxel array the patch lists (labels, occupancy, model voxel state, fields).
  Collector arrays({StateRole::VoxelArray, StateRole::Field});
  visit_const(patch, arrays);
  Names names({});
  for (const auto& e : arrays.entries) {
    const std::string prefix = e.item.role == StateRole::Field ? "field_" : "voxel_state_";
    layout.arrays.push_back(write_item(g.get(), names.unique(link_name(e.name), prefix), e.item, zyx, compression));
  }
  return layout;
}

}  // namespace

SnapshotLayout write_snapshot(hid_t file, const std::string& name, const Simulation& sim,
                              int compression) {
  SnapshotLayout layout{name, sim.time(), sim.tick(), {}, {}};
  const h5::Handle snap = h5::create_group(file, snapshot_path(name));
  h5::set_attribute(snap.get(), "time", sim.time());
  h5::set_attribute(snap.get(), "time_units", "min");
  h5::set_attribute(snap.get(), "tick", sim.tick());
  for (const Patch& patch : sim.patches()) {
    const h5::Handle pg = h5::create_group(snap.get(), link_name(patch.name()));
    if (!patch.kinds().empty()) {
      const h5::Handle agents = h5::create_group(pg.get(), "agents");  // kinds keep their order
      for (const auto& kind : patch.kinds()) layout.agents.push_back(write_kind(agents.get(), patch, *kind, compression));
    }
    layout.lattices.push_back(write_lattice(pg.get(), patch, compression));
  }
  if (!sim.tables().empty()) {
    // Systemic tables as they stand, generically (keys and columns).
    const h5::Handle tables = h5::create_group(snap.get(), "systemic_tables");
    h5::StateWriter writer(tables.get(), compression);
    for (const auto& t : sim.tables()) visit_const(*t, writer);
  }
  return layout;
}

}  // namespace msabm
