#include "engine/core/simulation.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "engine/core/state_digest.hpp"

namespace msabm {

Simulation::Simulation(std::uint64_t seed, ClockSettings clock, int threads)
    : seed_(seed), clock_(clock), pool_(threads) {
  if (!(clock.step > 0)) throw std::invalid_argument("time step must be positive");
  total_ticks_ = static_cast<std::int64_t>(std::llround(clock.duration / clock.step));
}

Simulation::~Simulation() = default;

std::int64_t Simulation::ticks_for(double period) const {
  const double ratio = period / clock_.step;
  const auto ticks = static_cast<std::int64_t>(std::llround(ratio));
  if (ticks < 1 || std::abs(ratio - static_cast<double>(ticks)) > 1e-9 * ratio) {
    throw std::invalid_argument("period is not a whole multiple of the base time step");
  }
  return ticks;
}

Patch& Simulation::add_patch(Patch patch) {
  patches_.push_back(std::move(patch));
  return patches_.back();
}

Patch* Simulation::find_patch(const std::string& name) {
  for (auto& p : patches_) {
    if (p.name() == name) return &p;
  }
  return nullptr;
}

void Simulation::step() {
  // Agents are placed in random order; sorted, their voxels are visited in memory order from
  // the first step on (a restart sees tick > 0 and keeps the checkpointed order). Static kinds
  // too, once: they stay sorted until they divide.
  if (tick_ == 0 && sort_interval_ > 0) sort_agents(true);
  scheduler_.run_tick(*this, tick_, time(), clock_.step);
  const auto start = std::chrono::steady_clock::now();
  for (auto& p : patches_) p.commit_changes();
  ++tick_;
  if (sort_interval_ > 0 && tick_ % sort_interval_ == 0) sort_agents(false);
  housekeeping_seconds_ +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Simulation::sort_agents(bool static_kinds_too) {
  for (auto& p : patches_) {
    for (auto& k : p.kinds()) {
      if (static_kinds_too || k->mobility() == Mobility::Mobile) {
        k->sort_by_voxel(p.lattice().voxel_count(), pool());
      }
    }
  }
}

std::string Simulation::state_digest() const {
  StateDigest d;
  d.add_value("seed", seed_);
  d.add_value("tick", tick_);
  d.add_value("clock.step", clock_.step);
  scheduler_.add_to_digest(d);
  for (const auto& p : patches_) p.add_to_digest(d);
  return d.hex();
}

}  // namespace msabm
