#include "engine/core/protocol.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace msabm {

void Protocol::add(ProtocolEvent event) {
  if (event.first_tick < 0) throw std::invalid_argument("event " + event.name + " is before the run starts");
  if (event.every_ticks < 0 || event.check_ticks < 1) {
    throw std::invalid_argument("event " + event.name + " has an invalid period");
  }
  next_tick_.push_back(event.first_tick <= event.last_tick ? event.first_tick : kNever);
  fired_.push_back(0);
  events_.push_back(std::move(event));
}

void Protocol::schedule_after_firing(std::size_t i, std::int64_t tick) {
  const ProtocolEvent& e = events_[i];
  ++fired_[i];
  const bool more = e.every_ticks > 0 && (e.max_count == 0 || fired_[i] < e.max_count);
  const std::int64_t next = more ? tick + e.every_ticks : kNever;
  next_tick_[i] = next <= e.last_tick ? next : kNever;
}

void Protocol::fire_due(Simulation& sim, std::int64_t tick) {
  // Events due now, by due tick then index; an action never adds events, so one pass is enough.
  std::vector<std::size_t> due;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (next_tick_[i] <= tick) due.push_back(i);
  }
  if (due.empty()) return;
  std::stable_sort(due.begin(), due.end(),
                   [&](std::size_t a, std::size_t b) { return next_tick_[a] < next_tick_[b]; });
  for (const std::size_t i : due) {
    const ProtocolEvent& e = events_[i];
    if (e.condition && !e.condition(sim)) {
      const std::int64_t next = tick + e.check_ticks;
      next_tick_[i] = next <= e.last_tick ? next : kNever;
      continue;
    }
    e.action(sim);
    schedule_after_firing(i, tick);
  }
}

std::int64_t Protocol::next_due() const {
  return next_tick_.empty() ? kNever : *std::min_element(next_tick_.begin(), next_tick_.end());
}

void Protocol::visit_state(StateVisitor& v) {
  const StateGroup g(v, "protocol");
  v.array("next_tick", "1", StateRole::Protocol, next_tick_);
  v.array("fired", "1", StateRole::Protocol, fired_);
  if (v.restoring() && (next_tick_.size() != events_.size() || fired_.size() != events_.size())) {
    throw StateMismatch("the checkpoint holds " + std::to_string(next_tick_.size()) +
                        " protocol events, the config " + std::to_string(events_.size()));
  }
}

}  // namespace msabm
