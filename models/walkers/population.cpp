#include "models/walkers/population.hpp"

#include <array>
#include <cmath>

#include "engine/core/parallel.hpp"
#include "engine/core/simulation.hpp"

namespace msabm::walkers {

PopulationProcess::PopulationProcess(Patch& patch, AgentKind& kind, double division_rate,
                                     double death_rate, CounterRng rng)
    : patch_(patch), kind_(kind), division_rate_(division_rate), death_rate_(death_rate), rng_(rng) {}

void PopulationProcess::run(const StepContext& ctx) {
  const std::size_t n = kind_.size();
  if (n == 0) return;
  targets_.resize(n);
  priorities_.resize(n);
  accepted_.resize(n);
  const double p_death = 1.0 - std::exp(-death_rate_ * ctx.dt);
  const double p_divide = std::expm1(division_rate_ * ctx.dt);
  const auto ids = kind_.ids();
  const auto voxels = kind_.voxels();
  const Lattice& lattice = patch_.lattice();
  const auto step = static_cast<std::uint64_t>(ctx.step);

  ctx.sim.pool().for_each("walker.population.propose", n, [&](std::size_t i) {
    RandomStream s = rng_.stream(ids[i], step);
    const double u_death = s.uniform();
    const double u_divide = s.uniform();
    const double u_where = s.uniform();
    priorities_[i] = s.bits();
    targets_[i] = kNoVoxel;
    if (u_death < p_death) {
      kind_.mark_dead(i);
      return;
    }
    if (u_divide >= p_divide) return;
    // The daughter's voxel: the parent's own or a face neighbour inside the lattice, uniformly.
    std::array<VoxelIndex, 7> options{voxels[i]};
    int count = 1;
    for (int f = 0; f < 6; ++f) {
      const VoxelIndex w = lattice.neighbour(voxels[i], f);
      if (w != kNoVoxel) options[count++] = w;
    }
    targets_[i] = options[static_cast<std::size_t>(u_where * count)];
  });

  patch_.resolver().resolve(targets_, priorities_, kind_.volume(), patch_.occupancy(),
                            ctx.sim.pool(), accepted_);
  Occupancy& occupancy = patch_.occupancy();
  ctx.sim.pool().for_each("walker.population.apply", n, [&](std::size_t i) {
    if (!accepted_[i]) return;
    occupancy.atomic_add(targets_[i], kind_.volume());  // reserve the daughter's room now
    kind_.request_birth(i, targets_[i]);
  });
  kind_.note_pending();
}

}  // namespace msabm::walkers
