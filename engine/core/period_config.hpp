#pragma once
// A period read from a config section, as whole ticks of the run's base step. Every process
// period, repeat interval and output interval goes through it, so a period that does not fit
// time.step is reported the same way everywhere: a config error at its key.
#include <cstdint>
#include <string_view>

#include "engine/config/section.hpp"

namespace msabm {

class Simulation;

/// `period` (min, already read from `section` at `key`) in ticks; ConfigError at `key` when it
/// is not a whole multiple of time.step.
std::int64_t period_ticks(const Simulation& sim, const config::Section& section, std::string_view key,
                          double period);

}  // namespace msabm
