#pragma once
// The resolved config (private to engine/config): every value a Section read, with defaults
// filled in, in the order first read. Reader::resolved_yaml() prints it.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/config/impl/node_state.hpp"
#include "engine/config/key_read.hpp"

namespace msabm::config::impl {

struct OutNode;
using OutPtr = std::shared_ptr<OutNode>;

struct OutNode {
  /// Pending: a user-named key listed by keys() and not read yet (printed as an empty map).
  /// Written: a value read whole (Section::node), printed as written.
  enum class Kind : unsigned char { Pending, Scalar, Flow, Map, Seq, Written };
  Kind kind = Kind::Pending;
  std::string text;                                     ///< Scalar
  std::vector<std::string> flow;                        ///< Flow: a one-line list of scalars
  std::vector<std::pair<std::string, OutPtr>> entries;  ///< Map, in order first read
  std::vector<OutPtr> items;                            ///< Seq (of maps)
  std::shared_ptr<const NodeState> written;             ///< Written
  KeyFacts facts;  ///< what the read asked for (type "" when not read through a Section)

  explicit OutNode(Kind k = Kind::Pending) : kind(k) {}
  /// Entry `key` of this map, appended (Pending) on first use.
  OutNode& at(std::string_view key);
  void set_scalar(std::string_view key, std::string text);
  void set_flow(std::string_view key, std::vector<std::string> items);
  void set_written(std::string_view key, std::shared_ptr<const NodeState> value);
  /// Child map or sequence `key` (made, or turned into, that kind); keeps its position.
  OutPtr child(std::string_view key, Kind kind);
};

/// The record as a YAML document (block style; lists of scalars in flow style); `comment`, when
/// given, may add a comment after each value.
std::string emit_yaml(const OutNode& root, const std::function<std::string(const KeyRead&)>* comment);

/// Every recorded read below `root`, in document order.
std::vector<KeyRead> key_reads(const OutNode& root);

}  // namespace msabm::config::impl
