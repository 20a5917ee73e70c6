#pragma once
// Walkers that kill only the prey they are attached to (contact.attach; the rules in
// AttachParams). Each period, in this order: a walker attached to a prey no longer in contact
// (dead, moved away) is free again; an attached walker kills its prey with probability
// 1 - exp(-k s dt) (and is then free) or else detaches with probability 1 - exp(-dt / lifetime);
// a free walker attaches with probability 1 - exp(-R dt), R the sum of its attachment rates to
// the prey in contact, to one of them in proportion to its rate. k is contact.kill_rate and s
// the prey's scale factor (AttachParams::scale of the prey's trait, 1 without). Kills are
// claimed as in ContactKillProcess, so a prey dies once whatever the thread count. A daughter
// of an attached walker (population.division_rate) inherits the attachment, like every column,
// and keeps it while the prey is within its reach.
#include <cstdint>
#include <vector>

#include "engine/core/parameter_store.hpp"
#include "engine/core/patch.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"
#include "models/walkers/prey_index.hpp"
#include "models/walkers/traits.hpp"
#include "models/walkers/walker_params.hpp"

namespace msabm::walkers {

class AttachKillProcess final : public Process {
 public:
  /// `attached` holds each walker's prey id + 1 (0: free); `trait` is the prey's trait that
  /// scales the rates (nullptr: factor 1), its values drawn from `trait_rng`.
  AttachKillProcess(Patch& patch, AgentKind& killers, AgentKind& prey, ColumnRef<std::uint32_t> kills,
                    ColumnRef<std::uint64_t> attached, ParameterHandle kill_rate, const AttachParams& attach,
                    const TraitSpec* trait, CounterRng trait_rng, CounterRng rng);
  void run(const StepContext& ctx) override;
  void visit_state(StateVisitor& v) override;
  [[nodiscard]] std::uint64_t total_kills() const { return total_kills_; }

  /// The rate factor of prey with this id: AttachParams::scale of its trait (1 without one).
  [[nodiscard]] double prey_factor(std::uint64_t prey_id) const;

 private:
  Patch& patch_;
  AgentKind& killers_;
  AgentKind& prey_;
  ColumnRef<std::uint32_t> kills_;
  ColumnRef<std::uint64_t> attached_;
  ParameterHandle kill_rate_;
  AttachParams attach_;
  const TraitSpec* trait_;
  CounterRng trait_rng_;
  CounterRng rng_;
  std::uint64_t total_kills_ = 0;
  PreyIndex index_;
  std::vector<std::uint64_t> claims_;
};

}  // namespace msabm::walkers
