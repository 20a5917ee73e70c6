#pragma once
// checkpoint.h5: the complete state of a run, enough to continue it bit for bit: the resolved
// config and seed, the clock, per patch the tissue labels, occupancy, voxel state arrays, fields
// with their pending agent terms, every agent column and id counter, the scheduler's protocol
// position, each process's run count and private state (Process::save_state). Random numbers are
// counter-based (keyed by seed and purpose, addressed by agent id and tick), so the clock is
// their position. The state digest is stored too, and checked after a restore.
//
// Layout (root attributes: format, format_version, program_version, git_commit, config_name,
// seed, tick, total_ticks, time, duration, time_step, state_digest, written_at, host):
//   /config                                   resolved config (text)
//   /run                                      attrs: next_snapshot (output bookkeeping)
//   /state/scheduler                          attrs: next_event, process_names (one per line)
//                  /runs, state_offsets, state_bytes
//   /state/patch/<p>                          attrs name, dims, voxel_size, origin; labels, occupancy
//                  /voxel_state/<a>           attrs name, units
//                  /fields/<s>/values, pending_voxel, pending_secretion, pending_uptake
//                  /kind/<k>                  attrs name, next_serial; id, voxel, state
//                          /columns/<c>       attrs name, units
// (<p>, <k>, <a>, <s>, <c>: indices in the simulation's own order.)
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
