#pragma once
// Everything a run writes while it goes, on the schedule of OutputSettings: series rows and
// snapshots into result.h5 / result.xmf, and checkpoints (by simulated and by wall-clock time,
// or on request). Failures writing result.h5 end the run (h5::Error); a checkpoint that cannot
// be written (full disk) is reported on stderr and the run goes on with the previous one valid.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "engine/io/output_settings.hpp"
#include "engine/io/result_writer.hpp"
#include "engine/io/run_identity.hpp"

namespace msabm {

class Simulation;

/// What a continued run (--restart) brings to its outputs.
struct Continuation {
  std::int64_t next_snapshot = 0;  ///< from the checkpoint
  std::string config_yaml;         ///< the checkpoint's config (result.h5 must hold it)
  /// --extend: the tick where the run ended before; its end-of-run series row and snapshot are
  /// dropped unless they were due anyway, as a run that long from the start would not have them.
  std::optional<std::int64_t> extended_from;
};

class RunOutputs {
 public:
  /// Fresh run (`restart_next_snapshot` empty): creates result.h5 and records t = 0.
  /// Continued run: resumes the result.h5 in `dir` after the checkpoint at sim.tick(); when
  /// that file is missing or unreadable, a new one holds what follows the checkpoint. Throws
  /// InputError when `dir` holds another run's results and `overwrite` is false.
  RunOutputs(const std::filesystem::path& dir, const Simulation& sim, const OutputSettings& settings,
             RunIdentity identity, const std::optional<Continuation>& continuation, bool overwrite);

  /// After each step: the series row, snapshot and checkpoint due at the new sim.tick().
  void after_step(const Simulation& sim);
  /// The next tick after `tick` at which an output is due (the run advances no further in one
  /// go). Wall-clock checkpoints are checked after every advance.
  [[nodiscard]] std::int64_t next_due_tick(std::int64_t tick) const;
  /// Writes checkpoint.h5 now. Returns false (after saying why on stderr) when it failed.
  bool checkpoint(const Simulation& sim);
  /// Closes result.h5 with its status: "finished" or "interrupted".
  void close(const std::string& status);

  [[nodiscard]] std::filesystem::path checkpoint_path() const;

 private:
  std::filesystem::path dir_;
  OutputSettings settings_;
  RunIdentity identity_;
  std::optional<ResultWriter> result_;
  std::chrono::steady_clock::time_point last_checkpoint_;
};

}  // namespace msabm
