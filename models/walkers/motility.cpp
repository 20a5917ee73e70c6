#include "models/walkers/motility.hpp"

#include <algorithm>
#include <array>

#include "engine/core/parallel.hpp"
#include "engine/core/pieces.hpp"
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
      return {attractant_.centre[0] - x[0], attractant_.centre[1] - x[1],
              attractant_.centre[2] - x[2]};
    }
    case Attractant::Type::Field:
      return patch_.fields()->gradient(field_index_, v);
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
  ThreadPool& pool = ctx.sim.pool();
  PlacementResolver& resolver = patch_.resolver();
  resolver.begin(patch_.occupancy(), n, pool);
  const std::uint16_t volume = kind_.volume();
  // Threads update the per-voxel counts either in pieces of two colours, with plain writes,
  // when the walkers are sorted well enough that same-colour pieces never reach the same voxel,
  // or else with atomic read-modify-writes. Below some 16 thousand walkers a step takes well
  // under a millisecond: waking threads for it costs more than it saves.
  constexpr std::size_t kParallelFrom = 16384;
  const bool threaded = pool.threads() > 1 && n >= kParallelFrom;
  const std::size_t pieces = 2 * static_cast<std::size_t>(pool.threads());
  // How far (in voxel index) a step can go: a plane, a row on a flat lattice, 1 along a line.
  const auto row = static_cast<std::size_t>(lattice.nx());
  const auto plane = row * static_cast<std::size_t>(lattice.ny());
  const std::size_t reach = lattice.nz() > 1 ? plane : lattice.ny() > 1 ? row : 1;
  const bool coloured = threaded && pieces_apart(voxels, pieces, reach, pool);
  const bool atomic = threaded && !coloured;
  constexpr std::size_t kBatch = 256;
  VoxelIndex* const targets = targets_.data();
  const double move_probability = move_probability_;
  const double bias = bias_;
  auto propose = [&](std::size_t b, std::size_t e) {
    // Per batch: the random words first, then the walkers sorted into those that stay, those
    // that step to a uniform face and those that follow the attractant, each group handled by
    // a loop of its own (a coin flip per walker is a branch no predictor can learn).
    std::array<RandomBlock, kBatch> draws;
    std::array<std::uint16_t, kBatch> uniform, biased;
    for (std::size_t b0 = b; b0 < e; b0 += kBatch) {
      const std::size_t e0 = std::min(e, b0 + kBatch);
      const std::size_t m = e0 - b0;
      for (std::size_t j = 0; j < m; ++j) draws[j] = rng_.first_block(ids[b0 + j], step);
      // Words: 0 move?, 1 biased?, 2 which face, 3 priority (asked for by the resolver).
      std::size_t n_uniform = 0;
      std::size_t n_biased = 0;
      for (std::size_t j = 0; j < m; ++j) {
        // Integer flags combined with & (not &&, which compiles to branches).
        const unsigned moves = to_unit_interval(draws[j][0]) < move_probability ? 1u : 0u;
        const unsigned follows = to_unit_interval(draws[j][1]) < bias ? 1u : 0u;
        targets[b0 + j] = kNoVoxel;
        uniform[n_uniform] = static_cast<std::uint16_t>(j);
        biased[n_biased] = static_cast<std::uint16_t>(j);
        n_uniform += moves & (follows ^ 1u);
        n_biased += moves & follows;
      }
      auto step_to = [&](std::size_t i, VoxelIndex v, const std::array<int, 3>& c, int face) {
        const VoxelIndex t = lattice.neighbour(v, c, face);
        targets[i] = t;
        if (t != kNoVoxel) resolver.request(t, volume, atomic);
      };
      for (std::size_t q = 0; q < n_uniform; ++q) {
        const std::size_t j = uniform[q];
        const VoxelIndex v = voxels[b0 + j];
        step_to(b0 + j, v, lattice.coords(v), static_cast<int>(to_unit_interval(draws[j][2]) * 6.0));
      }
      for (std::size_t q = 0; q < n_biased; ++q) {
        const std::size_t j = biased[q];
        const VoxelIndex v = voxels[b0 + j];
        const auto c = lattice.coords(v);
        const double u_face = to_unit_interval(draws[j][2]);
        const auto g = pull(v, c);
        const bool any = g[0] != 0 || g[1] != 0 || g[2] != 0;
        step_to(b0 + j, v, c, any ? face_along(g, u_face) : static_cast<int>(u_face * 6.0));
      }
    }
  };
  if (!threaded) {
    propose(0, n);
  } else if (coloured) {
    pool.for_two_colours("walker.motility.propose", n, pieces, propose);
  } else {
    pool.for_blocks("walker.motility.propose", n, 4096, propose);
  }

  const auto priority_of = [&](std::uint32_t i) { return rng_.first_block(ids[i], step)[3]; };
  resolver.settle(targets_, priority_of, volume, patch_.occupancy(), pool, accepted_);

  // Apply: accepted walkers move (a walker that stays moves "from its voxel to its voxel":
  // no branch on a coin flip).
  const std::uint8_t* const accepted = accepted_.data();
  std::uint16_t* const used = patch_.occupancy().values().data();
  VoxelIndex* const where = voxels.data();
  auto apply = [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      const VoxelIndex from = where[i];
      const auto units = static_cast<std::uint16_t>(accepted[i] * volume);
      const VoxelIndex to = accepted[i] != 0 ? targets[i] : from;
      used[from] = static_cast<std::uint16_t>(used[from] - units);
      used[to] = static_cast<std::uint16_t>(used[to] + units);
      where[i] = to;
    }
  };
  if (!threaded) {
    apply(0, n);
  } else if (coloured) {
    pool.for_two_colours("walker.motility.apply", n, pieces, apply);
  } else {
    Occupancy& occupancy = patch_.occupancy();
    pool.for_each("walker.motility.apply", n, [&](std::size_t i) {
      if (!accepted[i]) return;
      occupancy.atomic_remove(where[i], volume);
      occupancy.atomic_add(targets[i], volume);
      where[i] = targets[i];
    });
  }
  kind_.touch();
}

}  // namespace msabm::walkers
