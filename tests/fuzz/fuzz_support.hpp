#pragma once
// What the fuzz targets share: the registry of every shipped model, a scratch folder holding a
// copy of configs/ (so `extends:` of an input reaches real base configs), and the one rule every
// target checks: an input ends in success or in a user error (InputError, exit code 2) whose
// message says where; anything else escaping is a bug and aborts (libFuzzer reports it, the
// replay test fails).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "engine/model/registry.hpp"

namespace msabm::fuzz {

/// Memory limit (MSABM_MEMORY_LIMIT_MB) the targets check configs under unless the environment
/// sets one: configs needing more are refused by msabm itself (exit 2, naming the key), as on a
/// machine with this much memory, so that each input is checked in well under a second.
inline constexpr const char* kMemoryLimitMb = "32";

/// Sets the memory limit, builds the registry and the scratch copy of configs/.
void init();

/// Every model `msabm` registers (built once).
const Registry& registry();

/// A scratch copy of the shipped configs/ tree, made once per process and removed at exit.
/// Inputs are written as configs/fuzz/input.yaml in it, so `extends: ../tissue/white_matter.yaml`
/// or `../body/patient.yaml` resolve as they do for shipped configs.
const std::filesystem::path& scratch_configs();

/// Writes `text` as the config file fuzzed (configs/fuzz/input.yaml of the scratch copy).
std::filesystem::path write_input(std::string_view text);

/// A user error must say where: a config file (file:line) or a --set override. Aborts with the
/// message otherwise.
void require_located(const std::string& message);

/// Prints why and aborts (a finding).
[[noreturn]] void finding(const std::string& what);

}  // namespace msabm::fuzz
