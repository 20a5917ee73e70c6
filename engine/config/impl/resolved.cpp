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

// Where a node sits: its path as written and as a pattern ("<name>" for names the user chose,
// "[]" for list positions).
// Below a shared structure, `shared` is the key within it ("region.shape").
struct Place {
  std::string path;
  std::string pattern;
  std::string shared;
  Place child(const OutNode& parent, const std::string& key) const {
    const std::string sep = path.empty() ? "" : ".";
    const std::string segment = parent.facts.type == "names" ? "<name>" : key;
    std::string in_structure;
    if (!parent.facts.structure.empty()) {
      in_structure = parent.facts.structure + "." + segment;
    } else if (!shared.empty()) {
      in_structure = shared + "." + segment;
    }
    return {path + sep + key, pattern + sep + segment, in_structure};
  }
  Place item(std::size_t i) const {
    return {path + "[" + std::to_string(i) + "]", pattern + "[]", shared.empty() ? "" : shared + "[]"};
  }
};

std::string value_text(const OutNode& node) {
  switch (node.kind) {
    case OutNode::Kind::Scalar:
      return node.text;
    case OutNode::Kind::Flow: {
      std::string text = "[";
      for (std::size_t i = 0; i < node.flow.size(); ++i) text += (i ? ", " : "") + node.flow[i];
      return text + "]";
    }
    case OutNode::Kind::Written: {
      YAML::Emitter out;
      out << YAML::Flow << to_yaml_node(*node.written);
      return out.c_str();
    }
    default:
      return "";
  }
}

KeyRead key_read(const OutNode& node, const Place& at) {
  return {at.path, at.pattern, value_text(node), node.facts, at.shared};
}

using Comment = std::function<std::string(const KeyRead&)>;

void write(YAML::Emitter& out, const OutNode& node, const Place& at, const Comment* comment) {
  switch (node.kind) {
    case OutNode::Kind::Scalar:
      write_scalar(out, node.text);
      break;
    case OutNode::Kind::Flow:
      out << YAML::Flow << YAML::BeginSeq;
      for (const auto& item : node.flow) write_scalar(out, item);
      out << YAML::EndSeq;
      break;
    case OutNode::Kind::Seq:
      if (node.items.empty()) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        write(out, *node.items[i], at.item(i), comment);
      }
      out << YAML::EndSeq;
      return;
    case OutNode::Kind::Written:
      out << to_yaml_node(*node.written);
      break;
    case OutNode::Kind::Map:
    case OutNode::Kind::Pending:
      if (node.entries.empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [key, value] : node.entries) {
        out << YAML::Key << key << YAML::Value;
        write(out, *value, at.child(node, key), comment);
      }
      out << YAML::EndMap;
      return;
  }
  if (comment != nullptr && !node.facts.type.empty()) {
    const std::string text = (*comment)(key_read(node, at));
    if (!text.empty()) out << YAML::Comment(text);
  }
}

void collect(const OutNode& node, const Place& at, std::vector<KeyRead>& reads) {
  if (!node.facts.type.empty() && !at.path.empty()) reads.push_back(key_read(node, at));
  for (const auto& [key, value] : node.entries) collect(*value, at.child(node, key), reads);
  for (std::size_t i = 0; i < node.items.size(); ++i) collect(*node.items[i], at.item(i), reads);
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

std::string emit_yaml(const OutNode& root, const Comment* comment) {
  YAML::Emitter out;
  write(out, root, Place{}, comment);
  return std::string(out.c_str()) + "\n";
}

std::vector<KeyRead> key_reads(const OutNode& root) {
  std::vector<KeyRead> reads;
  collect(root, Place{}, reads);
  return reads;
}

}  // namespace msabm::config::impl
