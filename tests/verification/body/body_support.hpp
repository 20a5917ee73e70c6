#pragma once
// Runs of the shipped body configs for the body tests: a regimen (or the untreated patient) with
// `--set`-style overrides, advanced to a day relative to day 0, with readouts by name.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/config/tree.hpp"
#include "engine/run/build_simulation.hpp"
#include "models/register_models.hpp"

namespace msabm::testing {

struct BodyRun {
  std::unique_ptr<config::Reader> reader;  ///< kept alive with the simulation
  std::unique_ptr<Simulation> sim;

  double readout(const std::string& name) const {
    const Readout* r = sim->find_readout(name);
    REQUIRE(r != nullptr);
    return r->measure(*sim);
  }
  /// Runs until simulated day `day` relative to day 0.
  void run_to_day(double day) {
    const std::int64_t tick = sim->tick_at_or_after(sim->clock().day_zero + day * 1440.0);
    while (sim->tick() < tick && !sim->finished()) sim->advance(tick);
  }
  [[nodiscard]] double day() const { return sim->protocol_time() / 1440.0; }
};

/// configs/<relative> with overrides ("time.duration=\"2 y\""), seed and threads.
inline BodyRun body_run(const std::string& relative, const std::vector<std::string>& overrides = {},
                        std::uint64_t seed = 1, int threads = 1) {
  Registry registry;
  register_all_models(registry);
  config::Tree tree = config::Tree::load_file(std::string(MSABM_SOURCE_DIR) + "/configs/" + relative);
  for (const auto& o : overrides) tree.apply_override(o);
  BodyRun run;
  run.reader = std::make_unique<config::Reader>(std::move(tree));
  run.sim = build_simulation(run.reader->root(), registry, BuildOptions{seed, threads});
  return run;
}

}  // namespace msabm::testing
