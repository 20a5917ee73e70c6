#include "engine/io/checkpoint_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>
#include <variant>

#include "engine/core/simulation.hpp"
#include "engine/fields/field_set.hpp"
#include "engine/io/file_format.hpp"
#include "engine/io/checkpoint_seal.hpp"
#include "engine/io/hdf5_file_image.hpp"
#include "engine/io/output_dir.hpp"
#include "engine/io/hdf5_write.hpp"
#include "engine/version.hpp"

namespace msabm {

namespace {

namespace fs = std::filesystem;

void write_scheduler(hid_t state, const Scheduler& scheduler) {
  const h5::Handle g = h5::create_group(state, "scheduler");
  h5::set_attribute(g.get(), "next_event", static_cast<std::uint64_t>(scheduler.next_event()));
  std::string names;
  std::vector<std::int64_t> runs;
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint8_t> bytes;
  for (const auto& e : scheduler.processes()) {
    names += e.name + "\n";
    runs.push_back(e.runs);
    const std::vector<std::uint8_t> b = e.process->save_state();
    bytes.insert(bytes.end(), b.begin(), b.end());
    offsets.push_back(bytes.size());
  }
  h5::set_attribute(g.get(), "process_names", names);
  h5::write_vector<std::int64_t>(g.get(), "runs", runs, 0, "1");
  h5::write_vector<std::uint64_t>(g.get(), "state_offsets", offsets, 0, "bytes");
  h5::write_vector<std::uint8_t>(g.get(), "state_bytes", bytes, 0, "bytes");
}

void write_fields(hid_t patch_group, const FieldSet& fields) {
  for (int s = 0; s < fields.size(); ++s) {
    const h5::Handle g = h5::create_group(patch_group, "fields/" + std::to_string(s));
    h5::set_attribute(g.get(), "name", fields.spec(s).name);
    h5::set_attribute(g.get(), "units", fields.spec(s).units);
    h5::write_vector<double>(g.get(), "values", fields.values(s), 0, fields.spec(s).units);
    const auto pending = fields.pending(s);
    std::vector<VoxelIndex> voxel;
    std::vector<double> secretion, uptake;
    for (const fields::AgentTerm& t : pending) {
      voxel.push_back(t.voxel);
      secretion.push_back(t.secretion);
      uptake.push_back(t.uptake);
    }
    h5::write_vector<VoxelIndex>(g.get(), "pending_voxel", voxel, 0, "1");
    h5::write_vector<double>(g.get(), "pending_secretion", secretion, 0, fields.spec(s).units + " um^3/min");
    h5::write_vector<double>(g.get(), "pending_uptake", uptake, 0, "1/min");
  }
}

void write_kind(hid_t patch_group, std::size_t index, const AgentKind& kind) {
  const h5::Handle g = h5::create_group(patch_group, "kind/" + std::to_string(index));
  h5::set_attribute(g.get(), "name", kind.name());
  h5::set_attribute(g.get(), "next_serial", kind.next_serial());
  h5::write_vector<std::uint64_t>(g.get(), "id", kind.ids(), 0, "1");
  h5::write_vector<VoxelIndex>(g.get(), "voxel", kind.voxels(), 0, "1");
  h5::write_vector<std::uint8_t>(g.get(), "state", kind.states(), 0, "1");
  const h5::Handle columns = h5::create_group(g.get(), "columns");
  for (std::size_t c = 0; c < kind.columns().size(); ++c) {
    const ColumnData& column = kind.columns()[c];
    const std::string name = std::to_string(c);
    std::visit([&](const auto& v) {
      using T = typename std::decay_t<decltype(v)>::value_type;
      h5::write_vector<T>(columns.get(), name, std::span<const T>(v), 0, column.units);
    }, column.values);
    const h5::Handle d = h5::dataset(H5Dopen2(columns.get(), name.c_str(), H5P_DEFAULT), "column " + name);
    h5::set_attribute(d.get(), "name", column.name);
  }
}

void write_patch(hid_t state, std::size_t index, const Patch& patch) {
  const h5::Handle g = h5::create_group(state, "patch/" + std::to_string(index));
  h5::set_attribute(g.get(), "name", patch.name());
  const LatticeShape& shape = patch.lattice().shape();
  const std::array<std::int64_t, 3> dims{shape.dims[0], shape.dims[1], shape.dims[2]};
  h5::set_attribute_array<std::int64_t>(g.get(), "dims", dims);
  h5::set_attribute(g.get(), "voxel_size", shape.voxel_size);
  h5::set_attribute_array<double>(g.get(), "origin", shape.origin);
  h5::write_vector<std::uint8_t>(g.get(), "labels", patch.lattice().labels(), 0, "1");
  h5::write_vector<std::uint16_t>(g.get(), "occupancy", patch.occupancy().values(), 0, "1");
  const auto& arrays = patch.voxel_state().arrays();
  for (std::size_t a = 0; a < arrays.size(); ++a) {
    const std::string name = "voxel_state/" + std::to_string(a);
    if (a == 0) h5::create_group(g.get(), "voxel_state");
    h5::write_vector<double>(g.get(), name, std::span<const double>(arrays[a].values), 0, arrays[a].units);
    const h5::Handle d = h5::dataset(H5Dopen2(g.get(), name.c_str(), H5P_DEFAULT), name);
    h5::set_attribute(d.get(), "name", arrays[a].name);
  }
  if (const FieldSet* f = patch.fields()) write_fields(g.get(), *f);
  for (std::size_t k = 0; k < patch.kinds().size(); ++k) write_kind(g.get(), k, *patch.kinds()[k]);
}

/// Bytes of the state arrays a checkpoint holds (its size, less HDF5's metadata).
std::size_t state_bytes(const Simulation& sim) {
  std::size_t total = 0;
  for (const Patch& p : sim.patches()) {
    total += p.lattice().voxel_count() * (sizeof(std::uint8_t) + sizeof(std::uint16_t));
    for (const auto& a : p.voxel_state().arrays()) total += a.values.size() * sizeof(double);
    if (const FieldSet* f = p.fields()) {
      for (int s = 0; s < f->size(); ++s) total += f->voxel_count() * sizeof(double) + f->pending(s).size_bytes();
    }
    for (const auto& k : p.kinds()) {
      total += k->size() * (sizeof(std::uint64_t) + sizeof(VoxelIndex) + sizeof(std::uint8_t));
      for (const auto& c : k->columns()) {
        total += std::visit([](const auto& v) { return v.size() * sizeof(v[0]); }, c.values);
      }
    }
  }
  return total;
}

void fsync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + path.string());
  const int status = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (status != 0) throw std::system_error(err, std::generic_category(), "cannot flush " + path.string());
}

