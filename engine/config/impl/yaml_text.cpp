#include "engine/config/impl/yaml_text.hpp"

#include <yaml-cpp/yaml.h>

namespace msabm::config::impl {

YAML::Node to_yaml_node(const NodeState& node) {
  switch (node.kind) {
    case NodeState::Kind::Scalar:
      return YAML::Node(node.text);
    case NodeState::Kind::Sequence: {
      YAML::Node out(YAML::NodeType::Sequence);
      for (const auto& item : node.items) out.push_back(to_yaml_node(*item));
      return out;
    }
    case NodeState::Kind::Map: {
      YAML::Node out(YAML::NodeType::Map);
      for (const auto& e : node.entries) out[e.key] = to_yaml_node(*e.value);
      return out;
    }
    case NodeState::Kind::Null:
    case NodeState::Kind::Absent:
      break;
  }
  return YAML::Node(YAML::NodeType::Null);
}

std::string flow_yaml(const NodeState& node) {
  YAML::Emitter out;
  out.SetSeqFormat(YAML::Flow);
  out.SetMapFormat(YAML::Flow);
  out << to_yaml_node(node);
  return out.c_str();
}

void mark_read(NodeState& node) {
  for (auto& item : node.items) mark_read(*item);
  for (auto& e : node.entries) {
    e.used = true;
    mark_read(*e.value);
  }
}

}  // namespace msabm::config::impl
