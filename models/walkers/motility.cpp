#include "models/walkers/motility.hpp"

#include <algorithm>
#include <array>

#include "engine/core/parallel.hpp"
#include "engine/core/simulation.hpp"
#include "engine/fields/field_set.hpp"

namespace msabm::walkers {

MotilityProcess::MotilityProcess(Patch& patch, AgentKind& kind, const WalkerParams& params,
                                 double move_probability, CounterRng rng)
    : patch_(patch),
      kind_(kind),
      move_probability_(move_probability),
      bias_(params.bias),
      attractant_(params.attractant),
      rng_(rng) {
  if (attractant_.type == Attractant::Type::Field) {
    field_index_ = patch.fields()->index_of(attractant_.field);
  }
}

std::array<double, 3> MotilityProcess::pull(VoxelIndex v, const std::array<int, 3>& c) const {
  switch (attractant_.type) {
    case Attractant::Type::None:
      return {0, 0, 0};
    case Attractant::Type::Uniform:
      return attractant_.direction;
    case Attractant::Type::Point: {
      const auto x = patch_.lattice().centre(c);
      return normalised({attractant_.centre[0] - x[0], attractant_.centre[1] - x[1],
                         attractant_.centre[2] - x[2]});
    }
    case Attractant::Type::Field:
      return normalised(patch_.fields()->gradient(field_index_, v));
  }
  return {0, 0, 0};
}

void MotilityProcess::run(const StepContext& ctx) {
  const std::size_t n = kind_.size();
  targets_.resize(n);
  accepted_.resize(n);
  const auto ids = kind_.ids();
  const auto voxels = kind_.voxels();
  const Lattice& lattice = patch_.lattice();
  const auto step = static_cast<std::uint64_t>(ctx.step);

  // Propose: each walker writes only its own slot and counts its request with the resolver
  // (one pass over the walkers instead of two). The random numbers of a batch come first, in a
  // loop of their own (see CounterRng::first_block).
  PlacementResolver& resolver = patch_.resolver();
  resolver.begin(patch_.occupancy(), n, ctx.sim.pool());
  const bool concurrent = ctx.sim.pool().threads() > 1;
  const std::uint16_t volume = kind_.volume();
  constexpr std::size_t kBatch = 256;
  ctx.sim.pool().for_blocks("walker.motility.propose", n, 4096, [&](std::size_t b, std::size_t e) {
    std::array<RandomBlock, kBatch> draws;
    for (std::size_t b0 = b; b0 < e; b0 += kBatch) {
      const std::size_t e0 = std::min(e, b0 + kBatch);
      for (std::size_t i = b0; i < e0; ++i) draws[i - b0] = rng_.first_block(ids[i], step);
      for (std::size_t i = b0; i < e0; ++i) {
        // Words: 0 move?, 1 biased?, 2 which face, 3 priority (asked for by the resolver).
        const RandomBlock& u = draws[i - b0];
        targets_[i] = kNoVoxel;
        if (to_unit_interval(u[0]) >= move_probability_) continue;
        const double u_face = to_unit_interval(u[2]);
        const VoxelIndex v = voxels[i];
        const auto c = lattice.coords(v);
        int face = static_cast<int>(u_face * 6.0);
        if (to_unit_interval(u[1]) < bias_) {
          const auto g = pull(v, c);
          if (g[0] != 0 || g[1] != 0 || g[2] != 0) face = face_along(g, u_face);
        }
        const VoxelIndex t = lattice.neighbour(v, c, face);
        targets_[i] = t;
        if (t != kNoVoxel) resolver.request(t, volume, concurrent);
      }
    }
  });

  const auto priority_of = [&](std::uint32_t i) { return rng_.first_block(ids[i], step)[3]; };
  resolver.settle(targets_, priority_of, volume, patch_.occupancy(), ctx.sim.pool(), accepted_);

  // Apply: accepted walkers move; occupancy changes commute (atomic adds when threaded).
  Occupancy& occupancy = patch_.occupancy();
  ctx.sim.pool().for_each("walker.motility.apply", n, [&](std::size_t i) {
    if (!accepted_[i]) return;
    if (concurrent) {
      occupancy.atomic_remove(voxels[i], volume);
      occupancy.atomic_add(targets_[i], volume);
    } else {
      occupancy.remove(voxels[i], volume);
      occupancy.add(targets_[i], volume);
    }
    voxels[i] = targets_[i];
  });
  kind_.touch();
}

}  // namespace msabm::walkers
