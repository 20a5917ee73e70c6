#include "models/walkers/traits.hpp"

#include <algorithm>

namespace msabm::walkers {

double TraitSpec::value(const CounterRng& rng, std::uint64_t id) const {
  // Step 0 of the agent's own stream in this trait's purpose: one draw per agent, ever.
  RandomStream s = rng.stream(id, 0);
  return std::clamp(mean + sd * s.normal(), min, max);
}

std::vector<TraitSpec> read_traits(const config::Section& kind_section, const std::string& kind) {
  std::vector<TraitSpec> out;
  if (!kind_section.has("traits")) return out;
  const config::Section traits = kind_section.section("traits");
  for (const std::string& name : traits.keys()) {
    const config::Section t = traits.section(name);
    TraitSpec spec;
    spec.kind = kind;
    spec.name = name;
    spec.mean = t.number("mean");
    spec.sd = t.number("sd", 0.0, config::Range::non_negative());
    spec.min = t.number("min", -1e300);
    spec.max = t.number("max", 1e300);
    if (spec.max < spec.min) t.fail("max", "must be >= min");
    out.push_back(std::move(spec));
  }
  return out;
}

const TraitSpec* KindTraits::find(const std::string& kind, const std::string& name) const {
  for (const TraitSpec& s : specs_) {
    if (s.kind == kind && s.name == name) return &s;
  }
  return nullptr;
}

void KindTraits::declare(Patch& patch, std::vector<TraitSpec> specs) {
  if (specs.empty()) return;
  KindTraits* traits = patch.component<KindTraits>();
  if (traits == nullptr) {
    traits = static_cast<KindTraits*>(&patch.add_component(std::make_unique<KindTraits>()));
  }
  for (TraitSpec& s : specs) traits->add(std::move(s));
}

TraitScale TraitScale::read(const config::Section& s) {
  TraitScale t;
  t.trait = s.string("trait");
  t.threshold = s.number("threshold", 0.0);
  t.saturation = s.number("saturation", 1.0);
  if (t.saturation <= t.threshold) s.fail("saturation", "must exceed threshold");
  return t;
}

}  // namespace msabm::walkers
