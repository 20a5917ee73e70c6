#pragma once
// Multi-rate scheduling. Simulated time advances in ticks of the base step (`time.step`).
// Each process runs every `period_ticks` ticks, starting at tick 0, and advances its part of
// the model by its own period. Within a tick, protocol events due by then fire first, then
// processes run ordered by phase and, within a phase, by the order they were added. The order
// is fixed and documented so that a model's output never depends on registration accidents.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace msabm {

class Simulation;
class StateDigest;

/// Where a process joins a tick. Values are the execution order.
enum class Phase : std::uint8_t {
  Systemic = 0,  ///< well-mixed compartments, pharmacokinetics
  Fields = 1,    ///< diffusion, decay, secretion, uptake
  Sense = 2,     ///< agents read their surroundings
  Move = 3,      ///< motility
  Interact = 4,  ///< contacts: killing, activation
  Population = 5,  ///< division and death
  Readout = 6,   ///< measurements
};

/// What a process sees when it runs.
struct StepContext {
  Simulation& sim;
  std::int64_t tick;  ///< base ticks since the start
  double time;        ///< simulated time at the start of this tick, min
  double dt;          ///< the process's period, min
  /// How many times this process ran before: the counter for its random draws. Keyed by the
  /// process's own step rather than the base tick, agents draw the same numbers when only the
  /// base step changes (e.g. a finer field step), which makes such runs comparable.
  std::int64_t step;
};

class Process {
 public:
  virtual ~Process() = default;
  virtual void run(const StepContext& ctx) = 0;
  /// Any state the process keeps between runs must go into the digest and into checkpoints:
  /// save_state() returns it as bytes, restore_state() takes them back (restart).
  virtual void add_to_digest(StateDigest& /*digest*/) const {}
  [[nodiscard]] virtual std::vector<std::uint8_t> save_state() const { return {}; }
  virtual void restore_state(std::span<const std::uint8_t> /*bytes*/) {}
};

/// A protocol event: a named action at a simulated time.
struct ProtocolEvent {
  double time = 0.0;  ///< min
  std::string name;   ///< for messages and logs, e.g. "add_agents@120 min"
  std::function<void(Simulation&)> action;
};

class Scheduler {
 public:
  void add_process(std::string name, Phase phase, std::int64_t period_ticks,
                   std::unique_ptr<Process> process);
  /// Events fire at the first tick whose start time is >= their time (ties: config order).
  void add_event(ProtocolEvent event);

  /// Runs one tick: due events, then due processes.
  void run_tick(Simulation& sim, std::int64_t tick, double time, double base_dt);

  struct Entry {
    std::string name;
    Phase phase;
    std::int64_t period_ticks;
    std::unique_ptr<Process> process;
    std::int64_t runs = 0;  ///< how many times it has run (clock state)
    double wall_seconds = 0;  ///< time spent in run() by this process (a measure, not state)
  };
  [[nodiscard]] const std::vector<Entry>& processes() const { return processes_; }
  [[nodiscard]] std::vector<Entry>& processes() { return processes_; }
  [[nodiscard]] const std::vector<ProtocolEvent>& events() const { return events_; }
  /// Index of the next event to fire (protocol position; part of the state).
  [[nodiscard]] std::size_t next_event() const { return next_event_; }
  void set_next_event(std::size_t i) { next_event_ = i; }

  void add_to_digest(StateDigest& digest) const;

 private:
  std::vector<Entry> processes_;
  std::vector<ProtocolEvent> events_;
  std::size_t next_event_ = 0;
};

}  // namespace msabm
