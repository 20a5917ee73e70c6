#pragma once
// result.h5 and its index result.xmf. Layout (every dataset has a `units` attribute):
//   /            attrs: format = "msabm-result", format_version
//   /meta        attrs: program_version, git_commit, config_name, seed, threads, time_step,
//                duration (min), host, start_wall_time, end_wall_time, status ("running",
//                "interrupted", "finished"), restarts; dataset /meta/config: resolved config
//   /series      see series_writer.hpp
//   /snapshots   see snapshot_layout.hpp
//   /xdmf/connectivity  0, 1, 2, ... shared by the agent grids of result.xmf
// A run writes into result.h5.work and publishes it as result.h5 at every checkpoint (before
// the checkpoint itself) and at its end (result_publish.hpp): HDF5 1.10 updates a file in
// place, and a kill in the middle of that leaves a file it cannot read. So result.h5 opens after
// any kill and holds every series row and snapshot up to the last checkpoint (the rows after it
// are taken again by a restart); result.xmf is rewritten (atomically) with it. The cost: a copy
// of the file per checkpoint (none where the file system shares blocks), and a run without
// checkpoints publishes only at its start and end.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/hdf5_handles.hpp"
#include "engine/io/run_identity.hpp"
#include "engine/io/series_writer.hpp"
#include "engine/io/snapshot_layout.hpp"

namespace msabm {

class Simulation;

class ResultWriter {
 public:
  /// Creates result.h5 in `dir` for `sim` (replacing any file there); snapshots are numbered
  /// from `first_snapshot`.
  static ResultWriter create(const std::filesystem::path& dir, const Simulation& sim,
                             const RunIdentity& identity, int compression,
                             std::int64_t first_snapshot = 0);
  /// What a run extended from its end drops (series row, snapshot) at its old end tick.
  struct EndOfRun {
    std::int64_t tick;
    bool series = false;
    bool snapshot = false;
  };
  /// Continues the result.h5 in `dir` from a checkpoint taken at sim.tick() of a run whose config
  /// was `checkpoint_config` (the file must hold it; it then holds identity.config_yaml, which
  /// differs when the run is extended): drops the series rows and snapshots written after it
  /// (and those of `drop`). Throws h5::Error when the file is unreadable, and InputError when it
  /// belongs to another run.
  static ResultWriter resume(const std::filesystem::path& dir, const Simulation& sim,
                             const RunIdentity& identity, const std::string& checkpoint_config,
                             std::int64_t next_snapshot, int compression,
                             const std::optional<EndOfRun>& drop = std::nullopt);

  void append_series(const Simulation& sim);
  void write_snapshot(const Simulation& sim);
  /// Publishes everything written so far as result.h5 (and result.xmf). Throws h5::Error or
  /// std::system_error (full disk); result.h5 is then the one published before.
  void commit();
  /// Records the end wall time and status ("finished" or "interrupted"), closes and publishes.
  void close(const std::string& status);

  [[nodiscard]] std::int64_t next_snapshot() const { return next_snapshot_; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  ResultWriter(std::filesystem::path dir, h5::Handle file, SeriesWriter series, int compression);
  void write_xdmf();
  void ensure_connectivity(std::uint64_t n);

  std::filesystem::path dir_, path_, work_path_;
  h5::Handle file_;
  SeriesWriter series_;
  h5::Handle connectivity_;
  std::uint64_t connectivity_length_ = 0;
  std::vector<SnapshotLayout> snapshots_;
  std::int64_t next_snapshot_ = 0;
  int compression_ = 0;
};

}  // namespace msabm
