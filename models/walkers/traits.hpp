#pragma once
// Per-agent traits: a number each agent of a kind carries for life, drawn once from a normal
// distribution (clamped to [min, max]) as a fixed function of the agent's id and the run's seed.
// Every way an agent comes to exist (placement, division, add_agents, a restart) therefore gives
// it its value without a stored column, and any model can read another kind's trait (a killer
// reads its prey's susceptibility). The definitions live in a patch component so that a model
// installed before the trait's kind still finds them.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/patch.hpp"
#include "engine/core/rng.hpp"

namespace msabm::walkers {

struct TraitSpec {
  std::string kind;   ///< the agent kind carrying it
  std::string name;   ///< traits.<name>
  double mean = 0;    ///< traits.<name>.mean
  double sd = 0;      ///< traits.<name>.sd
  double min = -1e300;  ///< traits.<name>.min (default: none)
  double max = 1e300;   ///< traits.<name>.max (default: none)

  /// The purpose of the random stream the values come from.
  [[nodiscard]] std::string purpose(const std::string& patch) const {
    return "trait." + patch + "." + kind + "." + name;
  }
  /// The value of the agent with this id (rng: sim.rng(purpose(patch))).
  [[nodiscard]] double value(const CounterRng& rng, std::uint64_t id) const;
};

/// Reads `traits: {<name>: {mean, sd, min, max}}` of a kind's section.
std::vector<TraitSpec> read_traits(const config::Section& kind_section, const std::string& kind);

/// The traits of a patch's kinds (definitions only: the values are functions of the ids, so the
/// component has no state).
class KindTraits final : public PatchComponent {
 public:
  [[nodiscard]] std::string_view component_name() const override { return "traits"; }
  void visit_state(StateVisitor& /*v*/) override {}
  void add(TraitSpec spec) { specs_.push_back(std::move(spec)); }
  [[nodiscard]] const TraitSpec* find(const std::string& kind, const std::string& name) const;

  /// Registers a kind's traits with the patch (adding the component on first use).
  static void declare(Patch& patch, std::vector<TraitSpec> specs);

 private:
  std::vector<TraitSpec> specs_;
};

/// `scale_by: {trait, threshold, saturation}`: a rate multiplier (t - threshold) /
/// (saturation - threshold), clamped to [0, 1], of the other agent's trait t.
struct TraitScale {
  std::string trait;       ///< "" : no scaling (factor 1)
  double threshold = 0;    ///< at or below it the factor is 0
  double saturation = 1;   ///< at or above it the factor is 1

  static TraitScale read(const config::Section& s);
  [[nodiscard]] double factor(double t) const {
    const double f = (t - threshold) / (saturation - threshold);
    return f < 0 ? 0.0 : f > 1 ? 1.0 : f;
  }
};

}  // namespace msabm::walkers
