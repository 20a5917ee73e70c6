#pragma once
// Progress of a long run on stderr: simulated time, steps per second and ETA. On a terminal
// one line is rewritten in place; otherwise (batch jobs, logs) a plain line every few seconds.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

namespace msabm {

class ProgressReporter {
 public:
  ProgressReporter(std::int64_t total_ticks, double tick_minutes, bool enabled);
  /// Also hands a plain line to `log` every 10 s of wall time and at the end, whether or not
  /// progress is printed (the run's log.txt).
  void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }
  /// Call after each tick; prints when enough wall time has passed since the last line.
  void update(std::int64_t tick);
  /// Prints the final line.
  void finish(std::int64_t tick);
  [[nodiscard]] double elapsed_seconds() const;

 private:
  void print(std::int64_t tick, bool final_line);
  [[nodiscard]] std::string line(std::int64_t tick, bool final_line) const;

  std::int64_t total_;
  double tick_minutes_;
  bool enabled_;
  bool tty_;
  std::int64_t start_tick_ = -1;
  std::chrono::steady_clock::time_point start_, last_, last_log_;
  std::function<void(const std::string&)> log_;
};

}  // namespace msabm
