#pragma once
// Converts YAML text into the config's own tree (private to engine/config).
#include <string>
#include <string_view>

#include "engine/config/impl/node_state.hpp"

namespace msabm::config::impl {

/// Parses one YAML document. `file` names the source in locations and messages. Syntax errors
/// and duplicate keys are InputErrors "file:line:col: ...". An empty document is Null.
NodePtr parse_yaml(std::string_view text, const std::string& file);

}  // namespace msabm::config::impl
