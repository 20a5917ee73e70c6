#pragma once
// Lattice random walk with chemotactic bias. Each period a walker tries to jump to a face
// neighbour with probability p = 6 D dt / dx^2 (so the unbiased mean squared displacement is
// 6 D t); the face is uniform with probability 1 - bias and otherwise drawn along the local
// attractant gradient (see face_along), giving a drift of bias * p * dx / dt along an
// axis-aligned gradient. Moves into full voxels are settled by the engine's PlacementResolver.
#include <cstdint>
#include <vector>

#include "engine/core/patch.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"
#include "models/walkers/walker_params.hpp"

namespace msabm::walkers {

class MotilityProcess final : public Process {
 public:
  MotilityProcess(Patch& patch, AgentKind& kind, const WalkerParams& params, double move_probability,
                  CounterRng rng);
  void run(const StepContext& ctx) override;

 private:
  /// A vector (of any length: only its direction counts) towards the attractant at voxel v
  /// (coordinates c), or zero.
  [[nodiscard]] std::array<double, 3> pull(VoxelIndex v, const std::array<int, 3>& c) const;

  Patch& patch_;
  AgentKind& kind_;
  double move_probability_;
  double bias_;
  Attractant attractant_;
  int field_index_ = -1;
  CounterRng rng_;
  // Scratch reused every run (no allocation per step once grown).
  std::vector<VoxelIndex> targets_;
  std::vector<std::uint8_t> accepted_;
};

}  // namespace msabm::walkers
