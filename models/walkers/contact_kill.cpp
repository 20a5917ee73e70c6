#include "models/walkers/contact_kill.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "engine/core/parallel.hpp"
#include "engine/core/simulation.hpp"

namespace msabm::walkers {

std::uint64_t apply_claims(std::span<const std::uint64_t> claims, AgentKind& prey,
                           std::span<std::uint32_t> kills) {
  std::uint64_t n = 0;
  for (std::size_t j = 0; j < claims.size(); ++j) {
    if (claims[j] == kUnclaimed) continue;
    prey.mark_dead(j);
    ++kills[claims[j] & 0xFFFFFFFFull];
    ++n;
  }
  if (n > 0) prey.note_pending();
  return n;
}

ContactKillProcess::ContactKillProcess(Patch& patch, AgentKind& killers, AgentKind& prey,
                                       ColumnRef<std::uint32_t> kills, ParameterHandle kill_rate,
                                       CounterRng rng)
    : patch_(patch), killers_(killers), prey_(prey), kills_(kills), kill_rate_(kill_rate), rng_(rng) {}

void ContactKillProcess::run(const StepContext& ctx) {
  const std::size_t n = killers_.size();
  if (n == 0 || prey_.size() == 0) return;
  const Lattice& lattice = patch_.lattice();
  index_.update(prey_, lattice);
  claims_.assign(prey_.size(), kUnclaimed);
  const double p_kill = 1.0 - std::exp(-ctx.sim.parameters().value(kill_rate_) * ctx.dt);
  const auto ids = killers_.ids();
  const auto voxels = killers_.voxels();
  const auto step = static_cast<std::uint64_t>(ctx.step);

  const VoxelIndex* const where = voxels.data();
  constexpr std::size_t kBatch = 256;
  // Blocks of 16384 killers: small populations run on one thread (cheaper than waking more).
  ctx.sim.pool().for_blocks("walker.contact.propose", n, 16384, [&](std::size_t b, std::size_t e) {
    // Per batch: who has prey within reach (one bit each, no branch: most killers meet no
    // prey), then the random words of those, then the rare kills.
    std::array<std::uint16_t, kBatch> near;
    std::array<RandomBlock, kBatch> draws;
    for (std::size_t b0 = b; b0 < e; b0 += kBatch) {
      const std::size_t m = std::min(e, b0 + kBatch) - b0;
      std::size_t n_near = 0;
      for (std::size_t j = 0; j < m; ++j) {
        near[n_near] = static_cast<std::uint16_t>(j);
        n_near += index_.within_reach.contains(where[b0 + j]) ? 1 : 0;
      }
      for (std::size_t q = 0; q < n_near; ++q) draws[q] = rng_.first_block(ids[b0 + near[q]], step);
      for (std::size_t q = 0; q < n_near; ++q) {
        const std::size_t i = b0 + near[q];
        RandomStream s = rng_.stream(ids[i], step, draws[q]);
        if (!s.bernoulli(p_kill)) continue;
        // Count prey in contact, then pick the k-th: no per-agent allocation.
        const VoxelIndex v = where[i];
        std::array<VoxelIndex, 7> candidates{v};
        const auto around = lattice.neighbours(v);
        std::copy(around.begin(), around.end(), candidates.begin() + 1);
        auto in_voxel = [&](VoxelIndex w) { return index_.in(w); };
        std::uint32_t in_contact = 0;
        for (VoxelIndex w : candidates) in_contact += static_cast<std::uint32_t>(in_voxel(w).size());
        if (in_contact == 0) continue;
        std::uint32_t pick = s.below(in_contact);
        const std::uint64_t key = (s.bits() & 0xFFFFFFFF00000000ull) | i;
        for (VoxelIndex w : candidates) {
          const auto here = in_voxel(w);
          if (pick < here.size()) {
            claim_prey(claims_[here[pick]], key);
            break;
          }
          pick -= static_cast<std::uint32_t>(here.size());
        }
      }
    }
  });

  // Apply in prey order: deaths and credits.
  total_kills_ += apply_claims(claims_, prey_, killers_.column(kills_));
}

void ContactKillProcess::visit_state(StateVisitor& v) {
  v.value("total_kills", "1", StateRole::ProcessState, total_kills_);
}

}  // namespace msabm::walkers
