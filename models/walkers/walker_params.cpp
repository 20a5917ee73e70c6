#include "models/walkers/walker_params.hpp"

namespace msabm::walkers {

WalkerParams WalkerParams::read(const config::Section& s, const std::string& kind) {
  using config::Range;
  WalkerParams p;
  p.count = static_cast<std::size_t>(s.integer("count", 0, 0, 100'000'000));
  p.placement = read_placement(s.section("placement"));
  p.volume = static_cast<std::uint16_t>(s.integer("volume", 1, 1, 1000));

  const config::Section motility = s.section("motility");
  p.diffusivity = motility.quantity("diffusivity", "um^2/min", "0 um^2/min", Range::non_negative());
  p.motility_period = motility.quantity("period", "min", "1 min", Range::positive());
  p.persistence_time = motility.quantity("persistence_time", "min", "0 min", Range::non_negative());
  p.speed = motility.quantity("speed", "um/min", "0 um/min", Range::non_negative());
  if (p.persistence_time > 0 && p.diffusivity > 0) {
    motility.fail("diffusivity", "a persistent walk is set by speed and persistence_time: remove diffusivity");
  }
  if (p.persistence_time > 0 && p.speed == 0) motility.fail("speed", "a persistent walk needs a speed > 0");
  if (p.persistence_time == 0 && p.speed > 0) {
    motility.fail("speed", "speed sets a persistent walk: give persistence_time too (or use diffusivity)");
  }

  const config::Section chemotaxis = s.section("chemotaxis");
  p.bias = chemotaxis.number("bias", 0.0, Range::probability());
  p.attractant = Attractant::read(chemotaxis.section("gradient"));
  if (p.bias > 0 && p.attractant.type == Attractant::Type::None) {
    chemotaxis.fail("gradient", "a chemotaxis bias needs a gradient (type: uniform, point or field)");
  }

  const config::Section contact = s.section("contact");
  p.prey = contact.string("prey", "");
  p.kill_rate = contact.quantity("kill_rate", "1/min", "0 1/min", Range::non_negative());
  p.contact_period = contact.quantity("period", "min", "1 min", Range::positive());
  if (contact.has("attach")) {
    const config::Section attach = contact.section("attach");
    AttachParams& a = p.attach;
    a.enabled = true;
    a.rate = attach.quantity("rate", "1/min", Range::non_negative());
    a.max_distance = attach.quantity("max_distance", "um", Range::non_negative());
    a.full_rate_distance = attach.quantity("full_rate_distance", "um", "0 um", Range::non_negative());
    if (a.full_rate_distance > a.max_distance) attach.fail("full_rate_distance", "must not exceed max_distance");
    a.lifetime = attach.quantity("lifetime", "min", "0 min", Range::non_negative());
    if (attach.has("scale_by")) a.scale = TraitScale::read(attach.section("scale_by"));
  }

  const config::Section population = s.section("population");
  p.division_rate = population.quantity("division_rate", "1/min", "0 1/min", Range::non_negative());
  p.death_rate = population.quantity("death_rate", "1/min", "0 1/min", Range::non_negative());
  p.population_period = population.quantity("period", "min", "1 min", Range::positive());
  p.traits = read_traits(s, kind);
  // Expected daughters per period is exp(b dt) - 1, which must stay a probability.
  if (p.division_rate * p.population_period > 0.693) {
    population.fail("division_rate", "division_rate * period must be <= ln 2; shorten the period");
  }
  return p;
}

TargetParams TargetParams::read(const config::Section& s, const std::string& kind) {
  TargetParams p;
  p.count = static_cast<std::size_t>(s.integer("count", 0, 0, 100'000'000));
  p.placement = read_placement(s.section("placement"));
  p.volume = static_cast<std::uint16_t>(s.integer("volume", 1, 1, 1000));
  p.traits = read_traits(s, kind);
  return p;
}

}  // namespace msabm::walkers
