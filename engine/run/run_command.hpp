#pragma once
// `msabm run` and `msabm check`: load and validate a config, build the simulation, run it with
// progress, write the output folder. Kept apart from the CLI parsing so tests can call it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/config/tree.hpp"
#include "engine/model/registry.hpp"

namespace msabm {

struct ConfigRequest {
  std::filesystem::path config;
  std::vector<std::string> overrides;  ///< "a.b.c=VALUE"
};

struct RunRequest {
  ConfigRequest input;  ///< may be empty with `restart` (the checkpoint holds its config)
  std::optional<std::filesystem::path> out;  ///< default out/<config name>
  int threads = 1;
  std::optional<std::uint64_t> seed;
  bool overwrite = false;
  bool progress = true;
  /// Checkpoint to continue from (--restart); the output folder defaults to its folder.
  std::optional<std::filesystem::path> restart;
  /// With `restart`: run this much longer (min) than the checkpoint's config says (--extend),
  /// bit-identical to a run that long from the start.
  std::optional<double> extend;
};

struct RunResult {
  std::filesystem::path out;
  std::string state_digest;
  double wall_seconds = 0;
  /// The signal (SIGTERM, SIGINT) that stopped the run before its end, after writing
  /// `checkpoint`; 0 when the run finished.
  int stop_signal = 0;
  std::filesystem::path checkpoint;
};

/// Validates and runs (or continues a checkpoint); throws InputError for bad input (before
/// touching any output).
RunResult run_simulation(const RunRequest& request, const Registry& registry);

struct CheckedConfig {
  std::string resolved_yaml;          ///< every key, defaults filled in
  std::vector<std::string> warnings;  ///< input accepted but probably not meant
  std::string marked_yaml;            ///< check_config_marked: "# default" after each value given by a default
  std::vector<std::string> notes;     ///< check_config_marked: defaults in effect that turn a behaviour off
};

/// Validates a config completely (including building the simulation). Throws InputError with
/// every error found (ConfigErrors when there are several).
CheckedConfig check_config(const ConfigRequest& request, const Registry& registry);
/// `msabm check`: check_config, with the defaults marked and noted.
CheckedConfig check_config_marked(const ConfigRequest& request, const Registry& registry);

/// Validates a config tree as check and run do; the Reader holds the record of every read.
config::Reader read_config(config::Tree tree, const Registry& registry);

}  // namespace msabm
