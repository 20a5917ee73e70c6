#pragma once
// A whole run: patches, the scheduler with its processes and protocol events, the clock, the
// seed and the thread budget. It owns no biology; models install kinds, processes, events
// and readouts into it.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/parallel.hpp"
#include "engine/core/patch.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"

namespace msabm {

struct ClockSettings {
  double step = 1.0;      ///< base tick, min
  double duration = 0.0;  ///< simulated span, min
};

/// A scalar measured from the state (e.g. "targets killed"), reported in summaries and series.
struct Readout {
  std::string name;
  std::string units;
  std::function<double(const Simulation&)> measure;
};

class Simulation {
 public:
  Simulation(std::uint64_t seed, ClockSettings clock, int threads);
  ~Simulation();

  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  [[nodiscard]] const ClockSettings& clock() const { return clock_; }
  [[nodiscard]] std::int64_t tick() const { return tick_; }
  [[nodiscard]] std::int64_t total_ticks() const { return total_ticks_; }
  [[nodiscard]] double time() const { return static_cast<double>(tick_) * clock_.step; }
  [[nodiscard]] bool finished() const { return tick_ >= total_ticks_; }
  /// Converts a period to whole ticks; throws std::invalid_argument when it is not a multiple.
  [[nodiscard]] std::int64_t ticks_for(double period) const;

  [[nodiscard]] ThreadPool& pool() { return pool_; }
  [[nodiscard]] Scheduler& scheduler() { return scheduler_; }
  [[nodiscard]] const Scheduler& scheduler() const { return scheduler_; }
  /// A generator for one purpose, keyed by this run's seed.
  [[nodiscard]] CounterRng rng(std::string_view purpose) const { return {seed_, purpose}; }

  Patch& add_patch(Patch patch);
  [[nodiscard]] std::vector<Patch>& patches() { return patches_; }
  [[nodiscard]] const std::vector<Patch>& patches() const { return patches_; }
  [[nodiscard]] Patch* find_patch(const std::string& name);

  void add_readout(Readout readout) { readouts_.push_back(std::move(readout)); }
  [[nodiscard]] const std::vector<Readout>& readouts() const { return readouts_; }

  /// Runs one tick: events and processes due, then births/deaths, then the clock advances.
  void step();
  /// Wall time spent between ticks applying births and deaths and sorting agents (a measure
  /// of this run, not state).
  [[nodiscard]] double housekeeping_seconds() const { return housekeeping_seconds_; }
  /// Hash over the complete state (see StateDigest).
  [[nodiscard]] std::string state_digest() const;

  /// Agents are re-sorted by voxel every this many ticks (0: never).
  void set_sort_interval(std::int64_t ticks) { sort_interval_ = ticks; }
  /// Restores the clock (restart).
  void set_tick(std::int64_t tick) { tick_ = tick; }

 private:
  void sort_agents(bool static_kinds_too);
  std::uint64_t seed_;
  ClockSettings clock_;
  std::int64_t tick_ = 0;
  double housekeeping_seconds_ = 0;
  std::int64_t total_ticks_ = 0;
  std::int64_t sort_interval_ = 0;
  ThreadPool pool_;
  Scheduler scheduler_;
  std::vector<Patch> patches_;
  std::vector<Readout> readouts_;
};

}  // namespace msabm
