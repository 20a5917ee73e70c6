// Node: one value of the config as written, with typed reads of scalars and the way into lists
// and maps.
#include "engine/config/node.hpp"

#include <utility>

#include <fmt/format.h>

#include "engine/config/impl/node_state.hpp"
#include "engine/config/impl/resolved.hpp"
#include "engine/config/impl/section_access.hpp"
#include "engine/config/impl/yaml_text.hpp"
#include "engine/config/section.hpp"

namespace msabm::config {

using NodeKind = NodeState::Kind;

Node::Node(std::shared_ptr<NodeState> node, std::string path, Location where)
    : node_(std::move(node)), path_(std::move(path)), where_(std::move(where)) {}

Node::Kind Node::kind() const {
  switch (node_->kind) {
    case NodeKind::Null:
      return Kind::Null;
    case NodeKind::Scalar:
      return Kind::Scalar;
    case NodeKind::Sequence:
      return Kind::List;
    case NodeKind::Map:
      return Kind::Map;
    case NodeKind::Absent:
      break;
  }
  return Kind::Absent;
}

std::string Node::describe() const {
  return node_->describe();
}

std::string Node::yaml() const {
  impl::mark_read(*node_);
  return impl::flow_yaml(*node_);
}

const std::string& Node::text(std::string_view what) const {
  if (node_->kind != NodeKind::Scalar) {
    fail(fmt::format("expected {}, found {}", what, describe()));
  }
  return node_->text;
}

double Node::number(const Range& range) const {
  return impl::number_value(text("a number"), where_, path_, range);
}

std::optional<units::WrittenQuantity> Node::try_measure() const {
  if (node_->kind != NodeKind::Scalar) return std::nullopt;
  try {
    return units::split_quantity(node_->text);
  } catch (const units::UnitError&) {
    return std::nullopt;
  }
}

units::WrittenQuantity Node::measure() const {
  const std::string& t = text("a number or a quantity such as '10 um'");
  try {
    return units::split_quantity(t);
  } catch (const units::UnitError& e) {
    const auto first = t.find_first_not_of(" \t");
    const bool numeric = first != std::string::npos &&
                         std::string_view("0123456789+-.").find(t[first]) != std::string_view::npos;
    // A number with a bad unit: say what is wrong with the unit.
    if (numeric) fail(e.what());
    fail(fmt::format("expected a number or a quantity such as '10 um', found '{}'", t));
  }
}

double Node::measure_in(std::string_view unit) const {
  const units::WrittenQuantity m = measure();
  if (m.unit == unit) return m.number;
  try {
    return units::from_internal(units::to_internal(node_->text, unit), unit);
  } catch (const units::UnitError& e) {
    fail(e.what());
  }
}

std::vector<Node> Node::items() const {
  std::vector<Node> out;
  if (node_->kind == NodeKind::Absent || node_->kind == NodeKind::Null) return out;
  if (node_->kind != NodeKind::Sequence) fail("expected a list, found " + describe());
  for (std::size_t i = 0; i < node_->items.size(); ++i) {
    const auto& item = node_->items[i];
    out.push_back(Node(item, fmt::format("{}[{}]", path_, i), item->where));
  }
  return out;
}

Section Node::section() const {
  if (node_->kind == NodeKind::Null) {
    node_->kind = NodeKind::Map;
    node_->where = where_;
  }
  if (node_->kind != NodeKind::Map && node_->kind != NodeKind::Absent) {
    fail("expected a map of keys, found " + describe());
  }
  // The record of reads in it stays apart: Section::node() recorded the value as written.
  if (!node_->out) node_->out = std::make_shared<impl::OutNode>(impl::OutNode::Kind::Map);
  return Section(node_, path_);
}

void Node::fail(const std::string& message) const {
  throw ConfigError(where_, path_, message);
}

}  // namespace msabm::config
