#pragma once
// The dispatcher: hands members to the local child pool (and, under MPI, to worker ranks as they
// ask for work), records each finished member in the summary, shows progress, and on SIGTERM or
// SIGINT stops handing out work and lets running members checkpoint and stop.
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "engine/sweep/child_pool.hpp"
#include "engine/sweep/summary_table.hpp"

namespace msabm::sweep {

struct Job {
  int member = 0;
  StartMode mode = StartMode::Fresh;
};

/// Members running elsewhere (MPI worker ranks), from the dispatcher's side.
class RemoteWorkers {
 public:
  virtual ~RemoteWorkers() = default;
  /// Answers pending requests for work from `queue` (with "no more work" when `stopping` or the
  /// queue is empty) and collects finished members. Never blocks.
  virtual void poll(std::deque<Job>& queue, bool stopping, std::vector<Finished>& finished) = 0;
  /// Members handed out and not reported yet.
  [[nodiscard]] virtual std::size_t running() const = 0;
  /// Every worker has said it stopped.
  [[nodiscard]] virtual bool all_done() const = 0;
};

/// Progress of a sweep on stderr: "sweep NAME: 7/12 done, 1 failed, 2 running, 2 pending,
/// elapsed 0:42, ETA 1:10". One line rewritten in place on a terminal; otherwise one line per
/// finished member and a status line every 30 s.
class SweepProgress {
 public:
  SweepProgress(std::string name, int members, int already_done, int to_run, bool enabled);
  void finished(const Finished& f);
  void update(std::size_t running, bool force = false);
  /// A line that stays (failures, notes), printed above the progress line.
  void note(const std::string& line);
  void done(std::size_t running);

  [[nodiscard]] int ok() const { return ok_; }
  [[nodiscard]] int failed() const { return failed_; }
  [[nodiscard]] int interrupted() const { return interrupted_; }

 private:
  [[nodiscard]] std::string line(std::size_t running) const;
  std::string name_;
  int members_, already_done_, to_run_;
  int ok_ = 0, failed_ = 0, interrupted_ = 0;
  bool enabled_, tty_;
  bool line_open_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

struct DispatchResult {
  bool stopped = false;  ///< a stop signal ended it early
  int stop_signal = 0;
};

/// Runs `queue` to completion (or until a stop signal), updating `table` (written as members
/// finish, at most every 2 s, and at the end) and `progress`.
DispatchResult dispatch(std::deque<Job> queue, ChildPool& pool, RemoteWorkers* remote,
                        SummaryTable& table, SweepProgress& progress);

/// Installs the sweep's signal handlers for its lifetime: SIGTERM/SIGINT ask to stop, SIGUSR1 asks
/// running members to write a checkpoint.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  /// SIGTERM or SIGINT once received, else 0.
  [[nodiscard]] static int stop_signal();
  /// True once per SIGUSR1.
  static bool take_checkpoint_request();
};

/// Sleeps briefly between polls (returns early on a signal).
void nap();

}  // namespace msabm::sweep
