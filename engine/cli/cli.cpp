#include "engine/cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>

#include "engine/config/error.hpp"
#include "engine/run/run_command.hpp"
#include "engine/version.hpp"

namespace msabm {

namespace {

void add_config_options(CLI::App& cmd, ConfigRequest& request) {
  cmd.add_option("CONFIG", request.config, "YAML config file")->required();
  cmd.add_option("--set", request.overrides,
                 "Override a config key, e.g. --set time.duration=\"2 h\" (repeatable)")
      ->type_name("KEY=VALUE");
}

}  // namespace

int cli_main(int argc, char** argv, const Registry& registry) {
  CLI::App app{"msabm: agent-based multiscale simulator of multiple sclerosis and aHSCT", "msabm"};
  app.set_version_flag("--version", fmt::format("msabm {} (commit {})", kVersion, kGitCommit));
  app.require_subcommand(1);

  RunRequest run;
  std::uint64_t seed = 0;
  CLI::App* run_cmd = app.add_subcommand("run", "Run a simulation from a YAML config");
  add_config_options(*run_cmd, run.input);
  run_cmd->add_option("--out", run.out, "Output folder (default out/<config name>)");
  run_cmd->add_option("--threads", run.threads, "Worker threads")->check(CLI::Range(1, 1024));
  auto* seed_opt = run_cmd->add_option("--seed", seed, "Random seed (overrides the config's seed)");
  run_cmd->add_flag("--overwrite", run.overwrite, "Replace results already in the output folder");
  bool quiet = false;
  run_cmd->add_flag("--quiet", quiet, "No progress lines");

  ConfigRequest check;
  bool print = false;
  CLI::App* check_cmd = app.add_subcommand("check", "Validate a config (exit 0, or 2 with the error)");
  add_config_options(*check_cmd, check);
  check_cmd->add_flag("--print", print, "Print the resolved config with all defaults filled in");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help/version or the parse error
    return code == 0 ? kExitOk : kExitBadInput;
  }

  try {
    if (*run_cmd) {
      if (*seed_opt) run.seed = seed;
      run.progress = !quiet;
      const RunResult r = run_simulation(run, registry);
      fmt::print("msabm: finished in {:.2f} s; results in {}; state_digest {}\n", r.wall_seconds,
                 r.out.string(), r.state_digest);
    } else if (*check_cmd) {
      const std::string resolved = check_config(check, registry);
      if (print) {
        std::cout << resolved;
      } else {
        fmt::print("msabm: {} is valid\n", check.config.string());
      }
    }
    return kExitOk;
  } catch (const InputError& e) {
    fmt::print(stderr, "msabm: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "msabm: internal error: {}\n", e.what());
    return kExitInternal;
  }
}

}  // namespace msabm
