#pragma once
// One `msabm` subcommand: its CLI11 parser and what it does once parsed. Each subcommand lives in
// its own file (run_command_cli.cpp, check_command_cli.cpp, ...) and is listed in cli.cpp.
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>

#include "engine/model/registry.hpp"

namespace msabm::cli {

struct Command {
  CLI::App* parser = nullptr;
  /// Runs the parsed command; returns the exit code. May throw InputError (exit 2).
  std::function<int()> action;
};

Command add_run_command(CLI::App& app, const Registry& registry);
Command add_check_command(CLI::App& app, const Registry& registry);
Command add_info_command(CLI::App& app, const Registry& registry);
Command add_sweep_command(CLI::App& app, const Registry& registry);
Command add_describe_command(CLI::App& app, const Registry& registry);

}  // namespace msabm::cli
