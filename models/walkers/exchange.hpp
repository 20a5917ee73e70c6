#pragma once
// Agents of a kind secrete into and take up a diffusing field: each agent adds `secretion`
// (amount/min) to its voxel and removes `uptake * value` per minute (applied implicitly by the
// field solver, so values never go negative). Terms are handed to the FieldSet in agent order,
// which makes their sum independent of the thread count.
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/patch.hpp"
#include "engine/core/scheduler.hpp"

namespace msabm::walkers {

struct ExchangeParams {
  int field = -1;          ///< field index in the patch
  double secretion = 0.0;  ///< amount per minute per agent (field units x um^3 / min)
  double uptake = 0.0;     ///< 1/min per agent
};

/// Reads `exchange: [{field: name, secretion: "...", uptake: "..."}]` for a patch's fields.
std::vector<ExchangeParams> read_exchange(const config::Section& kind_section, const Patch& patch);

class ExchangeProcess final : public Process {
 public:
  ExchangeProcess(Patch& patch, AgentKind& kind, ExchangeParams params);
  void run(const StepContext& ctx) override;

 private:
  Patch& patch_;
  AgentKind& kind_;
  ExchangeParams params_;
  std::vector<double> rates_;  ///< reused buffer, one per agent
};

}  // namespace msabm::walkers
