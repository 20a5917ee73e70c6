#pragma once
// Division and death of walkers. Each period a walker dies with probability 1 - exp(-d dt);
// a survivor divides with probability exp(b dt) - 1, which makes the expected growth per period
// exactly exp((b - d) dt), the mean of the continuous birth-death process. The daughter goes to
// the parent's voxel or a face neighbour inside the lattice (uniformly chosen); if that voxel is full it is not born
// (contact inhibition), settled by the engine's PlacementResolver.
#include <cstdint>
#include <vector>

#include "engine/core/patch.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"

namespace msabm::walkers {

class PopulationProcess final : public Process {
 public:
  PopulationProcess(Patch& patch, AgentKind& kind, double division_rate, double death_rate,
                    CounterRng rng);
  void run(const StepContext& ctx) override;

 private:
  Patch& patch_;
  AgentKind& kind_;
  double division_rate_;
  double death_rate_;
  CounterRng rng_;
  std::vector<VoxelIndex> targets_;
  std::vector<std::uint64_t> priorities_;
  std::vector<std::uint8_t> accepted_;
};

}  // namespace msabm::walkers
