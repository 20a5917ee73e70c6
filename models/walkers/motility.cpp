#include "models/walkers/motility.hpp"

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

std::array<double, 3> MotilityProcess::pull(VoxelIndex v) const {
  switch (attractant_.type) {
    case Attractant::Type::None:
      return {0, 0, 0};
    case Attractant::Type::Uniform:
      return attractant_.direction;
    case Attractant::Type::Point: {
      const auto c = patch_.lattice().centre(v);
      return normalised({attractant_.centre[0] - c[0], attractant_.centre[1] - c[1],
                         attractant_.centre[2] - c[2]});
    }
    case Attractant::Type::Field:
      return normalised(patch_.fields()->gradient(field_index_, v));
  }
  return {0, 0, 0};
}

void MotilityProcess::run(const StepContext& ctx) {
  const std::size_t n = kind_.size();
  targets_.resize(n);
  priorities_.resize(n);
  accepted_.resize(n);
  const auto ids = kind_.ids();
  const auto voxels = kind_.voxels();
  const Lattice& lattice = patch_.lattice();
  const auto step = static_cast<std::uint64_t>(ctx.step);

  // Propose: each walker writes only its own slots.
  ctx.sim.pool().for_each("walker.motility.propose", n, [&](std::size_t i) {
    RandomStream s = rng_.stream(ids[i], step);
    const double u_move = s.uniform();
    const double u_kind = s.uniform();
    const double u_face = s.uniform();
    priorities_[i] = s.bits();
    targets_[i] = kNoVoxel;
    if (u_move >= move_probability_) return;
    int face = static_cast<int>(u_face * 6.0);
    if (u_kind < bias_) {
      const auto g = pull(voxels[i]);
      if (g[0] != 0 || g[1] != 0 || g[2] != 0) face = face_along(g, u_face);
    }
    targets_[i] = lattice.neighbour(voxels[i], face);
  });

  patch_.resolver().resolve(targets_, priorities_, kind_.volume(), patch_.occupancy(),
                            ctx.sim.pool(), accepted_);

  // Apply: accepted walkers move; occupancy changes are commutative atomic adds.
  Occupancy& occupancy = patch_.occupancy();
  const std::uint16_t volume = kind_.volume();
  ctx.sim.pool().for_each("walker.motility.apply", n, [&](std::size_t i) {
    if (!accepted_[i]) return;
    occupancy.atomic_remove(voxels[i], volume);
    occupancy.atomic_add(targets_[i], volume);
    voxels[i] = targets_[i];
  });
  kind_.touch();
}

}  // namespace msabm::walkers
