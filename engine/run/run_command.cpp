#include "engine/run/run_command.hpp"

#include <fmt/format.h>

#include "engine/config/tree.hpp"
#include "engine/io/output_dir.hpp"
#include "engine/io/summary.hpp"
#include "engine/run/build_simulation.hpp"
#include "engine/run/progress.hpp"

namespace msabm {

namespace {

struct Loaded {
  config::Reader reader;
  std::unique_ptr<Simulation> sim;
  bool progress = true;
};

Loaded load(const ConfigRequest& request, const Registry& registry, const BuildOptions& options) {
  config::Tree tree = config::Tree::load_file(request.config);
  for (const auto& assignment : request.overrides) tree.apply_override(assignment);
  config::Reader reader(std::move(tree));
  const config::Section root = reader.root();
  auto sim = build_simulation(root, registry, options);
  const bool progress = root.section("output").boolean("progress", true);
  reader.finish();
  return {std::move(reader), std::move(sim), progress};
}

/// Agent-process updates in one tick (for the throughput figure): agents of every kind that a
/// due process touches are counted once per mobile kind process, approximated by mobile agents.
double mobile_agents(const Simulation& sim) {
  double n = 0;
  for (const auto& p : sim.patches()) {
    for (const auto& k : p.kinds()) {
      if (k->mobility() == Mobility::Mobile) n += static_cast<double>(k->size());
    }
  }
  return n;
}

}  // namespace

std::string check_config(const ConfigRequest& request, const Registry& registry) {
  return load(request, registry, BuildOptions{}).reader.resolved_yaml();
}

RunResult run_simulation(const RunRequest& request, const Registry& registry) {
  Loaded loaded = load(request.input, registry, BuildOptions{request.seed, request.threads});
  Simulation& sim = *loaded.sim;
  const std::filesystem::path out =
      request.out.value_or(std::filesystem::path("out") / loaded.reader.name());
  prepare_output_dir(out, request.overwrite);
  write_file_atomically(out / kResolvedConfigFile, loaded.reader.resolved_yaml());

  ProgressReporter progress(sim.total_ticks(), sim.clock().step, request.progress && loaded.progress);
  double agent_updates = 0;
  while (!sim.finished()) {
    agent_updates += mobile_agents(sim);
    sim.step();
    progress.update(sim.tick());
  }
  progress.finish(sim.tick());

  RunResult result{out, sim.state_digest(), progress.elapsed_seconds()};
  write_file_atomically(out / kSummaryFile,
                        summary_json(sim, RunInfo{loaded.reader.name(), request.threads,
                                                  result.wall_seconds, agent_updates}));
  return result;
}

}  // namespace msabm