void rename_or_throw(const fs::path& from, const fs::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    throw std::system_error(errno, std::generic_category(),
                            "cannot rename " + from.string() + " to " + to.string());
  }
}

}  // namespace

fs::path previous_checkpoint_path(const fs::path& path) {
  return path.parent_path() / (path.stem().string() + ".prev" + path.extension().string());
}

void write_checkpoint_file(const fs::path& path, const Simulation& sim, const RunIdentity& identity,
                           const CheckpointExtras& extras) {
  // Built in memory, then written with plain POSIX calls: a full disk never fails inside HDF5.
  h5::Handle file = h5::create_memory_file(path.string(), state_bytes(sim) + (std::size_t{1} << 20));
  const hid_t root = file.get();
  h5::set_attribute(root, "format", kCheckpointFormat);
  h5::set_attribute(root, "format_version", kCheckpointFormatVersion);
  h5::set_attribute(root, "program_version", kVersion);
  h5::set_attribute(root, "git_commit", kGitCommit);
  h5::set_attribute(root, "config_name", identity.config_name);
  h5::set_attribute(root, "seed", sim.seed());
  h5::set_attribute(root, "tick", sim.tick());
  h5::set_attribute(root, "total_ticks", sim.total_ticks());
  h5::set_attribute(root, "time", sim.time());
  h5::set_attribute(root, "duration", sim.clock().duration);
  h5::set_attribute(root, "time_step", sim.clock().step);
  h5::set_attribute(root, "time_units", "min");
  h5::set_attribute(root, "state_digest", sim.state_digest());
  h5::set_attribute(root, "written_at", wall_time_now());
  h5::set_attribute(root, "host", host_name());
  h5::set_attribute(root, "threads", static_cast<std::int64_t>(identity.threads));
  h5::write_text(root, "config", identity.config_yaml);
  {
    const h5::Handle run = h5::create_group(root, "run");
    h5::set_attribute(run.get(), "next_snapshot", extras.next_snapshot);
  }
  const h5::Handle state = h5::create_group(root, "state");
  write_scheduler(state.get(), sim.scheduler());
  for (std::size_t p = 0; p < sim.patches().size(); ++p) write_patch(state.get(), p, sim.patches()[p]);
  // The HDF5 image, straight from the memory file, then the checksum trailer that readers
  // verify first (checkpoint_seal.hpp).
  const h5::MemoryFileBytes image = h5::memory_file_bytes(root);
  write_file_durably(path, {image.head, image.body, checkpoint_trailer({image.head, image.body})});
  file.close("cannot close " + path.string());
}

void write_checkpoint(const fs::path& path, const Simulation& sim, const RunIdentity& identity,
                      const CheckpointExtras& extras) {
  const fs::path tmp = path.string() + ".tmp";
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  try {
    write_checkpoint_file(tmp, sim, identity, extras);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  // Keep the checkpoint being replaced: a hard link first, so `path` never disappears.
  std::error_code ec;
  if (fs::exists(path, ec)) {
    const fs::path prev = previous_checkpoint_path(path);
    const fs::path prev_tmp = prev.string() + ".tmp";
    fs::remove(prev_tmp, ec);
    if (::link(path.c_str(), prev_tmp.c_str()) == 0) rename_or_throw(prev_tmp, prev);
  }
  rename_or_throw(tmp, path);
  fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace msabm
