#include <fmt/format.h>

#include "engine/cli/cli.hpp"
#include "engine/cli/command.hpp"
#include "engine/cli/default_threads.hpp"
#include "engine/config/error.hpp"
#include "engine/io/signals.hpp"
#include "engine/run/run_command.hpp"
#include "engine/units/quantity.hpp"

namespace msabm::cli {

Command add_run_command(CLI::App& app, const Registry& registry) {
  struct Options {
    RunRequest request;
    std::uint64_t seed = 0;
    bool quiet = false;
    std::string extend;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("run", "Run a simulation from a YAML config");
  cmd->add_option("CONFIG", o->request.input.config, "YAML config file (optional with --restart)");
  cmd->add_option("--set", o->request.input.overrides,
                  "Override a config key, e.g. --set 'time.duration=\"2 h\"', or an entry of a list: "
                  "--set 'protocol[2].dose=\"1 g/m^2\"' (repeatable)")
      ->type_name("KEY=VALUE");
  cmd->add_option("--out", o->request.out, "Output folder (default out/<config name>)");
  CLI::Option* threads =
      cmd->add_option("--threads", o->request.threads,
                      "Worker threads (default: $SLURM_CPUS_PER_TASK, else $OMP_NUM_THREADS, else the "
                      "cores this process may use); results are the same for any count")
          ->check(CLI::Range(1, 1024));
  CLI::Option* seed = cmd->add_option("--seed", o->seed, "Random seed (overrides the config's seed)");
  cmd->add_flag("--overwrite", o->request.overwrite, "Replace results already in the output folder");
  cmd->add_flag("--quiet", o->quiet, "No progress lines");
  cmd->add_option("--restart", o->request.restart,
                  "Continue the run saved in a checkpoint (its config and seed; output in its folder)")
      ->type_name("FILE");
  cmd->add_option("--extend", o->extend,
                  "With --restart: run this much longer than the checkpoint's config says, e.g. \"12 h\" "
                  "(bit-identical to a run that long from the start)")
      ->type_name("DURATION");
  return {cmd, [o, seed, threads, &registry] {
            if (*seed) o->request.seed = o->seed;
            if (!*threads) o->request.threads = default_thread_count();
            o->request.progress = !o->quiet;
            if (o->request.input.config.empty() && !o->request.restart) {
              throw InputError("run needs a CONFIG file (or --restart CHECKPOINT)");
            }
            if (!o->extend.empty()) {
              if (!o->request.restart) throw InputError("--extend continues a run: give it with --restart CHECKPOINT");
              double minutes = 0;
              try {
                minutes = units::to_internal(o->extend, "min");
              } catch (const std::exception& e) {
                throw InputError(fmt::format("--extend '{}': {}", o->extend, e.what()));
              }
              if (!(minutes > 0)) throw InputError(fmt::format("--extend '{}' must be a positive time", o->extend));
              o->request.extend = minutes;
            }
            const RunResult r = run_simulation(o->request, registry);
            if (r.stop_signal != 0) {
              fmt::print("msabm: stopped by {}; checkpoint written to {}; continue with: msabm run --restart {}\n",
                         signal_name(r.stop_signal), r.checkpoint.string(), r.checkpoint.string());
              return kExitInterrupted;
            }
            fmt::print("msabm: finished in {:.2f} s; results in {}; state_digest {}\n",
                       r.wall_seconds, r.out.string(), r.state_digest);
            return 0;
          }};
}

}  // namespace msabm::cli
