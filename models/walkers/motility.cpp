#include "models/walkers/motility.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/core/parallel.hpp"
#include "engine/core/pieces.hpp"
#include "engine/core/simulation.hpp"
#include "engine/fields/field_set.hpp"

namespace msabm::walkers {

MotilityProcess::MotilityProcess(Patch& patch, AgentKind& kind, const WalkerParams& params,
                                 double move_probability, CounterRng rng,
                                 std::optional<HeadingColumns> heading,
                                 std::optional<ColumnRef<std::uint64_t>> attached)
    : patch_(patch),
      kind_(kind),
      move_probability_(move_probability),
      bias_(params.bias),
      attractant_(params.attractant),
      rng_(rng),
      renew_probability_(params.persistence_time > 0
                             ? -std::expm1(-params.motility_period / params.persistence_time)
                             : 1.0),
      speed_(params.speed),
      heading_(heading),
      attached_(attached) {
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
  // Walkers attached to prey stay (nullptr: none can be).
  const std::uint64_t* const held = attached_ ? kind_.column(*attached_).data() : nullptr;
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
        const unsigned moves = (to_unit_interval(draws[j][0]) < move_probability ? 1u : 0u) &
                               (held == nullptr || held[b0 + j] == 0 ? 1u : 0u);
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
  if (heading_) {
    // Few walkers keep headings (a persistent walk is for matching a peer's cells, not for
    // millions of them): one plain loop.
    propose_persistent(ctx);
  } else if (!threaded) {
    propose(0, n);
  } else if (coloured) {
    pool.for_two_colours("walker.motility.propose", n, pieces, propose);
  } else {
    pool.for_blocks("walker.motility.propose", n, 4096, propose);
  }

  const auto priority_of = [&](std::uint32_t i) { return rng_.first_block(ids[i], step)[3]; };
  resolver.settle(targets_, priority_of, volume, patch_.occupancy(), pool, accepted_);
  if (heading_) settle_persistent();

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

namespace {
/// Just inside a voxel's face (offset units um): where a walker stopped at the face stays.
constexpr double kInside = 1.0 - 1e-6;
}  // namespace

void MotilityProcess::propose_persistent(const StepContext& ctx) {
  const std::size_t n = kind_.size();
  const auto ids = kind_.ids();
  const auto voxels = kind_.voxels();
  const std::array<std::span<float>, 3> d{kind_.column(heading_->x), kind_.column(heading_->y),
                                          kind_.column(heading_->z)};
  const std::array<std::span<float>, 3> o{kind_.column(heading_->offset_x), kind_.column(heading_->offset_y),
                                          kind_.column(heading_->offset_z)};
  const std::uint64_t* const held = attached_ ? kind_.column(*attached_).data() : nullptr;
  const Lattice& lattice = patch_.lattice();
  const double half = 0.5 * lattice.voxel_size();
  const double length = speed_ * ctx.dt;
  const auto step = static_cast<std::uint64_t>(ctx.step);
  PlacementResolver& resolver = patch_.resolver();
  const std::uint16_t volume = kind_.volume();
  for (std::size_t i = 0; i < n; ++i) {
    targets_[i] = kNoVoxel;
    if (held != nullptr && held[i] != 0) continue;
    const VoxelIndex v = voxels[i];
    const auto c = lattice.coords(v);
    // Words: 0 renew?, 1 and 2 the new random direction, 3 the resolver's priority.
    const RandomBlock words = rng_.first_block(ids[i], step);
    if (to_unit_interval(words[0]) < renew_probability_) {
      const double z = 2.0 * to_unit_interval(words[1]) - 1.0;  // uniform on the sphere
      const double phi = 6.283185307179586 * to_unit_interval(words[2]);
      const double rho = std::sqrt(std::max(0.0, 1.0 - z * z));
      const std::array<double, 3> g = bias_ > 0 ? normalised(pull(v, c)) : std::array<double, 3>{0, 0, 0};
      const std::array<double, 3> h = normalised({bias_ * g[0] + (1 - bias_) * rho * std::cos(phi),
                                                  bias_ * g[1] + (1 - bias_) * rho * std::sin(phi),
                                                  bias_ * g[2] + (1 - bias_) * z});
      for (int a = 0; a < 3; ++a) d[a][i] = static_cast<float>(h[a]);
    }
    // The new offset; the axis overshooting the voxel most is the face it enters.
    std::array<double, 3> x{};
    int axis = -1;
    double over = 0;
    // A voxel spans [-half, half) around its centre on each axis.
    auto outside = [half](double y) { return y >= half || y < -half; };
    for (int a = 0; a < 3; ++a) {
      x[a] = o[a][i] + length * d[a][i];
      const double beyond = std::abs(x[a]) - half;
      if (outside(x[a]) && (axis < 0 || beyond > over)) {
        axis = a;
        over = beyond;
      }
    }
    for (int a = 0; a < 3; ++a) {
      // Other axes stay inside: one face per period.
      if (a != axis && outside(x[a])) x[a] = std::copysign(half * kInside, x[a]);
      o[a][i] = static_cast<float>(x[a]);
    }
    if (axis < 0) continue;
    const VoxelIndex t = lattice.neighbour(v, c, 2 * axis + (x[axis] > 0 ? 1 : 0));
    targets_[i] = t;
    if (t != kNoVoxel) {
      resolver.request(t, volume, false);
    } else {
      o[axis][i] = static_cast<float>(std::copysign(half * kInside, x[axis]));  // the lattice's edge
    }
  }
}

void MotilityProcess::settle_persistent() {
  const std::size_t n = kind_.size();
  const std::array<std::span<float>, 3> o{kind_.column(heading_->offset_x), kind_.column(heading_->offset_y),
                                          kind_.column(heading_->offset_z)};
  const double size = patch_.lattice().voxel_size();
  const double half = 0.5 * size;
  for (std::size_t i = 0; i < n; ++i) {
    if (targets_[i] == kNoVoxel) continue;
    for (int a = 0; a < 3; ++a) {
      const double x = o[a][i];
      if (x < half && x >= -half) continue;
      // Entered: the same point seen from the new voxel's centre; refused: held at the face.
      o[a][i] = static_cast<float>(accepted_[i] != 0 ? x - std::copysign(size, x) : std::copysign(half * kInside, x));
    }
  }
}

}  // namespace msabm::walkers
