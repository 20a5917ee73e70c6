#pragma once
// The small config that the list-entry tests (`--set` in tests/cli, sweep `vary:` in
// tests/sweep) address by list index: a secretion rate in a kind's exchange list and the counts
// of two protocol events.
#include <string>

namespace msabm::testing {

// Walkers that do not move, die or divide: their count is what the protocol adds.
inline const std::string kListEntriesConfig =
    "seed: 5\n"
    "time: {step: \"1 min\", duration: \"10 min\"}\n"
    "patches:\n"
    "  p:\n"
    "    lattice: {dims: [12, 12, 12], voxel_size: \"10 um\"}\n"
    "    fields:\n"
    "      signal: {units: \"unit/um^3\", diffusion: \"100 um^2/min\", decay: \"0.1 1/min\"}\n"
    "    agents:\n"
    "      prey:\n"
    "        model: target\n"
    "        count: 20\n"
    "        exchange: [{field: signal, secretion: \"1 unit/min\"}]\n"
    "      w: {model: walker, count: 0}\n"
    "protocol:\n"
    "  - {at: \"1 min\", action: add_agents, patch: p, kind: w, count: 5}\n"
    "  - {at: \"2 min\", action: add_agents, patch: p, kind: w, count: 10}\n";

}  // namespace msabm::testing
