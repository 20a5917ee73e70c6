#include "engine/config/impl/node_state.hpp"

#include <algorithm>
#include <utility>

namespace msabm::config {

MapEntry* NodeState::find(std::string_view key) {
  for (auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const MapEntry* NodeState::find(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

NodePtr NodeState::clone() const {
  auto copy = make_node(kind, where);
  copy->text = text;
  for (const auto& item : items) copy->items.push_back(item->clone());
  for (const auto& e : entries)
    copy->entries.push_back({e.key, e.key_where, e.value->clone(), false});
  return copy;
}

std::string NodeState::describe() const {
  switch (kind) {
    case Kind::Map:
      return "a map";
    case Kind::Sequence:
      return "a list";
    case Kind::Scalar:
      return "'" + text + "'";
    case Kind::Null:
    case Kind::Absent:
      break;
  }
  return "no value";
}

void NodeState::ask(std::string_view key) {
  if (std::find(asked.begin(), asked.end(), key) == asked.end()) asked.emplace_back(key);
}

NodePtr make_node(NodeState::Kind kind, Location where) {
  auto node = std::make_shared<NodeState>();
  node->kind = kind;
  node->where = std::move(where);
  return node;
}

void merge_into(NodeState& base, const NodeState& over) {
  if (base.kind != NodeState::Kind::Map || over.kind != NodeState::Kind::Map) {
    base.kind = over.kind;
    base.where = over.where;
    base.text = over.text;
    base.items.clear();
    for (const auto& item : over.items) base.items.push_back(item->clone());
    base.entries.clear();
    for (const auto& e : over.entries) {
      base.entries.push_back({e.key, e.key_where, e.value->clone(), false});
    }
    return;
  }
  for (const auto& e : over.entries) {
    if (MapEntry* mine = base.find(e.key)) {
      mine->key_where = e.key_where;
      merge_into(*mine->value, *e.value);
    } else {
      base.entries.push_back({e.key, e.key_where, e.value->clone(), false});
    }
  }
}

void relocate(NodeState& node, const Location& where) {
  node.where = where;
  for (auto& item : node.items) relocate(*item, where);
  for (auto& e : node.entries) {
    e.key_where = where;
    relocate(*e.value, where);
  }
}

}  // namespace msabm::config
