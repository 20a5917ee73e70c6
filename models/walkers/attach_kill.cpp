#include "models/walkers/attach_kill.hpp"

#include <array>
#include <cmath>

#include "engine/core/parallel.hpp"
#include "engine/core/simulation.hpp"
#include "models/walkers/contact_kill.hpp"

namespace msabm::walkers {

AttachKillProcess::AttachKillProcess(Patch& patch, AgentKind& killers, AgentKind& prey,
                                     ColumnRef<std::uint32_t> kills, ColumnRef<std::uint64_t> attached,
                                     ParameterHandle kill_rate, const AttachParams& attach, const TraitSpec* trait,
                                     CounterRng trait_rng, CounterRng rng)
    : patch_(patch), killers_(killers), prey_(prey), kills_(kills), attached_(attached), kill_rate_(kill_rate),
      attach_(attach), trait_(trait), trait_rng_(trait_rng), rng_(rng) {}

double AttachKillProcess::prey_factor(std::uint64_t prey_id) const {
  return trait_ == nullptr ? 1.0 : attach_.scale.factor(trait_->value(trait_rng_, prey_id));
}

void AttachKillProcess::run(const StepContext& ctx) {
  const std::size_t n = killers_.size();
  if (n == 0) return;
  const Lattice& lattice = patch_.lattice();
  index_.update(prey_, lattice);
  claims_.assign(prey_.size(), kUnclaimed);
  const double dt = ctx.dt;
  const double kill_rate = ctx.sim.parameters().value(kill_rate_);
  const double p_detach = attach_.lifetime > 0 ? -std::expm1(-dt / attach_.lifetime) : 0.0;
  // Attachment reach by lattice distance: the walker's own voxel (0) and its faces (dx).
  const double own_factor = attach_.rate * attach_.distance_factor(0.0);
  const double face_factor = attach_.rate * attach_.distance_factor(lattice.voxel_size());
  const auto ids = killers_.ids();
  const auto voxels = killers_.voxels();
  const auto prey_ids = prey_.ids();
  const std::span<std::uint64_t> attached = killers_.column(attached_);
  const auto step = static_cast<std::uint64_t>(ctx.step);

  ctx.sim.pool().for_blocks("walker.attach", n, 16384, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      const VoxelIndex v = voxels[i];
      if (attached[i] == 0 && !index_.within_reach.contains(v)) continue;
      std::array<VoxelIndex, 7> around{v};
      const auto faces = lattice.neighbours(v);
      std::copy(faces.begin(), faces.end(), around.begin() + 1);
      RandomStream s = rng_.stream(ids[i], step);
      if (attached[i] != 0) {
        const std::uint64_t target = attached[i] - 1;
        std::size_t j = prey_.size();
        for (VoxelIndex w : around) {
          for (std::uint32_t p : index_.in(w)) {
            if (prey_ids[p] == target) j = p;
          }
        }
        if (j == prey_.size() || prey_.is_marked_dead(j)) {  // gone: free again
          attached[i] = 0;
          continue;
        }
        const double u_kill = s.uniform();
        const double u_detach = s.uniform();
        const std::uint64_t priority = s.bits();
        if (u_kill < -std::expm1(-kill_rate * prey_factor(target) * dt)) {
          claim_prey(claims_[j], (priority & 0xFFFFFFFF00000000ull) | i);
          attached[i] = 0;
        } else if (u_detach < p_detach) {
          attached[i] = 0;
        }
        continue;
      }
      // Free: the summed attachment rate over the prey in contact, then one by its share.
      auto rate_in = [&](std::size_t k) { return k == 0 ? own_factor : face_factor; };
      double total = 0;
      for (std::size_t k = 0; k < around.size(); ++k) {
        if (rate_in(k) == 0) continue;
        for (std::uint32_t p : index_.in(around[k])) total += rate_in(k) * prey_factor(prey_ids[p]);
      }
      if (total == 0 || s.uniform() >= -std::expm1(-total * dt)) continue;
      // The prey whose share of [0, total) holds x (the last one with a rate when rounding
      // leaves x past the end).
      auto pick = [&](double x) {
        std::uint64_t last = 0;
        for (std::size_t k = 0; k < around.size(); ++k) {
          if (rate_in(k) == 0) continue;
          for (std::uint32_t p : index_.in(around[k])) {
            const double r = rate_in(k) * prey_factor(prey_ids[p]);
            if (r <= 0) continue;
            last = prey_ids[p] + 1;
            if (x < r) return last;
            x -= r;
          }
        }
        return last;
      };
      const std::uint64_t chosen = pick(s.uniform() * total);
      attached[i] = chosen;
    }
  });

  total_kills_ += apply_claims(claims_, prey_, killers_.column(kills_));
}

void AttachKillProcess::visit_state(StateVisitor& v) {
  v.value("total_kills", "1", StateRole::ProcessState, total_kills_);
}

}  // namespace msabm::walkers
