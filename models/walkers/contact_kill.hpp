#pragma once
// Walkers kill prey in contact (same voxel or a face neighbour). Each period a walker picks one
// prey in contact at random and kills it with probability 1 - exp(-kill_rate * dt). When
// several walkers kill one prey in the same period, the prey dies once and the kill is credited
// to the walker with the lowest random priority: an atomic minimum, so the outcome does not
// depend on thread scheduling.
#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/parameter_store.hpp"
#include "engine/core/patch.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"
#include "models/walkers/prey_index.hpp"

namespace msabm::walkers {

/// Claims of one tick's kills: per prey the smallest (priority << 32 | killer index), so that
/// a prey killed by several killers at once dies once, credited to one of them whatever the
/// threads' order.
inline void claim_prey(std::uint64_t& slot, std::uint64_t key) {
  std::atomic_ref<std::uint64_t> ref(slot);
  std::uint64_t current = ref.load(std::memory_order_relaxed);
  while (key < current && !ref.compare_exchange_weak(current, key, std::memory_order_relaxed)) {
  }
}
inline constexpr std::uint64_t kUnclaimed = ~std::uint64_t{0};

/// Applies a tick's claims in prey order: each claimed prey dies, its killer is credited.
/// Returns the number of kills.
std::uint64_t apply_claims(std::span<const std::uint64_t> claims, AgentKind& prey,
                           std::span<std::uint32_t> kills);

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
  PreyIndex index_;
  std::vector<std::uint64_t> claims_;  ///< per prey: (priority << 32 | killer index), or max
};

}  // namespace msabm::walkers
