#include "engine/run/run_command.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "engine/config/tree.hpp"
#include "engine/core/state_digest.hpp"
#include "engine/io/checkpoint_reader.hpp"
#include "engine/io/output_dir.hpp"
#include "engine/io/output_settings.hpp"
#include "engine/io/run_identity.hpp"
#include "engine/io/run_outputs.hpp"
#include "engine/io/signals.hpp"
#include "engine/io/summary.hpp"
#include "engine/run/build_simulation.hpp"
#include "engine/run/describe.hpp"
#include "engine/run/progress.hpp"
#include "engine/run/run_log.hpp"
#include "engine/version.hpp"

namespace msabm {

namespace {

struct Loaded {
  config::Reader reader;
  std::unique_ptr<Simulation> sim;
  OutputSettings output;
  std::vector<std::string> warnings;  ///< raised while loading, as printed
};

/// A sweep file or a calibration spec given to run or check: say what it is instead of listing
/// its keys as unknown.
void refuse_sweep_file(const config::Section& root, const std::string& file) {
  if (root.has("vary") && !root.has("patches")) {
    throw InputError(fmt::format("{0} is a sweep file (it has 'vary:'), not a simulation config: run it with "
                                 "msabm sweep {0} (msabm sweep --dry-run {0} checks it)",
                                 file));
  }
  if (root.has("targets") && root.has("parameters") && !root.has("patches")) {
    throw InputError(fmt::format("{0} is a calibration spec (it has 'targets:'), not a simulation config: run it "
                                 "with /usr/bin/python3 scripts/calibrate.py {0} (--check checks it)",
                                 file));
  }
}

/// Reads and builds, reporting every error of the config at once: past a bad value that has a
/// default, reading goes on with the default; the errors found are thrown together at the end
/// (or with the one that stopped the build), before anything runs or is written.
Loaded load_tree(config::Tree tree, const Registry& registry, const BuildOptions& options) {
  const std::string file = tree.name();
  config::Reader reader(std::move(tree));
  const config::Section root = reader.root();
  refuse_sweep_file(root, file);
  reader.collect_errors();
  std::unique_ptr<Simulation> sim;
  OutputSettings output;
  try {
    sim = build_simulation(root, registry, options);
    output = read_output_settings(root.section("output"), *sim);
  } catch (...) {
    reader.fail_with(std::current_exception());
  }
  reader.finish();
  std::vector<std::string> warnings;
  for (const auto& w : reader.warnings()) warnings.push_back(w.text());
  return {std::move(reader), std::move(sim), output, std::move(warnings)};
}

/// Where the wall time went, by process (as in summary.json's wall_s_by_process).
void log_timing(RunLog& log, const Simulation& sim) {
  log.write("wall time by process:");
  for (const auto& e : sim.scheduler().processes()) log.write(fmt::format("  {:<40} {:10.3f} s", e.name, e.wall_seconds));
  log.write(fmt::format("  {:<40} {:10.3f} s", "engine.commit_and_sort", sim.housekeeping_seconds()));
}

std::string hash_of(const std::string& text) {
  StateDigest digest;
  digest.add_bytes("config", text.data(), text.size());
  return digest.hex();
}

Loaded load(const ConfigRequest& request, const Registry& registry, const BuildOptions& options) {
  config::Tree tree = config::Tree::load_file(request.config);
  for (const auto& assignment : request.overrides) tree.apply_override(assignment);
  return load_tree(std::move(tree), registry, options);
}

/// A continued run: built from the checkpoint's own config exactly as a fresh run is, then
/// given the checkpoint's state. A CONFIG given beside --restart must resolve to that config.
Loaded load_checkpoint(const RunRequest& request, const Registry& registry, CheckpointHeader& header) {
  header = read_checkpoint_header(*request.restart);
  if (!request.input.config.empty()) {
    const Loaded given = load(request.input, registry, BuildOptions{request.seed, 1});
    if (given.reader.resolved_yaml() != header.config_yaml || given.sim->seed() != header.seed) {
      throw InputError(fmt::format("{} (with its --set/--seed) differs from the config of checkpoint {}; "
                                   "a run continues with its own config (omit CONFIG)",
                                   request.input.config.string(), request.restart->string()));
    }
  } else if (!request.input.overrides.empty() || request.seed) {
    throw InputError("--set and --seed cannot change a restarted run: it continues with the config "
                     "and seed stored in its checkpoint");
  }
  config::Tree tree = config::Tree::load_string(header.config_yaml, header.config_name + ".yaml");
  if (request.extend) {
    // The same config with a longer time.duration (printed exactly: shortest round-trip form).
    tree.apply_override(fmt::format("time.duration=\"{} min\"", header.duration + *request.extend));
  }
  Loaded loaded = load_tree(std::move(tree), registry, BuildOptions{header.seed, request.threads});
  restore_checkpoint(*request.restart, *loaded.sim);
  if (!request.extend && header.tick >= header.total_ticks) {
    // Nothing is left to simulate; the outputs are completed (a run killed after its last
    // checkpoint gets its summary), and the user learns how to go further.
    fmt::print(stderr, "msabm: the run of {} had reached its end (t = {} min); to continue it further, "
                       "add --extend DURATION (e.g. --extend \"12 h\")\n",
               request.restart->string(), header.time);
  }
  return loaded;
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

CheckedConfig check_config(const ConfigRequest& request, const Registry& registry) {
  Loaded loaded = load(request, registry, BuildOptions{});
  return {loaded.reader.resolved_yaml(), std::move(loaded.warnings), {}, {}};
}

CheckedConfig check_config_marked(const ConfigRequest& request, const Registry& registry) {
  Loaded loaded = load(request, registry, BuildOptions{});
  return {loaded.reader.resolved_yaml(), std::move(loaded.warnings), marked_resolved_yaml(loaded.reader, registry),
          off_default_notes(loaded.reader, registry)};
}

config::Reader read_config(config::Tree tree, const Registry& registry) {
  return load_tree(std::move(tree), registry, BuildOptions{}).reader;
}

RunResult run_simulation(const RunRequest& request, const Registry& registry) {
  CheckpointHeader header;
  Loaded loaded = request.restart ? load_checkpoint(request, registry, header)
                                  : load(request.input, registry, BuildOptions{request.seed, request.threads});
  Simulation& sim = *loaded.sim;
  const std::filesystem::path out =
      request.out.value_or(request.restart ? std::filesystem::absolute(*request.restart).parent_path()
                                           : std::filesystem::path("out") / loaded.reader.name());
  // A restart continues the results already in its folder (RunOutputs checks they are its own).
  prepare_output_dir(out, request.overwrite || request.restart.has_value());
  const RunIdentity identity{loaded.reader.name(),
                             request.restart && !request.extend ? header.config_yaml : loaded.reader.resolved_yaml(),
                             request.threads};
  std::optional<Continuation> continuation;
  if (request.restart) {
    continuation = Continuation{header.next_snapshot, header.config_yaml,
                                request.extend ? std::optional(header.total_ticks) : std::nullopt};
  }
  RunOutputs outputs(out, sim, loaded.output, identity, continuation, request.overwrite);
  write_file_atomically(out / kResolvedConfigFile, identity.config_yaml);

  RunLog log(out);
  log.write(fmt::format("==== msabm {} (commit {}) {} {} at {} on {}", kVersion, kGitCommit,
                        request.restart ? "restart of" : "run of", identity.config_name, wall_time_now(), host_name()));
  log.write(fmt::format("config hash {} (of the resolved config, {}); seed {}; {} thread{}", hash_of(identity.config_yaml),
                        kResolvedConfigFile, sim.seed(), request.threads, request.threads == 1 ? "" : "s"));
  for (const auto& w : loaded.warnings) log.note("msabm: warning: " + w);

  ProgressReporter progress(sim.total_ticks(), sim.clock().step, request.progress && loaded.output.progress);
  // Progress already printed into the log (a sweep member's stderr) is not written twice.
  if (!(log.is_stderr() && request.progress && loaded.output.progress)) {
    progress.set_log([&log](const std::string& line) { log.write(line); });
  }
  SignalWatch signals;
  double agent_updates = 0;
  while (!sim.finished() && signals.stop_signal() == 0) {
    agent_updates += mobile_agents(sim);
    // Up to the next tick at which anything is due, output included; ticks in between hold
    // nothing to do and are jumped over.
    sim.advance(outputs.next_due_tick(sim.tick()));
    progress.update(sim.tick());
    outputs.after_step(sim);
    if (signals.take_checkpoint_request()) outputs.checkpoint(sim);
  }
  progress.finish(sim.tick());
  log_timing(log, sim);

  RunResult result;
  result.out = out;
  result.state_digest = sim.state_digest();
  result.wall_seconds = progress.elapsed_seconds();
  if (!sim.finished()) {  // stopped by a signal
    result.stop_signal = signals.stop_signal();
    const bool saved = outputs.checkpoint(sim);
    outputs.close("interrupted");
    if (!saved) {
      log.write(fmt::format("stopped by {} at t = {} min; the checkpoint could not be written",
                            signal_name(result.stop_signal), sim.time()));
      throw std::runtime_error(fmt::format("stopped by {} at t = {} min, but the checkpoint could not be "
                                           "written (see above)", signal_name(result.stop_signal), sim.time()));
    }
    result.checkpoint = outputs.checkpoint_path();
    log.write(fmt::format("stopped by {} at t = {} min; checkpoint {}", signal_name(result.stop_signal), sim.time(),
                          result.checkpoint.string()));
    return result;
  }
  outputs.close("finished");
  write_file_atomically(out / kSummaryFile,
                        summary_json(sim, RunInfo{loaded.reader.name(), request.threads, result.wall_seconds,
                                                  agent_updates, loaded.warnings}));
  log.write(fmt::format("finished at t = {} min in {:.2f} s; state_digest {}", sim.time(), result.wall_seconds,
                        result.state_digest));
  return result;
}

}  // namespace msabm
