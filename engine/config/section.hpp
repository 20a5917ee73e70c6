#pragma once
// Typed, validated access to a config tree. Models read their parameter structs through a
// Section; every key they ask for becomes "known", so that after loading, Reader::finish()
// reports any key the user wrote that nothing asked for (a typo), with the closest known key.
#include <array>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/error.hpp"
#include "engine/config/key_read.hpp"
#include "engine/config/node.hpp"
#include "engine/config/problems.hpp"

namespace msabm::config {

class Tree;
struct NodeState;  // implementation detail (config/impl)

/// Closed or open numeric bounds, in the unit the value is returned in (internal units).
struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  ///< true: value must be > min
  bool max_open = false;  ///< true: value must be < max
  static Range at_least(double v) { return {v, std::numeric_limits<double>::infinity(), false, false}; }
  static Range positive() { return {0.0, std::numeric_limits<double>::infinity(), true, false}; }
  static Range non_negative() { return at_least(0.0); }
  static Range closed(double lo, double hi) { return {lo, hi, false, false}; }
  static Range probability() { return closed(0.0, 1.0); }
};

/// A map node of the config (possibly absent: then every read returns its default).
class Section {
 public:
  /// Dimensioned value, returned in internal units. `unit` fixes the expected dimension and is
  /// the unit used in messages; `default_text` (e.g. "10 um/min") is used when the key is absent.
  double quantity(std::string_view key, std::string_view unit, std::string_view default_text,
                  Range range = {}) const;
  /// Same, but the key is required.
  double quantity(std::string_view key, std::string_view unit, Range range = {}) const;
  /// Three components with one unit, written as a YAML list ["1 um", "2 um", "3 um"] or
  /// as "[1, 2, 3] um"... only the list form is required.
  std::array<double, 3> quantity3(std::string_view key, std::string_view unit,
                                  std::string_view default_text, Range range = {}) const;

  /// Same, but the key is required.
  std::array<double, 3> quantity3(std::string_view key, std::string_view unit, Range range = {}) const;

  double number(std::string_view key, double default_value, Range range = {}) const;
  double number(std::string_view key, Range range = {}) const;  // required
  std::int64_t integer(std::string_view key, std::int64_t default_value,
                       std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                       std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  std::int64_t integer(std::string_view key) const;  // required
  std::array<std::int64_t, 3> integer3(std::string_view key, std::array<std::int64_t, 3> default_value,
                                       std::int64_t min, std::int64_t max) const;
  bool boolean(std::string_view key, bool default_value) const;
  std::string string(std::string_view key, std::string_view default_value) const;
  std::string string(std::string_view key) const;  // required
  /// One of `choices`; anything else is an error listing them (and suggesting the closest).
  std::string choice(std::string_view key, std::string_view default_value,
                     const std::vector<std::string>& choices) const;
  /// Same, but the key is required.
  std::string choice(std::string_view key, const std::vector<std::string>& choices) const;

  [[nodiscard]] bool has(std::string_view key) const;
  /// Sub-map. Absent: an empty section (all defaults). Present but not a map: error.
  Section section(std::string_view key) const;
  /// Keys of a map whose keys the user names (e.g. kinds: {tcell: ..., target: ...}),
  /// in file order. Marks them known.
  std::vector<std::string> keys() const;
  /// Items of a sequence of maps (e.g. protocol events), in order. Absent: empty.
  std::vector<Section> list(std::string_view key) const;
  /// The value of `key` as written, whatever its kind (absent: Node::present() is false), for
  /// values whose shape decides their meaning. Marks the key known.
  Node node(std::string_view key) const;
  /// Declares every key this map may have and reports any other key now, as Reader::finish()
  /// would at the end: "unknown key 'stpe' (did you mean 'step'?)". For maps whose keys
  /// combine (a range takes 'step' or 'num'), so that a misspelt key is reported before the
  /// errors it causes. Reads nothing.
  void expect_keys(const std::vector<std::string>& keys) const;

  /// Marks this map as an instance of a structure read in many places (a region), so that its
  /// keys are described once, under `name` ("region.shape"), wherever they occur. Reads nothing.
  void shared_structure(std::string_view name) const;

  /// "a.b.c" path of this section ("" for the root).
  [[nodiscard]] const std::string& path() const;
  [[nodiscard]] Location location() const;                    ///< of this section's node
  [[nodiscard]] Location location(std::string_view key) const;  ///< of a key (or this section)
  /// Throws ConfigError at `key` (cross-field checks: "must be smaller than lattice.size").
  /// When `key` is not in the file, the message adds that its default is at fault and what to
  /// set.
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;
  /// An error after which reading can go on (the caller continues with a safe value): recorded
  /// while the Reader collects errors (reported with the others when loading ends), thrown as
  /// fail() does otherwise.
  void error(std::string_view key, const std::string& message) const;
  /// Input accepted but probably not meant ("90 s is not a whole number of 1 min steps"):
  /// recorded for Reader::warnings(); never stops anything.
  void warn(std::string_view key, const std::string& message) const;

 private:
  [[nodiscard]] std::string with_default_note(std::string_view key, const std::string& message) const;
  friend class Reader;
  friend class Node;
  Section(std::shared_ptr<NodeState> node, std::string path);
  std::shared_ptr<NodeState> node_;
  std::string path_;
};

/// Owns a loaded config tree and the record of what was read from it.
class Reader {
 public:
  explicit Reader(Tree tree);
  ~Reader();
  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;

  Section root() const;
  /// From now until finish(): a bad value of a key that has a default is recorded (its default
  /// used, so reading goes on), as are Section::error() and expect_keys() reports, and
  /// finish() or fail_with() report them all at once. Without it, every error throws at once.
  void collect_errors() const;
  /// Ends loading: throws the errors recorded and every key (in file order) that no Section
  /// read asked for ("unknown key 'spead' (did you mean 'speed'?)"); one as ConfigError,
  /// several as ConfigErrors.
  void finish() const;
  /// Loading stopped at `stop` (an error that reading cannot go past): throws it together with
  /// the errors recorded before it, or rethrows it alone. Unknown keys are not reported (the
  /// reading did not get to every key).
  [[noreturn]] void fail_with(const std::exception_ptr& stop) const;
  /// Warnings raised while reading (Section::warn), in the order raised.
  [[nodiscard]] const std::vector<Warning>& warnings() const;
  /// The resolved config as YAML: every key that was read, with defaults filled in, in the
  /// order read. Dimensioned values are printed as written (or as their default text).
  [[nodiscard]] std::string resolved_yaml() const;
  /// The same with a comment after each value for which `comment` returns text (e.g.
  /// "default" for the values no file or --set gave: check --print).
  [[nodiscard]] std::string resolved_yaml(
      const std::function<std::string(const KeyRead&)>& comment) const;
  /// Every key read so far, in the order of the resolved config, with what its read asked for.
  [[nodiscard]] std::vector<KeyRead> key_reads() const;
  /// Name of the config (file stem of the top-level file, e.g. "default").
  [[nodiscard]] const std::string& name() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace msabm::config
