#include "models/walkers/walker_params.hpp"

namespace msabm::walkers {

WalkerParams WalkerParams::read(const config::Section& s) {
  using config::Range;
  WalkerParams p;
  p.count = static_cast<std::size_t>(s.integer("count", 0, 0, 100'000'000));
  p.placement = read_region(s.section("placement"));
  p.volume = static_cast<std::uint16_t>(s.integer("volume", 1, 1, 1000));

  const config::Section motility = s.section("motility");
  p.diffusivity = motility.quantity("diffusivity", "um^2/min", "0 um^2/min", Range::non_negative());
  p.motility_period = motility.quantity("period", "min", "1 min", Range::positive());

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

  const config::Section population = s.section("population");
  p.division_rate = population.quantity("division_rate", "1/min", "0 1/min", Range::non_negative());
  p.death_rate = population.quantity("death_rate", "1/min", "0 1/min", Range::non_negative());
  p.population_period = population.quantity("period", "min", "1 min", Range::positive());
  // Expected daughters per period is exp(b dt) - 1, which must stay a probability.
  if (p.division_rate * p.population_period > 0.693) {
    population.fail("division_rate", "division_rate * period must be <= ln 2; shorten the period");
  }
  return p;
}

TargetParams TargetParams::read(const config::Section& s) {
  TargetParams p;
  p.count = static_cast<std::size_t>(s.integer("count", 0, 0, 100'000'000));
  p.placement = read_region(s.section("placement"));
  p.volume = static_cast<std::uint16_t>(s.integer("volume", 1, 1, 1000));
  return p;
}

}  // namespace msabm::walkers
