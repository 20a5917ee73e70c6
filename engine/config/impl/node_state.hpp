#pragma once
// The config tree as loaded from YAML (private to engine/config): maps keep their keys in file
// order, scalars keep their text verbatim, and every node and key knows where it was written.
// Sections also keep their read state here: which keys were asked for and where the resolved
// (with-defaults) value of this map is recorded.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/error.hpp"

namespace msabm::config {

namespace impl {
struct OutNode;
}
class Problems;

struct NodeState;
using NodePtr = std::shared_ptr<NodeState>;

struct MapEntry {
  std::string key;
  Location key_where;  ///< position of the key itself
  NodePtr value;
  bool used = false;  ///< some Section read this key
};

struct NodeState {
  /// Absent: placeholder for a section the config does not contain (all defaults).
  enum class Kind : unsigned char { Null, Scalar, Sequence, Map, Absent };

  Kind kind = Kind::Null;
  Location where;
  std::string text;               ///< Scalar
  std::vector<NodePtr> items;     ///< Sequence
  std::vector<MapEntry> entries;  ///< Map, in file order

  // Read state (only for maps and Absent placeholders).
  std::vector<std::string> asked;      ///< keys read here, in order first read
  std::shared_ptr<impl::OutNode> out;  ///< resolved record of this map
  std::map<std::string, NodePtr, std::less<>> absent_children;  ///< cached placeholders
  std::shared_ptr<Problems> problems;  ///< of the Reader's load (every node of its tree)

  [[nodiscard]] MapEntry* find(std::string_view key);
  [[nodiscard]] const MapEntry* find(std::string_view key) const;
  /// Deep copy of the content (not the read state).
  [[nodiscard]] NodePtr clone() const;
  /// For messages: "a map", "a list", "no value" or the quoted scalar text.
  [[nodiscard]] std::string describe() const;
  void ask(std::string_view key);  ///< remember that `key` was read here
};

NodePtr make_node(NodeState::Kind kind, Location where);

/// Merges `over` into `base`: maps merge key by key (recursively), anything else replaces.
/// Replaced entries take the key position of `over`; new keys are appended in order.
void merge_into(NodeState& base, const NodeState& over);

/// Sets every location in the subtree (used for command-line overrides).
void relocate(NodeState& node, const Location& where);

}  // namespace msabm::config
