#include "engine/io/checkpoint_writer.hpp"

#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "engine/core/simulation.hpp"
#include "engine/io/file_format.hpp"
#include "engine/io/checkpoint_seal.hpp"
#include "engine/io/hdf5_file_image.hpp"
#include "engine/io/output_dir.hpp"
#include "engine/io/hdf5_write.hpp"
#include "engine/io/state_hdf5.hpp"
#include "engine/version.hpp"

namespace msabm {

namespace {

namespace fs = std::filesystem;

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
  h5::Handle file = h5::create_memory_file(path.string(), h5::state_bytes(sim) + (std::size_t{1} << 20));
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
  h5::StateWriter writer(state.get());
  visit_const(sim, writer);
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
  sync_to_disk(dir);
}

}  // namespace msabm
