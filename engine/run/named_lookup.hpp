#pragma once
// Finding what a config entry names (a patch, an agent kind), with an error at the key that
// says what exists when it is not there. Shared by protocol actions and readouts.
#include <string_view>

#include "engine/config/section.hpp"
#include "engine/core/simulation.hpp"

namespace msabm {

/// The patch named by `s.string(key)`.
Patch& patch_named(const config::Section& s, const Simulation& sim, std::string_view key = "patch");

/// The agent kind of `patch` named by `s.string(key)`.
AgentKind& kind_named(const config::Section& s, Patch& patch, std::string_view key = "kind");

/// "a, b, c", or "none" for an empty list (for messages).
std::string names_or_none(const std::vector<std::string>& names);

}  // namespace msabm
