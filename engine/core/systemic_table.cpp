#include "engine/core/systemic_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace msabm {

SystemicTable::SystemicTable(std::string name, std::string key_name, std::vector<ColumnSpec> columns)
    : name_(std::move(name)), key_name_(std::move(key_name)), specs_(std::move(columns)) {
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].name == "key") throw std::invalid_argument("table " + name_ + ": 'key' names the row keys, not a column");
    for (std::size_t j = 0; j < i; ++j) {
      if (specs_[i].name == specs_[j].name) {
        throw std::invalid_argument("table " + name_ + " declares column " + specs_[i].name + " twice");
      }
    }
    if (specs_[i].type == ColumnType::Count) {
      columns_.emplace_back(std::vector<std::int64_t>{});
    } else {
      columns_.emplace_back(std::vector<double>{});
    }
  }
}

std::size_t SystemicTable::column_index(std::string_view name) const {
  for (std::size_t c = 0; c < specs_.size(); ++c) {
    if (specs_[c].name == name) return c;
  }
  throw std::invalid_argument("table " + name_ + " has no column " + std::string(name));
}

std::size_t SystemicTable::add_row(std::uint64_t key) {
  if (index_.contains(key)) {
    throw std::invalid_argument("table " + name_ + " already has a row for " + key_name_ + " " +
                                std::to_string(key));
  }
  const std::size_t row = keys_.size();
  keys_.push_back(key);
  for (auto& c : columns_) std::visit([](auto& v) { v.emplace_back(); }, c);
  index_.emplace(key, row);
  return row;
}

std::optional<std::size_t> SystemicTable::find(std::uint64_t key) const {
  const auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::size_t SystemicTable::row_for(std::uint64_t key) {
  if (const auto row = find(key)) return *row;
  return add_row(key);
}

std::span<std::int64_t> SystemicTable::counts(std::size_t c) {
  auto* v = std::get_if<std::vector<std::int64_t>>(&columns_.at(c));
  if (v == nullptr) throw std::invalid_argument("column " + specs_[c].name + " of " + name_ + " holds amounts");
  return *v;
}
std::span<const std::int64_t> SystemicTable::counts(std::size_t c) const {
  return const_cast<SystemicTable*>(this)->counts(c);
}
std::span<double> SystemicTable::amounts(std::size_t c) {
  auto* v = std::get_if<std::vector<double>>(&columns_.at(c));
  if (v == nullptr) throw std::invalid_argument("column " + specs_[c].name + " of " + name_ + " holds counts");
  return *v;
}
std::span<const double> SystemicTable::amounts(std::size_t c) const {
  return const_cast<SystemicTable*>(this)->amounts(c);
}

double SystemicTable::value(std::size_t row, std::size_t c) const {
  return std::visit([row](const auto& v) { return static_cast<double>(v[row]); }, columns_.at(c));
}

void SystemicTable::declare_aggregate(std::string name, std::string_view column, AggregateOp op) {
  for (const auto& a : aggregates_) {
    if (a.name == name) throw std::invalid_argument("table " + name_ + " declares aggregate " + name + " twice");
  }
  aggregates_.push_back({std::move(name), column_index(column), op});
}

double SystemicTable::total(std::size_t c) const {
  return std::visit([](const auto& v) {
    double s = 0;  // rows in key order: the same sum on every run
    for (const auto x : v) s += static_cast<double>(x);
    return s;
  }, columns_.at(c));
}

double SystemicTable::aggregate(const Aggregate& a) const {
  switch (a.op) {
    case AggregateOp::Sum: return total(a.column);
    case AggregateOp::Max:
      return std::visit([](const auto& v) {
        double m = 0;
        for (const auto x : v) m = std::max(m, static_cast<double>(x));
        return m;
      }, columns_.at(a.column));
    case AggregateOp::RowsAboveZero:
      return std::visit([](const auto& v) {
        double n = 0;
        for (const auto x : v) n += x > 0 ? 1.0 : 0.0;
        return n;
      }, columns_.at(a.column));
  }
  return 0;
}

void SystemicTable::rebuild_index() {
  index_.clear();
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    if (!index_.emplace(keys_[r], r).second) {
      throw StateMismatch("table " + name_ + " holds " + key_name_ + " " + std::to_string(keys_[r]) + " twice");
    }
  }
}

void SystemicTable::visit_state(StateVisitor& v) {
  const StateGroup g(v, name_);
  v.array("key", "1", StateRole::Table, keys_);  // the key's meaning: key_name()
  for (std::size_t c = 0; c < specs_.size(); ++c) {
    std::visit([&](auto& values) { v.array(specs_[c].name, specs_[c].units, StateRole::Table, values); },
               columns_[c]);
  }
  if (v.restoring()) {
    for (std::size_t c = 0; c < specs_.size(); ++c) {
      const std::size_t n = std::visit([](const auto& values) { return values.size(); }, columns_[c]);
      if (n != keys_.size()) {
        throw StateMismatch("table " + name_ + ": column " + specs_[c].name + " has " + std::to_string(n) +
                            " rows, the keys " + std::to_string(keys_.size()));
      }
    }
    rebuild_index();
  }
}

}  // namespace msabm
