#include "engine/io/run_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <system_error>

#include "engine/config/error.hpp"
#include "engine/core/simulation.hpp"
#include "engine/io/checkpoint_writer.hpp"
#include "engine/io/hdf5_handles.hpp"
#include "engine/io/output_dir.hpp"

namespace msabm {

namespace fs = std::filesystem;

namespace {

bool due(std::int64_t tick, std::int64_t every) { return every > 0 && tick % every == 0; }

/// A result.h5 that cannot be continued is kept under another name, never deleted.
void set_aside(const fs::path& path, const std::string& why) {
  fs::path aside = path.parent_path() / "result.unreadable.h5";
  for (int i = 1; fs::exists(aside); ++i) {
    aside = path.parent_path() / fmt::format("result.unreadable.{}.h5", i);
  }
  std::error_code ec;
  fs::rename(path, aside, ec);
  fmt::print(stderr,
             "msabm: warning: cannot continue {} ({}); it is kept as {} and a new result file "
             "holds the series and snapshots after the checkpoint\n",
             path.string(), why, aside.filename().string());
}

}  // namespace

RunOutputs::RunOutputs(const fs::path& dir, const Simulation& sim, const OutputSettings& settings,
                       RunIdentity identity, const std::optional<Continuation>& continuation, bool overwrite)
    : dir_(dir), settings_(settings), identity_(std::move(identity)),
      last_checkpoint_(std::chrono::steady_clock::now()) {
  if (!continuation) {
    // A fresh run (in a new folder, or one the user let it overwrite): no checkpoint of an
    // earlier run may survive as this run's checkpoint.prev.h5.
    std::error_code ec;
    fs::remove(checkpoint_path(), ec);
    fs::remove(previous_checkpoint_path(checkpoint_path()), ec);
    result_.emplace(ResultWriter::create(dir_, sim, identity_, settings_.compression));
    if (due(sim.tick(), settings_.series_ticks)) result_->append_series(sim);
    if (due(sim.tick(), settings_.snapshot_ticks)) result_->write_snapshot(sim);
    result_->commit();
    return;
  }
  // Extending a run from its end: the rows and the snapshot taken only because the run ended
  // there go (a run that long from the start would not have them).
  std::int64_t next_snapshot = continuation->next_snapshot;
  std::optional<ResultWriter::EndOfRun> drop;
  if (continuation->extended_from && *continuation->extended_from == sim.tick()) {
    drop = ResultWriter::EndOfRun{sim.tick(), !due(sim.tick(), settings_.series_ticks),
                                  !due(sim.tick(), settings_.snapshot_ticks)};
  }
  const fs::path path = dir_ / kResultFile;
  if (fs::exists(path)) {
    try {
      result_.emplace(ResultWriter::resume(dir_, sim, identity_, continuation->config_yaml, next_snapshot,
                                           settings_.compression, drop));
      return;
    } catch (const InputError&) {
      if (!overwrite) throw;
    } catch (const h5::Error& e) {
      set_aside(path, e.what());
    }
  }
  if (drop && drop->snapshot) --next_snapshot;
  result_.emplace(ResultWriter::create(dir_, sim, identity_, settings_.compression, next_snapshot));
}

void RunOutputs::after_step(const Simulation& sim) {
  const std::int64_t tick = sim.tick();
  const bool last = sim.finished();
  if (settings_.series_ticks > 0 && (due(tick, settings_.series_ticks) || last)) {
    result_->append_series(sim);
  }
  if (settings_.snapshot_ticks > 0 && (due(tick, settings_.snapshot_ticks) || last)) {
    result_->write_snapshot(sim);
  }
  const double since_checkpoint =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - last_checkpoint_).count();
  if (due(tick, settings_.checkpoint_ticks) ||
      (settings_.checkpoint_wall_seconds > 0 && since_checkpoint >= settings_.checkpoint_wall_seconds)) {
    checkpoint(sim);
  }
}

std::int64_t RunOutputs::next_due_tick(std::int64_t tick) const {
  std::int64_t next = std::numeric_limits<std::int64_t>::max();
  for (const std::int64_t every : {settings_.series_ticks, settings_.snapshot_ticks, settings_.checkpoint_ticks}) {
    if (every > 0) next = std::min(next, (tick / every + 1) * every);
  }
  return next;
}

bool RunOutputs::checkpoint(const Simulation& sim) {
  last_checkpoint_ = std::chrono::steady_clock::now();
  try {
    result_->commit();  // result.h5 holds everything up to the checkpoint before it is written
    write_checkpoint(checkpoint_path(), sim, identity_, CheckpointExtras{result_->next_snapshot()});
    return true;
  } catch (const h5::Error& e) {
    fmt::print(stderr, "msabm: warning: checkpoint at t = {} min not written: {}; the previous checkpoint "
                       "stays valid\n", sim.time(), e.what());
  } catch (const std::system_error& e) {
    fmt::print(stderr, "msabm: warning: checkpoint at t = {} min not written: {}; the previous checkpoint "
                       "stays valid\n", sim.time(), e.what());
  }
  return false;
}

void RunOutputs::close(const std::string& status) {
  if (result_) {
    result_->close(status);
    result_.reset();
  }
}

fs::path RunOutputs::checkpoint_path() const { return dir_ / kCheckpointFile; }

}  // namespace msabm
