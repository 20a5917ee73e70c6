#pragma once
// Builds a Simulation from YAML text with the shipped models, as `msabm run` would.
#include <memory>
#include <string>

#include "engine/config/section.hpp"
#include "engine/config/tree.hpp"
#include "engine/run/build_simulation.hpp"
#include "models/register_models.hpp"

namespace msabm::testing {

inline std::unique_ptr<Simulation> simulation_from_yaml(const std::string& yaml, int threads = 1,
                                                        std::optional<std::uint64_t> seed = {}) {
  Registry registry;
  register_all_models(registry);
  config::Reader reader(config::Tree::load_string(yaml, "test.yaml"));
  auto sim = build_simulation(reader.root(), registry, BuildOptions{seed, threads});
  reader.finish();
  return sim;
}

inline void run_to_end(Simulation& sim) {
  while (!sim.finished()) sim.step();
}

}  // namespace msabm::testing
