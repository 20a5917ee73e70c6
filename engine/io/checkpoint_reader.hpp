#pragma once
// Reading checkpoint.h5 (layout: checkpoint_writer.hpp). A file that is missing, not HDF5,
// truncated, damaged, from another program or format version, or inconsistent with its own
// config is refused with an InputError (exit code 2) that says which and why.
#include <cstdint>
#include <filesystem>
#include <string>

namespace msabm {

class Simulation;

/// What a checkpoint says about itself, read without restoring anything.
struct CheckpointHeader {
  std::string program_version;
  std::string git_commit;
  std::string config_name;
  std::string config_yaml;  ///< the resolved config the run was built from
  std::uint64_t seed = 0;
  std::int64_t tick = 0;
  std::int64_t total_ticks = 0;
  double time = 0;          ///< min
  double duration = 0;      ///< min
  std::string state_digest;
  std::string written_at;
  std::string host;
  std::int64_t next_snapshot = 0;
};

/// Reads and checks the header (format, format version, program version). Throws InputError.
CheckpointHeader read_checkpoint_header(const std::filesystem::path& path);

/// Overwrites the state of `sim` (built from the checkpoint's config exactly as a fresh run
/// would be) with the checkpoint's, then checks the restored state digest. Throws InputError.
void restore_checkpoint(const std::filesystem::path& path, Simulation& sim);

}  // namespace msabm
