#pragma once
// Helpers shared by the tissue tests: a voxel array or a readout by name.
#include <span>
#include <stdexcept>
#include <string>

#include "engine/core/simulation.hpp"

namespace msabm::testing {

inline std::span<double> voxel_array(Patch& patch, const std::string& name) {
  for (auto& a : patch.voxel_state().arrays()) {
    if (a.name == name) return a.values;
  }
  throw std::logic_error("no voxel array " + name);
}

inline double readout(const Simulation& sim, const std::string& name) {
  const Readout* r = sim.find_readout(name);
  if (r == nullptr) throw std::logic_error("no readout " + name);
  return r->measure(sim);
}

/// A block of white matter with one x tract, for tests (20 um voxels, capacity 8).
inline std::string white_matter_block(int n, const std::string& extra_fields = "", const std::string& tissue = "") {
  return "    lattice: {dims: [" + std::to_string(n) + ", " + std::to_string(n) + ", " + std::to_string(n) +
         "], voxel_size: \"20 um\", capacity: 8, tissue: {white_matter: {}}}\n" +
         (extra_fields.empty() ? std::string() : "    fields:\n" + extra_fields) +
         "    contents:\n      tissue:\n        model: white_matter\n"
         "        tracts: [{direction: x, axon_density: \"1.33e5 1/mm^2\"}]\n" + tissue;
}

}  // namespace msabm::testing

namespace msabm::testing {

template <class T>
ColumnRef<T> column_of(const AgentKind& kind, const std::string& name) {
  const auto& cols = kind.columns();
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (cols[c].name == name) return {c};
  }
  throw std::logic_error("no column " + name);
}

}  // namespace msabm::testing
