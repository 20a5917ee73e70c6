#include <catch2/catch.hpp>

#include <cstring>

#include "engine/core/systemic_table.hpp"

using namespace msabm;

namespace {
SystemicTable clones() {
  return SystemicTable("clones", "clone",
                       {{"blood", "cells", SystemicTable::ColumnType::Count},
                        {"drug", "mg", SystemicTable::ColumnType::Amount}});
}
}  // namespace

TEST_CASE("systemic table: rows by key, added at run time, typed columns", "[table]") {
  SystemicTable t = clones();
  const std::size_t a = t.add_row(42);
  const std::size_t b = t.row_for(7);  // added
  CHECK(t.row_for(42) == a);           // found
  CHECK(t.rows() == 2);
  CHECK_FALSE(t.find(99).has_value());
  CHECK_THROWS_AS(t.add_row(42), std::invalid_argument);
  t.counts(0)[a] = 5;
  t.counts(0)[b] = 3;
  t.amounts(1)[b] = 2.5;
  CHECK(t.total(0) == 8);
  CHECK(t.value(b, 1) == 2.5);
  CHECK_THROWS_AS(t.amounts(0), std::invalid_argument);  // counts are integers
  CHECK_THROWS_AS(t.column_index("lymph"), std::invalid_argument);
  t.declare_aggregate("blood_total", "blood", SystemicTable::AggregateOp::Sum);
  t.declare_aggregate("present", "blood", SystemicTable::AggregateOp::RowsAboveZero);
  t.declare_aggregate("largest", "blood", SystemicTable::AggregateOp::Max);
  t.counts(0)[b] = 0;
  CHECK(t.aggregate(t.aggregates()[0]) == 5);
  CHECK(t.aggregate(t.aggregates()[1]) == 1);
  CHECK(t.aggregate(t.aggregates()[2]) == 5);
}

namespace {
/// Copies every item into a flat buffer, then restores them (as a checkpoint would).
class Recorder final : public PathVisitor {
 public:
  std::vector<std::pair<std::string, std::vector<std::byte>>> saved;

 protected:
  void on_item(const std::string& path, StateItem& item) override {
    const auto* p = static_cast<const std::byte*>(item.data);
    saved.emplace_back(path, std::vector<std::byte>(p, p + item.bytes()));
  }
};
class Restorer final : public PathVisitor {
 public:
  explicit Restorer(const std::vector<std::pair<std::string, std::vector<std::byte>>>& s) : saved_(s) {}
  [[nodiscard]] bool restoring() const override { return true; }

 protected:
  void on_item(const std::string& path, StateItem& item) override {
    const auto& [name, bytes] = saved_.at(next_++);
    REQUIRE(name == path);
    const std::size_t n = bytes.size() / element_size(item.type);
    void* data = item.resize != nullptr ? item.resize(item.owner, n) : item.data;
    std::memcpy(data, bytes.data(), bytes.size());
  }

 private:
  const std::vector<std::pair<std::string, std::vector<std::byte>>>& saved_;
  std::size_t next_ = 0;
};
}  // namespace

TEST_CASE("systemic table: its state restores rows added at run time and their index", "[table][state]") {
  SystemicTable t = clones();
  for (std::uint64_t k : {5, 9, 2}) {
    const std::size_t row = t.add_row(k);  // (before taking the column: adding a row may move it)
    t.counts(0)[row] = static_cast<std::int64_t>(k * 10);
  }
  Recorder r;
  t.visit_state(r);
  CHECK(r.saved.size() == 3);  // key, blood, drug
  CHECK(r.saved[0].first == "clones/key");
  SystemicTable fresh = clones();  // as the config builds it: no rows yet
  Restorer back(r.saved);
  fresh.visit_state(back);
  REQUIRE(fresh.rows() == 3);
  CHECK(fresh.counts(0)[*fresh.find(9)] == 90);
  CHECK(fresh.row_for(2) == 2);
}
