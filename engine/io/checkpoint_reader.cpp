#include "engine/io/checkpoint_reader.hpp"

#include "engine/io/checkpoint_seal.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "engine/config/error.hpp"
#include "engine/core/simulation.hpp"
#include "engine/io/file_format.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/io/parse_guard.hpp"
#include "engine/io/state_hdf5.hpp"
#include "engine/version.hpp"

namespace msabm {

namespace {

namespace fs = std::filesystem;

InputError refused(const fs::path& path, const std::string& why) {
  return InputError(fmt::format("cannot restart from {}: {}", path.string(), why));
}

}  // namespace

CheckpointHeader read_checkpoint_header(const fs::path& path) {
  // Only a file whose checksum matches is handed to HDF5 (see checkpoint_seal.hpp); a result
  // file or any other HDF5 file has no trailer and gets the specific message below.
  const bool sealed = has_checkpoint_trailer(path);
  if (sealed) verify_checkpoint_seal(path);
  const ParseGuard guard(path, "cannot restart from");  // an unsealed file is parsed to say what it is
  try {
    const h5::Handle file = h5::open_file(path, false);
    const hid_t root = file.get();
    if (!h5::has_attribute(root, "format") || h5::string_attribute(root, "format") != kCheckpointFormat) {
      const bool is_result = h5::has_attribute(root, "format") && h5::string_attribute(root, "format") == kResultFormat;
      throw refused(path, is_result ? "it is a result file, not a checkpoint (restart from checkpoint.h5)"
                                    : "it is not an msabm checkpoint");
    }
    const auto format_version = h5::attribute<std::int64_t>(root, "format_version");
    if (format_version != kCheckpointFormatVersion) {
      throw refused(path, fmt::format("checkpoint format version {} is not the version this msabm reads ({})",
                                      format_version, kCheckpointFormatVersion));
    }
    if (!sealed) throw refused(path, "it lacks its checksum trailer (damaged at its end, or not written by this msabm)");
    CheckpointHeader h;
    h.program_version = h5::string_attribute(root, "program_version");
    h.git_commit = h5::string_attribute(root, "git_commit");
    if (h.program_version != kVersion) {
      throw refused(path, fmt::format("it was written by msabm {} (commit {}); this is msabm {}; a run can only "
                                      "be continued by the version that started it",
                                      h.program_version, h.git_commit, kVersion));
    }
    h.config_name = h5::string_attribute(root, "config_name");
    h.config_yaml = h5::read_text(root, "config");
    h.seed = h5::attribute<std::uint64_t>(root, "seed");
    h.tick = h5::attribute<std::int64_t>(root, "tick");
    h.total_ticks = h5::attribute<std::int64_t>(root, "total_ticks");
    h.time = h5::attribute<double>(root, "time");
    h.duration = h5::attribute<double>(root, "duration");
    h.state_digest = h5::string_attribute(root, "state_digest");
    h.written_at = h5::string_attribute(root, "written_at");
    h.host = h5::string_attribute(root, "host");
    const h5::Handle run = h5::open_group(root, "run");
    h.next_snapshot = h5::attribute<std::int64_t>(run.get(), "next_snapshot");
    return h;
  } catch (const h5::Error& e) {
    throw refused(path, e.what());
  }
}

void restore_checkpoint(const fs::path& path, Simulation& sim) {
  const CheckpointHeader header = read_checkpoint_header(path);
  try {
    const h5::Handle file = h5::open_file(path, false);
    const h5::Handle state = h5::open_group(file.get(), "state");
    if (header.seed != sim.seed()) throw StateMismatch("seed differs from the simulation's");
    // A run may be extended (--extend): its config is then longer than the checkpoint's.
    if (header.total_ticks > sim.total_ticks()) throw StateMismatch("run length is shorter than the checkpoint's");
    if (header.tick < 0 || header.tick > sim.total_ticks()) throw StateMismatch("clock outside the run");
    h5::StateReader reader(state.get());
    sim.visit_state(reader);
    reader.check_nothing_left();
  } catch (const h5::Error& e) {
    throw refused(path, fmt::format("the file is damaged ({})", e.what()));
  } catch (const StateMismatch& e) {
    throw refused(path, fmt::format("it does not match its own config: {}", e.what()));
  } catch (const std::invalid_argument& e) {  // a model rejecting restored state
    throw refused(path, fmt::format("the file is damaged ({})", e.what()));
  }
  const std::string digest = sim.state_digest();
  if (digest != header.state_digest) {
    throw refused(path, fmt::format("the file is damaged: the restored state's digest {} differs from the "
                                    "recorded {}", digest, header.state_digest));
  }
}

}  // namespace msabm
