#include "engine/config/impl/resolved.hpp"

#include <yaml-cpp/yaml.h>

#include "engine/config/impl/yaml_text.hpp"

namespace msabm::config::impl {
namespace {

OutPtr& slot(std::vector<std::pair<std::string, OutPtr>>& entries, std::string_view key) {
  for (auto& e : entries) {
    if (e.first == key) return e.second;
  }
  entries.emplace_back(std::string(key), std::make_shared<OutNode>());
  return entries.back().second;
}

// Text YAML would read as null must be quoted to stay a string.
void write_scalar(YAML::Emitter& out, const std::string& text) {
  if (text.empty() || YAML::IsNullString(text)) {
    out << YAML::DoubleQuoted << text;
  } else {
    out << text;
  }
}

void write(YAML::Emitter& out, const OutNode& node) {
  switch (node.kind) {
    case OutNode::Kind::Scalar:
      write_scalar(out, node.text);
      return;
    case OutNode::Kind::Flow:
      out << YAML::Flow << YAML::BeginSeq;
      for (const auto& item : node.flow) write_scalar(out, item);
      out << YAML::EndSeq;
      return;
    case OutNode::Kind::Seq:
      if (node.items.empty()) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : node.items) write(out, *item);
      out << YAML::EndSeq;
      return;
    case OutNode::Kind::Written:
      out << to_yaml_node(*node.written);
      return;
    case OutNode::Kind::Map:
    case OutNode::Kind::Pending:
      if (node.entries.empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [key, value] : node.entries) {
        out << YAML::Key << key << YAML::Value;
        write(out, *value);
      }
      out << YAML::EndMap;
      return;
  }
}

}  // namespace

OutNode& OutNode::at(std::string_view key) {
  return *slot(entries, key);
}

void OutNode::set_scalar(std::string_view key, std::string value) {
  OutNode& n = at(key);
  n = OutNode(Kind::Scalar);
  n.text = std::move(value);
}

void OutNode::set_flow(std::string_view key, std::vector<std::string> values) {
  OutNode& n = at(key);
  n = OutNode(Kind::Flow);
  n.flow = std::move(values);
}

void OutNode::set_written(std::string_view key, std::shared_ptr<const NodeState> value) {
  OutNode& n = at(key);
  n = OutNode(Kind::Written);
  n.written = std::move(value);
}

OutPtr OutNode::child(std::string_view key, Kind k) {
  OutPtr& p = slot(entries, key);
  if (p->kind != k) *p = OutNode(k);
  return p;
}

std::string emit_yaml(const OutNode& root) {
  YAML::Emitter out;
  write(out, root);
  return std::string(out.c_str()) + "\n";
}

}  // namespace msabm::config::impl
