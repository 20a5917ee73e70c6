#pragma once
// Protocol events: named actions at simulated times. Times are given relative to the protocol's
// day 0 (`time.day_zero` after the start of the run), so conditioning can start on day -6 and a
// reinfusion happen on day 0. An event fires once, or repeats every so often (an MRI every 6
// months) up to a count or a last time; an event may also wait for a condition on a readout
// (e.g. when neutrophils recover), checked at a polling period from its first time on. What
// each event has done (next tick, times fired) is state: checkpointed and hashed.
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "engine/core/state.hpp"

namespace msabm {

class Simulation;

struct ProtocolEvent {
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
  std::string name;                    ///< for messages and logs, e.g. "add_agents@120 min"
  std::int64_t first_tick = 0;         ///< first tick at which it fires (or starts checking)
  std::int64_t every_ticks = 0;        ///< repeat period; 0: once
  std::int64_t last_tick = kNever;     ///< never fires after this tick
  std::int64_t max_count = 0;          ///< fires at most this often; 0: no limit
  /// Fires only when this holds (checked every `check_ticks` from first_tick on); null: always.
  std::function<bool(const Simulation&)> condition;
  std::int64_t check_ticks = 1;
  std::function<void(Simulation&)> action;
};

class Protocol {
 public:
  static constexpr std::int64_t kNever = ProtocolEvent::kNever;

  /// Adds an event (config order breaks ties between events due at one tick).
  void add(ProtocolEvent event);
  /// Fires the events due at `tick`, in order of their due tick, then of addition.
  void fire_due(Simulation& sim, std::int64_t tick);
  /// The earliest tick at which an event is due (kNever when none is left).
  [[nodiscard]] std::int64_t next_due() const;

  [[nodiscard]] const std::vector<ProtocolEvent>& events() const { return events_; }
  /// Times event i has fired.
  [[nodiscard]] std::int64_t fired(std::size_t i) const { return fired_[i]; }

  void visit_state(StateVisitor& v);

 private:
  void schedule_after_firing(std::size_t i, std::int64_t tick);
  std::vector<ProtocolEvent> events_;
  // State, one entry per event.
  std::vector<std::int64_t> next_tick_;
  std::vector<std::int64_t> fired_;
};

}  // namespace msabm
