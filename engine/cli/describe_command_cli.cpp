#include <fmt/format.h>

#include <iostream>

#include "engine/cli/command.hpp"
#include "engine/run/describe.hpp"

namespace msabm::cli {

Command add_describe_command(CLI::App& app, const Registry& registry) {
  struct Options {
    std::string model;
    bool markdown = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "describe", "List the models; for one, every key it reads with unit, default, range and meaning");
  cmd->add_option("MODEL", o->model, "A model name (walker, body, ...), or 'engine' for the keys every config has");
  cmd->add_flag("--markdown", o->markdown, "The whole reference as Markdown (docs/parameters.md)");
  return {cmd, [o, &registry] {
            if (o->markdown) {
              std::cout << describe_markdown(registry);
            } else if (o->model.empty()) {
              std::cout << describe_models(registry);
            } else {
              std::cout << describe_model(registry, o->model);
            }
            return 0;
          }};
}

}  // namespace msabm::cli
