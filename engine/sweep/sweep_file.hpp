#pragma once
// Reading a sweep file through the config layer: its settings, fixed overrides (`set:`), Slurm
// settings and varied keys (`vary:`), checked as far as the file alone allows.
#include <filesystem>
#include <vector>

#include "engine/sweep/plan.hpp"
#include "engine/sweep/varied_key.hpp"

namespace msabm::sweep {

struct SweepFile {
  Plan plan;                   ///< everything but the design points and members
  std::vector<KeySpec> specs;  ///< one per plan.keys
};

/// Throws InputError (ConfigError naming file:line:col and the key) for a bad sweep file.
SweepFile read_sweep_file(const std::filesystem::path& path);

}  // namespace msabm::sweep
