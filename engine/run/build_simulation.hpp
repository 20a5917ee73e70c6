#pragma once
// Builds a Simulation from a validated config: clock, patches (lattice, labels, fields,
// contents, agent kinds), systemic models, patch templates, readouts and protocol events,
// through the model registry. Every key is read here or by a model, so
// Reader::finish() afterwards catches anything misspelt.
#include <cstdint>
#include <memory>
#include <optional>

#include "engine/config/section.hpp"
#include "engine/core/simulation.hpp"
#include "engine/model/registry.hpp"

namespace msabm {

struct BuildOptions {
  std::optional<std::uint64_t> seed;  ///< overrides the config's `seed`
  int threads = 1;
};

std::unique_ptr<Simulation> build_simulation(const config::Section& root, const Registry& registry,
                                             const BuildOptions& options);


}  // namespace msabm
