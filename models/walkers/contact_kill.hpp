#pragma once
// Walkers kill prey in contact (same voxel or a face neighbour). Each period a walker picks one
// prey in contact at random and kills it with probability 1 - exp(-kill_rate * dt). When
// several walkers kill one prey in the same period, the prey dies once and the kill is credited
// to the walker with the lowest random priority: an atomic minimum, so the outcome does not
// depend on thread scheduling.
#include <cstdint>
#include <vector>

#include "engine/core/parameter_store.hpp"
#include "engine/core/patch.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"
#include "engine/core/voxel_bits.hpp"
#include "engine/core/voxel_map.hpp"

namespace msabm::walkers {

class ContactKillProcess final : public Process {
 public:
  /// `kill_rate` names a model parameter (1/min), read at every run so that protocol actions
  /// can change it.
  ContactKillProcess(Patch& patch, AgentKind& killers, AgentKind& prey, ColumnRef<std::uint32_t> kills,
                     ParameterHandle kill_rate, CounterRng rng);
  void run(const StepContext& ctx) override;
  void visit_state(StateVisitor& v) override;
  [[nodiscard]] std::uint64_t total_kills() const { return total_kills_; }

 private:
  Patch& patch_;
  AgentKind& killers_;
  AgentKind& prey_;
  ColumnRef<std::uint32_t> kills_;
  ParameterHandle kill_rate_;
  CounterRng rng_;
  std::uint64_t total_kills_ = 0;
  VoxelMap prey_map_;
  VoxelBits within_reach_;  ///< prey voxels and their face neighbours
  std::uint64_t prey_revision_ = ~std::uint64_t{0};  ///< prey revision prey_map_ was built for
  std::vector<std::uint64_t> claims_;  ///< per prey: (priority << 32 | killer index), or max
};

}  // namespace msabm::walkers
