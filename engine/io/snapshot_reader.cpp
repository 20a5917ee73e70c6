#include "engine/io/snapshot_reader.hpp"

#include <sstream>

#include "engine/io/hdf5_read.hpp"

namespace msabm {

namespace {

ArrayLayout array_layout(hid_t group, const std::string& name) {
  const h5::Handle d = h5::open_dataset(group, name);
  const h5::Handle type = h5::datatype(H5Dget_type(d.get()), name);
  const h5::XdmfNumber n = h5::xdmf_number(type.get());
  return {name, n.number_type, n.precision,
          h5::has_attribute(d.get(), "units") ? h5::string_attribute(d.get(), "units") : std::string()};
}

}  // namespace

SnapshotLayout read_snapshot_layout(hid_t file, const std::string& name) {
  SnapshotLayout s;
  s.name = name;
  const h5::Handle snap = h5::open_group(file, snapshot_path(name));
  s.time = h5::attribute<double>(snap.get(), "time");
  s.tick = h5::attribute<std::int64_t>(snap.get(), "tick");
  for (const std::string& patch : h5::members(snap.get())) {
    const h5::Handle pg = h5::open_group(snap.get(), patch);
    if (!h5::exists(pg.get(), "lattice")) continue;  // systemic_tables: not a patch
    if (h5::exists(pg.get(), "agents")) {
      const h5::Handle agents = h5::open_group(pg.get(), "agents");
      for (const std::string& kind : h5::members(agents.get())) {
        const h5::Handle kg = h5::open_group(agents.get(), kind);
        AgentGridLayout g{patch, kind, h5::attribute<std::int64_t>(kg.get(), "kind_index"), 0, {}, {}};
        if (h5::has_attribute(kg.get(), "state_names")) {
          std::stringstream names(h5::string_attribute(kg.get(), "state_names"));
          for (std::string n; std::getline(names, n, ',');) g.state_names.push_back(n);
        }
        const auto dims = h5::shape(h5::open_dataset(kg.get(), "position").get());
        if (dims.size() != 2 || dims[1] != 3) throw h5::Error("bad position array in " + name);
        g.count = dims[0];
        for (const std::string& array : h5::members(kg.get())) {
          if (array != "position") g.arrays.push_back(array_layout(kg.get(), array));
        }
        s.agents.push_back(std::move(g));
      }
    }
    const h5::Handle lg = h5::open_group(pg.get(), "lattice");
    LatticeGridLayout g;
    g.patch = patch;
    const auto dims = h5::array_attribute<std::int64_t>(lg.get(), "dims", 3);
    for (std::size_t a = 0; a < 3; ++a) g.dims[a] = static_cast<int>(dims[a]);
    g.voxel_size = h5::attribute<double>(lg.get(), "voxel_size");
    const auto origin = h5::array_attribute<double>(lg.get(), "origin", 3);
    for (std::size_t a = 0; a < 3; ++a) g.origin[a] = origin[a];
    for (const std::string& array : h5::members(lg.get())) g.arrays.push_back(array_layout(lg.get(), array));
    s.lattices.push_back(std::move(g));
  }
  return s;
}

std::vector<SnapshotLayout> read_snapshot_layouts(hid_t file) {
  std::vector<SnapshotLayout> out;
  if (!h5::exists(file, "snapshots")) return out;
  const h5::Handle g = h5::open_group(file, "/snapshots");
  for (const std::string& name : h5::members(g.get())) out.push_back(read_snapshot_layout(file, name));
  return out;
}

}  // namespace msabm
