#pragma once
// One varied key of a sweep file (a `vary:` entry): the values it takes (a list or a range) or
// the distribution it is drawn from, and the value at a quantile of that.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/sweep/plan.hpp"

namespace msabm::sweep {

/// No sweep has more members than this.
inline constexpr long long kMaxMembers = 1'000'000;

struct KeySpec {
  explicit KeySpec(config::Node value) : node(std::move(value)) {}

  config::Node node;  ///< its entry in the sweep file, for messages
  VariedKey info;
  std::vector<Value> discrete;     ///< list, range, choice
  std::vector<double> cumulative;  ///< choice weights, cumulative and normalised
  double a = 0,
         b = 0;  ///< uniform/log_uniform: low, high; normal: mean, sd; lognormal: median, sigma
  bool integer = false;
  std::optional<std::pair<double, double>> clip;

  [[nodiscard]] bool is_draw() const { return discrete.empty(); }
  /// The value at quantile u in [0, 1).
  [[nodiscard]] Value at(double u) const;
};

/// Reads `vary.<key>`: a list of values, a range {start, stop, step|num} or one draw. Throws
/// ConfigError naming file:line and the key.
KeySpec read_varied_key(const config::Section& vary, const std::string& key);

/// A computed number as a member's value: rounded when `integer`, with `unit` appended.
Value number_value(double v, const std::string& unit, bool integer);

}  // namespace msabm::sweep
