#pragma once
// Runs sweep members as child processes of this executable (`msabm run ...`), a few at a time.
// A member that crashes or fails cannot take the sweep down: its exit status becomes its
// status (ok, failed with the run's error line, interrupted after writing a checkpoint).
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sweep/member_files.hpp"
#include "engine/sweep/plan.hpp"

namespace msabm::sweep {

struct LaunchSettings {
  std::filesystem::path exe;  ///< the msabm executable
  std::filesystem::path out;  ///< the sweep's output folder
  int threads = 1;            ///< per member
  int rank = -1;              ///< this process's MPI rank (-1: not under MPI)
};

struct Finished {
  int member = 0;
  MemberStatus status;
  nlohmann::ordered_json row;  ///< its summary row
};

class ChildPool {
 public:
  ChildPool(const Plan& plan, LaunchSettings settings, int capacity);
  /// Stops (SIGTERM) and waits for children still running.
  ~ChildPool();
  ChildPool(const ChildPool&) = delete;
  ChildPool& operator=(const ChildPool&) = delete;

  [[nodiscard]] bool has_room() const {
    return children_.size() < static_cast<std::size_t>(capacity_);
  }
  [[nodiscard]] std::size_t running() const { return children_.size(); }
  [[nodiscard]] const LaunchSettings& settings() const { return settings_; }

  /// Writes member.yaml and status.json (running) and starts the member. A member that cannot
  /// even start (folder not writable) is reported by the next reap() as failed.
  void start(int member, StartMode mode);
  /// Collects members that ended since the last call (never blocks).
  std::vector<Finished> reap();
  /// Forwards `signal` to every running member (SIGTERM: checkpoint and stop; SIGUSR1:
  /// checkpoint and go on).
  void signal_all(int signal);

 private:
  struct Child {
    pid_t pid = -1;
    int member = 0;
    StartMode mode = StartMode::Fresh;
    std::chrono::steady_clock::time_point start;
  };
  Finished finish(const Child& child, int wait_status);
  pid_t spawn(int member, StartMode mode);

  const Plan& plan_;
  LaunchSettings settings_;
  int capacity_;
  bool stopping_ = false;  ///< SIGTERM/SIGINT forwarded: unfinished members are "interrupted"
  std::vector<Child> children_;
  std::vector<Finished> not_started_;
  std::string host_;
};

}  // namespace msabm::sweep
