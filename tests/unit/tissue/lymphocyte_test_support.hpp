#pragma once
// Small white-matter patches for the lymphocyte, entry and BBB tests: one voxel (every cell is
// next to every other) or a block with a venule, and accessors for agent columns.
#include <algorithm>
#include <string>

#include "engine/core/simulation.hpp"
#include "models/tissue/cell_common.hpp"
#include "support/simulation_from_yaml.hpp"

namespace msabm::testing {

/// A config with one patch `p` of `dims` voxels of 20 um holding white matter; `extra` is YAML
/// placed under the patch (indented by 4: fields, agents) and `tissue_extra` under its tissue
/// contents (indented by 8).
inline std::string tissue_yaml(const std::string& time, const std::string& dims, const std::string& extra,
                               const std::string& tissue_extra = "") {
  return "seed: 11\ntime: " + time +
         "\npatches:\n  p:\n    lattice: {dims: " + dims +
         ", voxel_size: \"20 um\", capacity: 60000, tissue: {white_matter: {}, venule: {}, perivascular: {}, csf: {}}}\n"
         "    contents:\n      tissue:\n        model: white_matter\n"
         "        tracts: [{direction: x, axon_density: \"1.33e5 1/mm^2\"}]\n" +
         tissue_extra + extra;
}

inline AgentKind& kind_of(Simulation& sim, const std::string& name) {
  AgentKind* k = sim.find_patch("p")->find_kind(name);
  REQUIRE(k != nullptr);
  return *k;
}

template <class T>
std::span<T> column_of(AgentKind& kind, const std::string& name) {
  return kind.column(tissue::column_named<T>(kind, name));
}

inline double readout(const Simulation& sim, const std::string& name) {
  const Readout* r = sim.find_readout(name);
  REQUIRE(r != nullptr);
  return r->measure(sim);
}

inline std::size_t count_state(const AgentKind& kind, std::uint8_t state) {
  const auto s = kind.states();
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), state));
}

/// Runs `sim` for `ticks` base ticks (or to its end).
inline void run_ticks(Simulation& sim, std::int64_t ticks) {
  const std::int64_t end = sim.tick() + ticks;
  while (!sim.finished() && sim.tick() < end) sim.step();
}

}  // namespace msabm::testing
