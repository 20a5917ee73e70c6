#pragma once
// checkpoint.h5: the complete state of a run, enough to continue it bit for bit: the resolved
// config and seed, and under /state every item of the state description (engine/core/state.hpp)
// at its path, e.g. /state/patches/lesion/kinds/tcell/clone, each dataset with attributes
// `units` and `role`. Random numbers are counter-based (keyed by seed and purpose, addressed by
// agent id and a process's run count), so the process clocks are their position. The state
// digest is stored too, and checked after a restore.
//
// Root attributes: format, format_version, program_version, git_commit, config_name, seed,
// tick, total_ticks, time, duration, time_step, state_digest, written_at, host.
//   /config   resolved config (text)
//   /run      attrs: next_snapshot (output bookkeeping)
//   /state    the state, as the simulation lists it
#include <cstdint>
#include <filesystem>

#include "engine/io/run_identity.hpp"

namespace msabm {

class Simulation;

/// Output bookkeeping a continued run needs besides the simulation state.
struct CheckpointExtras {
  std::int64_t next_snapshot = 0;  ///< number of the next /snapshots/NNNNNN
};

/// Writes `sim` to `path` atomically: into "<path>.tmp", flushed to disk, then renamed over
/// `path`, the checkpoint it replaces being kept as previous_checkpoint_path(path). At every
/// moment `path` is a complete checkpoint (old or new). On failure (full disk, I/O error) the
/// temporary file is removed, the previous checkpoint is untouched, and h5::Error or
/// std::system_error says why.
void write_checkpoint(const std::filesystem::path& path, const Simulation& sim,
                      const RunIdentity& identity, const CheckpointExtras& extras);

/// Writes the checkpoint content to a new file at `path` (no temporary, no rename).
void write_checkpoint_file(const std::filesystem::path& path, const Simulation& sim,
                           const RunIdentity& identity, const CheckpointExtras& extras);

/// checkpoint.h5 -> checkpoint.prev.h5
std::filesystem::path previous_checkpoint_path(const std::filesystem::path& path);

}  // namespace msabm
