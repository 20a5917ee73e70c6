#pragma once
// Systemic state: a named table of counts and amounts that belongs to the simulation, not to a
// patch (e.g. rows = clones, columns = compartment x population: "blood.cd4_memory"). Rows are
// keyed by a 64-bit key (a clone id) and may be added at run time, when a new clone appears;
// columns are fixed when the table is declared. Counts are integers (cells), amounts are reals
// (drug in mg, cytokine in pg). Processes read and write the columns directly between ticks or
// in serial phases; the table is in checkpoints, digests and snapshots through visit_state and
// in /series through the aggregates its model declares.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "engine/core/state.hpp"

namespace msabm {

class SystemicTable {
 public:
  enum class ColumnType : std::uint8_t { Count, Amount };
  struct ColumnSpec {
    std::string name;
    std::string units;  ///< "cells" for counts, e.g. "mg" or "ng/mL" for amounts
    ColumnType type = ColumnType::Count;
  };
  /// How a series row summarises one column over all rows (or over the rows with a flag).
  enum class AggregateOp : std::uint8_t { Sum, Max, RowsAboveZero };
  struct Aggregate {
    std::string name;
    std::size_t column;
    AggregateOp op = AggregateOp::Sum;
  };

  SystemicTable(std::string name, std::string key_name, std::vector<ColumnSpec> columns);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& key_name() const { return key_name_; }
  [[nodiscard]] std::size_t rows() const { return keys_.size(); }
  [[nodiscard]] std::size_t column_count() const { return specs_.size(); }
  [[nodiscard]] const ColumnSpec& column_spec(std::size_t c) const { return specs_[c]; }
  /// Index of a column by name; throws std::invalid_argument naming the table when absent.
  [[nodiscard]] std::size_t column_index(std::string_view name) const;

  /// Appends a row (zeros) for a new key; throws std::invalid_argument if the key exists.
  std::size_t add_row(std::uint64_t key);
  /// The row of a key, or nullopt.
  [[nodiscard]] std::optional<std::size_t> find(std::uint64_t key) const;
  /// The row of a key, added when absent.
  std::size_t row_for(std::uint64_t key);
  [[nodiscard]] std::span<const std::uint64_t> keys() const { return keys_; }

  /// Column values; the type must match the column's (Count: int64, Amount: double).
  [[nodiscard]] std::span<std::int64_t> counts(std::size_t c);
  [[nodiscard]] std::span<const std::int64_t> counts(std::size_t c) const;
  [[nodiscard]] std::span<double> amounts(std::size_t c);
  [[nodiscard]] std::span<const double> amounts(std::size_t c) const;
  /// Any column's value in a row as a double (for aggregates, readouts and conditions).
  [[nodiscard]] double value(std::size_t row, std::size_t c) const;

  void declare_aggregate(std::string name, std::string_view column, AggregateOp op);
  [[nodiscard]] const std::vector<Aggregate>& aggregates() const { return aggregates_; }
  [[nodiscard]] double aggregate(const Aggregate& a) const;
  /// Sum of a column over all rows.
  [[nodiscard]] double total(std::size_t c) const;

  void visit_state(StateVisitor& v);

 private:
  using Values = std::variant<std::vector<std::int64_t>, std::vector<double>>;
  void rebuild_index();

  std::string name_;
  std::string key_name_;
  std::vector<ColumnSpec> specs_;
  std::vector<std::uint64_t> keys_;
  std::vector<Values> columns_;
  std::vector<Aggregate> aggregates_;
  std::unordered_map<std::uint64_t, std::size_t> index_;  ///< derived from keys_
};

}  // namespace msabm
