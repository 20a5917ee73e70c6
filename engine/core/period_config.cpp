#include "engine/core/period_config.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "engine/core/simulation.hpp"

namespace msabm {

std::int64_t period_ticks(const Simulation& sim, const config::Section& section, std::string_view key,
                          double period) {
  try {
    return sim.ticks_for(period);
  } catch (const std::invalid_argument&) {
    section.fail(key, fmt::format("{} min is not a whole multiple of time.step ({} min)", period, sim.clock().step));
  }
}

}  // namespace msabm
