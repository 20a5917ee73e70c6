#pragma once
// One value of a config as written, whatever its kind: for inputs whose shape decides their
// meaning (a sweep's `vary:` entries are a list of values, a range map or a draw map). Reads
// through a Node report file:line and the key path as Section's typed reads do.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/error.hpp"
#include "engine/units/quantity.hpp"

namespace msabm::config {

class Section;
struct NodeState;  // implementation detail (config/impl)
struct Range;

class Node {
 public:
  enum class Kind : unsigned char { Absent, Null, Scalar, List, Map };

  [[nodiscard]] Kind kind() const;
  [[nodiscard]] bool present() const { return kind() != Kind::Absent; }
  [[nodiscard]] bool is_scalar() const { return kind() == Kind::Scalar; }
  [[nodiscard]] bool is_list() const { return kind() == Kind::List; }
  [[nodiscard]] bool is_map() const { return kind() == Kind::Map; }
  /// "a.b.c" for the value of a key, "a.b[2]" for a list item.
  [[nodiscard]] const std::string& path() const { return path_; }
  /// Of its key (the value of a key) or of itself (a list item).
  [[nodiscard]] const Location& location() const { return where_; }
  /// For messages: "a map", "a list", "no value" or the quoted scalar text.
  [[nodiscard]] std::string describe() const;

  /// The value as one line of YAML, lists and maps in flow style ("10 um", "[1, 2]",
  /// "{a: 1}"), e.g. to pass on as `--set KEY=<yaml>`. Every key inside counts as read.
  [[nodiscard]] std::string yaml() const;
  /// The scalar text; ConfigError "expected <what>, found a list" for anything else.
  [[nodiscard]] const std::string& text(std::string_view what) const;
  /// A plain number within `range`.
  [[nodiscard]] double number(const Range& range) const;
  /// A number with the unit it is written in, of any dimension: "15 um^2/min" gives
  /// {15, "um^2/min"}, "3" gives {3, ""}. ConfigError for anything else.
  [[nodiscard]] units::WrittenQuantity measure() const;
  /// Same, but nullopt for anything else (for lists that mix numbers and words).
  [[nodiscard]] std::optional<units::WrittenQuantity> try_measure() const;
  /// A number in `unit` (not in internal units), converted from whatever unit of the same
  /// dimension it is written in; exactly as written when written in `unit`. ConfigError for
  /// another dimension ("'2 um' is a length, expected a time such as 'h'").
  [[nodiscard]] double measure_in(std::string_view unit) const;
  /// The items of a list (absent or no value: none). ConfigError for anything else.
  [[nodiscard]] std::vector<Node> items() const;
  /// This map as a Section (absent or no value: an empty one). ConfigError for anything else.
  [[nodiscard]] Section section() const;

  /// Throws ConfigError at this value: "file:line:col: key 'a.b': message".
  [[noreturn]] void fail(const std::string& message) const;

 private:
  friend class Section;
  Node(std::shared_ptr<NodeState> node, std::string path, Location where);
  std::shared_ptr<NodeState> node_;
  std::string path_;
  Location where_;
};

}  // namespace msabm::config
