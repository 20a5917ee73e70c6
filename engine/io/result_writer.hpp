#pragma once
// result.h5 and its index result.xmf. Layout (every dataset has a `units` attribute):
//   /            attrs: format = "msabm-result", format_version
//   /meta        attrs: program_version, git_commit, config_name, seed, threads, time_step,
//                duration (min), host, start_wall_time, end_wall_time, status ("running",
//                "interrupted", "finished"), restarts; dataset /meta/config: resolved config
//   /series      see series_writer.hpp
//   /snapshots   see snapshot_layout.hpp
//   /xdmf/connectivity  0, 1, 2, ... shared by the agent grids of result.xmf
// The file is flushed after every snapshot and at least every second while series rows come in;
// result.xmf is rewritten (atomically) after every snapshot. HDF5 1.10 (without SWMR) does not
// promise a readable file after a crash in the middle of a flush; a flush takes milliseconds,
// and a run continued from a checkpoint sets an unreadable result.h5 aside (run_outputs.hpp).
#include <chrono>
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
  /// Pushes everything written so far to the file (HDF5 flush).
  void flush();
  /// Flushes when the last flush is at least a second old (series rows between snapshots:
  /// bounded overhead, and a crash loses at most about a second of rows).
  void flush_if_due();
  /// Records the end wall time and status ("finished" or "interrupted"), then closes.
  void close(const std::string& status);

  [[nodiscard]] std::int64_t next_snapshot() const { return next_snapshot_; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  ResultWriter(std::filesystem::path dir, h5::Handle file, SeriesWriter series, int compression);
  void write_xdmf();
  void ensure_connectivity(std::uint64_t n);

  std::filesystem::path dir_, path_;
  h5::Handle file_;
  SeriesWriter series_;
  h5::Handle connectivity_;
  std::uint64_t connectivity_length_ = 0;
  std::vector<SnapshotLayout> snapshots_;
  std::int64_t next_snapshot_ = 0;
  int compression_ = 0;
  std::chrono::steady_clock::time_point last_flush_;
};

}  // namespace msabm
