#pragma once
// The config tree back as YAML (private to engine/config): values passed on as text and the
// resolved record of values read as written.
#include <string>

#include "engine/config/impl/node_state.hpp"

namespace YAML {
class Node;
}

namespace msabm::config::impl {

/// As a yaml-cpp node (scalars keep their text; Absent is null).
YAML::Node to_yaml_node(const NodeState& node);

/// One line of YAML, lists and maps in flow style.
std::string flow_yaml(const NodeState& node);

/// Marks every key in the subtree read (for values taken as a whole).
void mark_read(NodeState& node);

}  // namespace msabm::config::impl
