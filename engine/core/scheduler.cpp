#include "engine/core/scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace msabm {

ProcessId Scheduler::add_process(std::string name, Phase phase, std::int64_t period_ticks,
                                 std::unique_ptr<Process> process, std::int64_t first_tick,
                                 std::uint16_t owner) {
  if (running_) throw std::logic_error("a process cannot be added while a tick runs: " + name);
  if (period_ticks < 1) throw std::invalid_argument("process period must be >= 1 tick: " + name);
  if (find(name) != nullptr) throw std::invalid_argument("two processes are named " + name);
  const ProcessId id{next_id_++};
  Entry entry{std::move(name), phase, id, owner == kNoOwner ? default_owner_ : owner,
              std::move(process), period_ticks, first_tick};
  // Stable insertion keeps the order of addition within a phase.
  auto pos = std::upper_bound(processes_.begin(), processes_.end(), phase,
                              [](Phase p, const Entry& e) { return p < e.phase; });
  processes_.insert(pos, std::move(entry));
  return id;
}

void Scheduler::remove_owned_by(std::uint16_t owner) {
  if (running_) throw std::logic_error("processes cannot be removed while a tick runs");
  std::erase_if(processes_, [owner](const Entry& e) { return e.owner == owner; });
}

Scheduler::Entry& Scheduler::entry(ProcessId id) {
  for (auto& e : processes_) {
    if (e.id == id) return e;
  }
  throw std::invalid_argument("no process with this id");
}

const Scheduler::Entry* Scheduler::find(std::string_view name) const {
  for (const auto& e : processes_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

void Scheduler::set_period(ProcessId id, std::int64_t period_ticks, std::int64_t tick) {
  if (period_ticks < 1) throw std::invalid_argument("process period must be >= 1 tick");
  Entry& e = entry(id);
  e.period_ticks = period_ticks;
  if (e.last_tick >= 0) e.next_tick = std::max(e.last_tick + period_ticks, tick);
}

std::int64_t Scheduler::period(ProcessId id) const {
  return const_cast<Scheduler*>(this)->entry(id).period_ticks;
}

void Scheduler::run_tick(Simulation& sim, std::int64_t tick, double time, double base_dt) {
  running_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{running_};
  for (auto& e : processes_) {
    if (e.next_tick > tick) continue;
    const std::int64_t elapsed = e.last_tick < 0 ? e.period_ticks : tick - e.last_tick;
    const auto start = std::chrono::steady_clock::now();
    e.process->run(StepContext{sim, tick, time, static_cast<double>(elapsed) * base_dt, e.runs, e.id});
    const auto end = std::chrono::steady_clock::now();
    e.wall_seconds += std::chrono::duration<double>(end - start).count();
    ++e.runs;
    e.last_tick = tick;
    e.next_tick = tick + e.period_ticks;
  }
}

std::int64_t Scheduler::next_due() const {
  std::int64_t next = kNever;
  for (const auto& e : processes_) next = std::min(next, e.next_tick);
  return next;
}

void Scheduler::visit_state(StateVisitor& v) {
  const StateGroup g(v, "processes");
  for (auto& e : processes_) {
    const StateGroup pg(v, e.name);
    v.value("period_ticks", "1", StateRole::Clock, e.period_ticks);
    v.value("next_tick", "1", StateRole::Clock, e.next_tick);
    v.value("last_tick", "1", StateRole::Clock, e.last_tick);
    v.value("runs", "1", StateRole::Clock, e.runs);
    e.process->visit_state(v);
    if (v.restoring() && (e.period_ticks < 1 || e.runs < 0 || e.last_tick < -1)) {
      throw StateMismatch("the clock of process " + e.name + " is invalid");
    }
  }
}

}  // namespace msabm
