#include "engine/io/snapshot_writer.hpp"

#include <set>
#include <variant>

#include "engine/core/simulation.hpp"
#include "engine/fields/field_set.hpp"
#include "engine/io/hdf5_names.hpp"
#include "engine/io/hdf5_write.hpp"

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

template <class T>
ArrayLayout write_array(hid_t group, const std::string& name, std::span<const T> values,
                        std::vector<hsize_t> dims, int compression, std::string_view units) {
  h5::write_dataset<T>(group, name, values, std::move(dims), compression, units);
  const h5::XdmfNumber n = h5::xdmf_number(h5::native_type<T>());
  return {name, n.number_type, n.precision};
}

AgentGridLayout write_kind(hid_t agents_group, const Patch& patch, const AgentKind& kind,
                           int compression) {
  AgentGridLayout layout{link_name(patch.name()), link_name(kind.name()), kind.index(), kind.size(), {}};
  const h5::Handle g = h5::create_group(agents_group, link_name(kind.name()));
  h5::set_attribute(g.get(), "count", static_cast<std::uint64_t>(kind.size()));
  h5::set_attribute(g.get(), "kind_index", static_cast<std::int64_t>(kind.index()));
  const std::size_t n = kind.size();

  std::vector<double> position(3 * n);
  const auto voxels = kind.voxels();
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = patch.lattice().centre(voxels[i]);
    for (int a = 0; a < 3; ++a) position[3 * i + static_cast<std::size_t>(a)] = c[static_cast<std::size_t>(a)];
  }
  h5::write_dataset<double>(g.get(), "position", position, {n, 3}, compression, "um");

  const std::vector<std::uint8_t> kind_column(n, kind.index());
  layout.arrays.push_back(write_array<std::uint64_t>(g.get(), "id", kind.ids(), {n}, compression, "1"));
  layout.arrays.push_back(write_array<std::uint8_t>(g.get(), "kind", kind_column, {n}, compression, "1"));
  layout.arrays.push_back(write_array<std::uint8_t>(g.get(), "state", kind.states(), {n}, compression, "1"));
  Names names({"position", "id", "kind", "state"});
  for (const ColumnData& c : kind.columns()) {
    const std::string name = names.unique(link_name(c.name), "var_");
    std::visit([&](const auto& v) {
      using T = typename std::decay_t<decltype(v)>::value_type;
      layout.arrays.push_back(write_array<T>(g.get(), name, std::span<const T>(v), {n}, compression, c.units));
    }, c.values);
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
  layout.arrays.push_back(write_array<std::uint8_t>(g.get(), "tissue", patch.lattice().labels(), zyx, compression, "1"));
  layout.arrays.push_back(write_array<std::uint16_t>(g.get(), "occupancy", patch.occupancy().values(), zyx,
                                                     compression, "1"));
  Names names({"tissue", "occupancy"});
  if (const FieldSet* f = patch.fields()) {
    for (int s = 0; s < f->size(); ++s) {
      const std::string name = names.unique(link_name(f->spec(s).name), "field_");
      layout.arrays.push_back(write_array<double>(g.get(), name, f->values(s), zyx, compression, f->spec(s).units));
    }
  }
  for (const VoxelStateArray& a : patch.voxel_state().arrays()) {
    const std::string name = names.unique(link_name(a.name), "voxel_state_");
    layout.arrays.push_back(write_array<double>(g.get(), name, std::span<const double>(a.values), zyx,
                                                compression, a.units));
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
  return layout;
}

}  // namespace msabm
