#include "engine/io/output_settings.hpp"


#include <algorithm>
#include <cmath>

#include "engine/core/period_config.hpp"
#include "engine/core/simulation.hpp"

namespace msabm {

namespace {

std::int64_t interval_ticks(const config::Section& s, std::string_view key,
                            std::string_view default_text, const Simulation& sim) {
  const double minutes = s.quantity(key, "min", default_text, config::Range::non_negative());
  if (minutes == 0) return 0;
  if (!s.has(key)) {
    // A default that does not fit the time step rounds to the nearest whole number of ticks.
    return std::max<std::int64_t>(1, std::llround(minutes / sim.clock().step));
  }
  return period_ticks(sim, s, key, minutes);
}

}  // namespace

OutputSettings read_output_settings(const config::Section& output, const Simulation& sim) {
  OutputSettings o;
  o.progress = output.boolean("progress", true);
  o.series_ticks = interval_ticks(output, "series_interval", "10 min", sim);
  o.snapshot_ticks = interval_ticks(output, "snapshot_interval", "1 h", sim);
  o.checkpoint_ticks = interval_ticks(output, "checkpoint_interval", "6 h", sim);
  o.checkpoint_wall_seconds =
      60.0 * output.quantity("checkpoint_wall_interval", "min", "30 min", config::Range::non_negative());
  o.compression = static_cast<int>(output.integer("compression", 4, 0, 9));
  return o;
}

}  // namespace msabm
