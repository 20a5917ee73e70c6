#pragma once
// Reading `protocol:`, the list of events. Each event:
//   at: "-6 d"            # when, relative to the protocol's day 0 (time.day_zero after the
//                         #   start); may be negative, not before the run starts
//   every: "180 d"        # optional: repeat this often
//   times: 4              # optional: fire at most this many times (with every)
//   until: "2 y"          # optional: never after this time (relative to day 0)
//   when: {readout: neutrophils, above: "0.5"}   # optional: wait until a readout is above
//                         #   (or below) a value, checked every `check_every` (default 1 h)
//   action: set_parameter # what it does (a registered action) and that action's keys
#include "engine/config/section.hpp"
#include "engine/core/simulation.hpp"
#include "engine/model/registry.hpp"

namespace msabm {

void read_protocol(const config::Section& root, Simulation& sim, const Registry& registry);

/// The engine's own actions: add_agents, remove_agents, set_parameter, scale_parameter,
/// create_patch, remove_patch.
void register_engine_actions(Registry& registry);

}  // namespace msabm
