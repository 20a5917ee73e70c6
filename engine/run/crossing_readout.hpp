#pragma once
// `crossing_time`: the time another readout first crosses a threshold, e.g. time to clearance:
//
//   readouts:
//     infiltrate: {model: kind_count, patch: lesion, kind: t_cell}
//     cleared:    {model: crossing_time, readout: infiltrate, below: 1, units: d,
//                  check_every: "1 h",   # default: time.step
//                  from: "0 d"}          # optional: watch from this time (relative to day 0)
//
// The watched readout is checked at the start of every `check_every` (after that tick's
// protocol events, before any process changes the state: Phase::Observe). A crossing `below`
// (`above`) is the first check at which the value is below (above) the threshold after a check
// at which it was not: a readout that starts past the threshold has not crossed it yet. The
// value is that check's time relative to day 0 in `units` (min, h, d, ...), known to within one
// `check_every`; NaN in /series and null in summary.json and sweep summaries while it has not
// crossed. Where the watch stands (armed, tick of the crossing) is process state: checkpointed,
// restored and hashed, so a restarted or extended run reports the same time.
#include <string>

#include "engine/config/section.hpp"
#include "engine/core/simulation.hpp"

namespace msabm {

/// The readout factory of `crossing_time` (registered by register_engine_readouts).
void crossing_time_readout(const config::Section& s, Simulation& sim, const std::string& name);

}  // namespace msabm
