#pragma once
// Named model parameters that protocol actions can change for a while: a drug lowering an
// entry rate for months, a treatment scaling a death rate. Models declare a parameter once
// (name, units, base value from their config) and read its current value each time a process
// runs; actions set or scale it from one tick to another (or for good). The base values, the
// active modifications are checkpointed state; the current values follow from them.
//
// Current value = base, replaced by the latest active `set` if any, times every active
// `scale` factor, in the order the modifications began (ties: the order they were made).
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/state.hpp"

namespace msabm {

struct ParameterHandle {
  std::uint32_t index;
};

class ParameterStore {
 public:
  static constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max();

  /// Declares a parameter; throws std::invalid_argument when the name is taken.
  ParameterHandle declare(std::string name, std::string units, double base);
  /// The handle of a declared parameter, or nullopt-like invalid index (size()) when absent.
  [[nodiscard]] bool has(std::string_view name) const;
  [[nodiscard]] ParameterHandle handle(std::string_view name) const;  ///< throws when absent
  [[nodiscard]] double value(ParameterHandle h) const { return current_[h.index]; }
  [[nodiscard]] double base(ParameterHandle h) const { return base_[h.index]; }
  [[nodiscard]] const std::string& name(ParameterHandle h) const { return names_[h.index]; }
  [[nodiscard]] const std::string& units(ParameterHandle h) const { return units_[h.index]; }
  [[nodiscard]] std::size_t size() const { return names_.size(); }

  /// From tick `from` until tick `until` (exclusive; kForever: for good) the parameter is `value`.
  void set(ParameterHandle h, double value, std::int64_t from, std::int64_t until);
  /// From tick `from` until tick `until` the parameter is multiplied by `factor`.
  void scale(ParameterHandle h, double factor, std::int64_t from, std::int64_t until);
  /// Drops modifications that ended by `tick` and recomputes current values; call once a tick
  /// before processes run.
  void update(std::int64_t tick);
  /// The first tick after `tick` at which a modification ends (kForever: none).
  [[nodiscard]] std::int64_t next_change_after(std::int64_t tick) const;
  [[nodiscard]] std::size_t active_modifications() const { return mod_param_.size(); }

  void visit_state(StateVisitor& v);

 private:
  enum Op : std::uint8_t { kSet = 0, kScale = 1 };
  void add(ParameterHandle h, Op op, double x, std::int64_t from, std::int64_t until);
  void recompute();

  std::vector<std::string> names_;
  std::vector<std::string> units_;
  std::vector<double> base_;
  std::vector<double> current_;  ///< derived from base_ and the modifications (recompute)
  // Active modifications, in the order they were made (columns of one list).
  std::vector<std::uint32_t> mod_param_;
  std::vector<std::uint8_t> mod_op_;
  std::vector<double> mod_value_;
  std::vector<std::int64_t> mod_until_;
};

}  // namespace msabm
