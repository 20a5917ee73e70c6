#include "engine/core/scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "engine/core/state_digest.hpp"

namespace msabm {

void Scheduler::add_process(std::string name, Phase phase, std::int64_t period_ticks,
                            std::unique_ptr<Process> process) {
  if (period_ticks < 1) throw std::invalid_argument("process period must be >= 1 tick: " + name);
  Entry entry{std::move(name), phase, period_ticks, std::move(process), 0};
  // Stable insertion keeps registration order within a phase.
  auto pos = std::upper_bound(processes_.begin(), processes_.end(), phase,
                              [](Phase p, const Entry& e) { return p < e.phase; });
  processes_.insert(pos, std::move(entry));
}

void Scheduler::add_event(ProtocolEvent event) {
  auto pos = std::upper_bound(events_.begin(), events_.end(), event.time,
                              [](double t, const ProtocolEvent& e) { return t < e.time; });
  events_.insert(pos, std::move(event));
}

void Scheduler::run_tick(Simulation& sim, std::int64_t tick, double time, double base_dt) {
  // A tiny slack absorbs round-off in event times written in other units ("2 h" vs ticks).
  while (next_event_ < events_.size() && events_[next_event_].time <= time + 1e-9 * base_dt) {
    events_[next_event_++].action(sim);
  }
  for (auto& e : processes_) {
    if (tick % e.period_ticks != 0) continue;
    const auto start = std::chrono::steady_clock::now();
    e.process->run(
        StepContext{sim, tick, time, static_cast<double>(e.period_ticks) * base_dt, e.runs});
    const auto end = std::chrono::steady_clock::now();
    e.wall_seconds += std::chrono::duration<double>(end - start).count();
    ++e.runs;
  }
}

void Scheduler::add_to_digest(StateDigest& digest) const {
  digest.add_value("scheduler.next_event", static_cast<std::uint64_t>(next_event_));
  for (const auto& e : processes_) {
    digest.add_value("process." + e.name + ".runs", e.runs);
    e.process->add_to_digest(digest);
  }
}

}  // namespace msabm
