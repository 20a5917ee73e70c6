#pragma once
// Multi-rate scheduling. Simulated time advances in ticks of the base step (`time.step`). Each
// process has its own clock: a period in ticks and the tick of its next run. It first runs at
// the tick it was added (tick 0 for processes installed at build), then every period. A model
// may change a period at run time (coarsen a quiet patch, refine it when something happens):
// the next run is then one new period after the last run, or now if that has passed. Within a
// tick, processes run ordered by phase and, within a phase, by the order they were added. A
// process reads its `dt` from its context: the simulated time since its last run, so a changed
// period never loses or double-counts time. The clocks are state (checkpointed, hashed).
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/state.hpp"

namespace msabm {

class Simulation;

/// Where a process joins a tick. Values are the execution order.
enum class Phase : std::uint8_t {
  Observe = 0,     ///< watching the state as it stands at the start of the tick (after its
                   ///< protocol events), before anything changes it: readouts that keep state
  Systemic = 1,    ///< well-mixed compartments, pharmacokinetics, exchange with tables
  Sense = 2,       ///< agents read their surroundings, secrete and take up
  Move = 3,        ///< motility
  Interact = 4,    ///< contacts: killing, activation
  Population = 5,  ///< division and death
  Fields = 6,      ///< diffusion and decay, with this tick's secretion and uptake
  Readout = 7,     ///< measurements
};

/// Stable identity of a process (its position in the scheduler may change when processes of a
/// removed patch go).
struct ProcessId {
  std::uint32_t value = 0;
  bool operator==(const ProcessId&) const = default;
};

/// What a process sees when it runs.
struct StepContext {
  Simulation& sim;
  std::int64_t tick;  ///< base ticks since the start
  double time;        ///< simulated time at the start of this tick, min
  double dt;          ///< simulated time this run advances: since the last run (first: one period), min
  /// How many times this process ran before: the counter for its random draws. Keyed by the
  /// process's own step rather than the base tick, agents draw the same numbers when only the
  /// base step changes (e.g. a finer field step), which makes such runs comparable.
  std::int64_t step;
  ProcessId id;       ///< for Scheduler::set_period
};

class Process {
 public:
  virtual ~Process() = default;
  virtual void run(const StepContext& ctx) = 0;
  /// Whatever the process keeps between runs is state: list it here (counters, accumulators),
  /// and it is checkpointed, restored and hashed with everything else.
  virtual void visit_state(StateVisitor& /*v*/) {}
};

class Scheduler {
 public:
  static constexpr std::uint16_t kNoOwner = 0xFFFF;
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

  /// Adds a process whose first run is at tick `first_tick`. Names must be unique (they name
  /// the process's state). `owner` is the uid of the patch the process belongs to: removing
  /// the patch removes it. Not allowed while a tick runs.
  ProcessId add_process(std::string name, Phase phase, std::int64_t period_ticks,
                        std::unique_ptr<Process> process, std::int64_t first_tick = 0,
                        std::uint16_t owner = kNoOwner);
  /// Processes added while set (during a run-time patch's installation) get this owner.
  void set_default_owner(std::uint16_t owner) { default_owner_ = owner; }
  [[nodiscard]] std::uint16_t default_owner() const { return default_owner_; }
  void remove_owned_by(std::uint16_t owner);

  /// Changes a process's period from now (`tick`, the current tick) on.
  void set_period(ProcessId id, std::int64_t period_ticks, std::int64_t tick);
  [[nodiscard]] std::int64_t period(ProcessId id) const;

  /// Runs the processes due at `tick`.
  void run_tick(Simulation& sim, std::int64_t tick, double time, double base_dt);
  /// The earliest tick at which a process is due (kNever when there is none).
  [[nodiscard]] std::int64_t next_due() const;

  struct Entry {
    std::string name;
    Phase phase;
    ProcessId id;
    std::uint16_t owner;
    std::unique_ptr<Process> process;
    // The clock (state).
    std::int64_t period_ticks;
    std::int64_t next_tick;
    std::int64_t last_tick = -1;  ///< -1: never ran
    std::int64_t runs = 0;        ///< how many times it has run
    double wall_seconds = 0;      ///< time spent in run() by this process (a measure, not state)
  };
  [[nodiscard]] const std::vector<Entry>& processes() const { return processes_; }
  [[nodiscard]] std::vector<Entry>& processes() { return processes_; }
  [[nodiscard]] const Entry* find(std::string_view name) const;

  /// Lists every process's clock and state, by process name.
  void visit_state(StateVisitor& v);

 private:
  Entry& entry(ProcessId id);
  std::vector<Entry> processes_;
  std::uint32_t next_id_ = 0;
  std::uint16_t default_owner_ = kNoOwner;
  bool running_ = false;
};

}  // namespace msabm
