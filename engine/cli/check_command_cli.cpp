#include <fmt/format.h>

#include <iostream>

#include "engine/cli/command.hpp"
#include "engine/run/run_command.hpp"

namespace msabm::cli {

Command add_check_command(CLI::App& app, const Registry& registry) {
  struct Options {
    ConfigRequest request;
    bool print = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("check", "Validate a config (exit 0, or 2 with the error)");
  cmd->add_option("CONFIG", o->request.config, "YAML config file")->required();
  cmd->add_option("--set", o->request.overrides, "Override a config key (repeatable)")
      ->type_name("KEY=VALUE");
  cmd->add_flag("--print", o->print,
                "Print the resolved config with all defaults filled in, each marked '# default'");
  return {cmd, [o, &registry] {
            const CheckedConfig checked = check_config_marked(o->request, registry);
            for (const auto& w : checked.warnings) fmt::print(stderr, "msabm: warning: {}\n", w);
            for (const auto& note : checked.notes) fmt::print(stderr, "msabm: note: {}\n", note);
            if (o->print) {
              std::cout << checked.marked_yaml;
            } else if (checked.warnings.empty()) {
              fmt::print("msabm: {} is valid\n", o->request.config.string());
            } else {
              fmt::print("msabm: {} is valid, with {} warning{} (above)\n", o->request.config.string(),
                         checked.warnings.size(), checked.warnings.size() == 1 ? "" : "s");
            }
            return 0;
          }};
}

}  // namespace msabm::cli
