#include "engine/cli/cli.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <vector>

#include "engine/cli/command.hpp"
#include "engine/config/error.hpp"
#include "engine/io/hdf5_handles.hpp"
#include "engine/version.hpp"

namespace msabm {

int cli_main(int argc, char** argv, const Registry& registry) {
  CLI::App app{"msabm: agent-based multiscale simulator of multiple sclerosis and aHSCT", "msabm"};
  app.set_version_flag("--version", fmt::format("msabm {} (commit {})", kVersion, kGitCommit));
  app.require_subcommand(1);
  app.footer("Every key a model reads, with unit, default, range and meaning: msabm describe [MODEL]\n"
             "(the same for all models: docs/parameters.md).");

  const std::vector<cli::Command> commands = {
      cli::add_run_command(app, registry),
      cli::add_check_command(app, registry),
      cli::add_info_command(app, registry),
      cli::add_sweep_command(app, registry),
      cli::add_describe_command(app, registry),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help/version or the parse error
    return code == 0 ? kExitOk : kExitBadInput;
  }

  const int code = [&] {
    try {
      for (const auto& c : commands) {
        if (c.parser->parsed()) return c.action();
      }
      return kExitInternal;
    } catch (const InputError& e) {
      fmt::print(stderr, "msabm: error: {}\n", e.what());
      return kExitBadInput;
    } catch (const std::exception& e) {
      fmt::print(stderr, "msabm: internal error: {}\n", e.what());
      return kExitInternal;
    }
  }();
#ifndef NDEBUG
  // Every HDF5 handle a command opened is closed when it returns, whatever the outcome (an
  // assertion: HDF5 would close forgotten ones at exit unseen by LeakSanitizer).
  if (const long open = h5::open_identifiers(); open != 0) {
    fmt::print(stderr, "msabm: internal error: {} HDF5 identifiers left open\n", open);
    std::abort();
  }
#endif
  return code;
}

}  // namespace msabm
