#include "models/systemic/linear_compartments.hpp"

#include <cmath>

#include "engine/core/period_config.hpp"
#include "engine/core/simulation.hpp"

namespace msabm::systemic {

std::vector<double> matrix_exponential(const std::vector<double>& m, std::size_t n, double t) {
  // Scale so that ||M t / 2^s|| <= 1/2, sum the Taylor series to machine precision, square s times.
  double norm = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double row = 0;
    for (std::size_t j = 0; j < n; ++j) row += std::abs(m[i * n + j] * t);
    norm = std::max(norm, row);
  }
  int squarings = 0;
  while (norm > 0.5) {
    norm /= 2;
    ++squarings;
  }
  const double scale = t / std::ldexp(1.0, squarings);
  auto multiply = [n](const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> c(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < n; ++k)
        for (std::size_t j = 0; j < n; ++j) c[i * n + j] += a[i * n + k] * b[k * n + j];
    return c;
  };
  std::vector<double> a(n * n);
  for (std::size_t i = 0; i < n * n; ++i) a[i] = m[i] * scale;
  std::vector<double> result(n * n, 0.0), term(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) result[i * n + i] = term[i * n + i] = 1.0;
  for (int k = 1; k < 30; ++k) {
    term = multiply(term, a);
    for (double& x : term) x /= k;
    for (std::size_t i = 0; i < n * n; ++i) result[i] += term[i];
  }
  for (int s = 0; s < squarings; ++s) result = multiply(result, result);
  return result;
}

namespace {

class Flow final : public Process {
 public:
  Flow(SystemicTable& table, std::vector<double> generator) : table_(table), m_(std::move(generator)) {}
  void run(const StepContext& ctx) override {
    const std::size_t n = table_.column_count();
    if (ctx.dt != dt_) {  // the propagator for this dt, once
      e_ = matrix_exponential(m_, n, ctx.dt);
      dt_ = ctx.dt;
    }
    std::vector<double*> cols(n);
    for (std::size_t c = 0; c < n; ++c) cols[c] = table_.amounts(c).data();
    std::vector<double> x(n);
    for (std::size_t r = 0; r < table_.rows(); ++r) {
      for (std::size_t c = 0; c < n; ++c) x[c] = cols[c][r];
      for (std::size_t i = 0; i < n; ++i) {
        double v = 0;
        for (std::size_t j = 0; j < n; ++j) v += e_[i * n + j] * x[j];
        cols[i][r] = v;
      }
    }
  }

 private:
  SystemicTable& table_;
  std::vector<double> m_;  ///< dx/dt = M x, per row
  double dt_ = -1;         ///< derived: the dt e_ was computed for
  std::vector<double> e_;
};

class LinearCompartments final : public Model {
 public:
  LinearCompartments(const config::Section& s, Simulation& sim) : section_(s) {
    const std::string name = s.string("table", "compartments");
    const auto rows = s.integer("rows", 1, 0, 10'000'000);
    const config::Section initial = s.section("initial");
    std::vector<std::string> columns = initial.keys();
    if (columns.empty()) initial.fail("", "name at least one compartment with its initial amount per row");
    std::vector<SystemicTable::ColumnSpec> specs;
    std::vector<double> start;
    for (const auto& c : columns) {
      specs.push_back({c, "cells", SystemicTable::ColumnType::Amount});
      start.push_back(initial.quantity(c, "cells", config::Range::non_negative()));
    }
    try {
      table_ = &sim.add_table(SystemicTable(name, "row", specs));
    } catch (const std::invalid_argument& e) {
      s.fail("table", e.what());
    }
    for (std::int64_t r = 0; r < rows; ++r) {
      const std::size_t row = table_->add_row(static_cast<std::uint64_t>(r + 1));
      for (std::size_t c = 0; c < columns.size(); ++c) table_->amounts(c)[row] = start[c];
    }
    for (const auto& c : columns) table_->declare_aggregate(c, c, SystemicTable::AggregateOp::Sum);
    const std::size_t n = columns.size();
    generator_.assign(n * n, 0.0);
    for (const config::Section& f : s.list("flows")) {
      const std::size_t from = table_->column_index(f.choice("from", columns));
      const std::size_t to = table_->column_index(f.choice("to", columns));
      if (from == to) f.fail("to", "a flow must go to another compartment");
      const double rate = f.quantity("rate", "1/min", config::Range::non_negative());
      generator_[to * n + from] += rate;
      generator_[from * n + from] -= rate;
    }
    period_ = s.quantity("period", "min", "1 d", config::Range::positive());
  }

  void install(Simulation& sim) override {
    sim.scheduler().add_process("compartments." + table_->name(), Phase::Systemic,
                                period_ticks(sim, section_, "period", period_),
                                std::make_unique<Flow>(*table_, generator_));
  }

 private:
  config::Section section_;
  SystemicTable* table_ = nullptr;
  std::vector<double> generator_;
  double period_ = 0;
};

}  // namespace

void register_linear_compartments(Registry& registry) {
  registry.add_systemic_model("compartments", [](const config::Section& s, Simulation& sim) {
    return std::make_unique<LinearCompartments>(s, sim);
  });
  registry.document(
      ModelSlot::Systemic, "compartments",
      {"rows (e.g. clones) x well-mixed compartments exchanging by first-order flows, advanced exactly (exp(M dt))",
       {{"table", "name of the systemic table (one column per compartment)"},
        {"rows", "rows of the table (keys 1..rows), each starting with the initial amounts"},
        {"initial", "the compartments, by name, with each row's initial amount"},
        {"initial.<name>", "initial amount of this compartment in each row"},
        {"flows", "first-order flows between compartments"},
        {"flows[].from", "the compartment the flow leaves"},
        {"flows[].to", "the compartment it enters"},
        {"flows[].rate", "share of `from` moving per unit time"},
        {"period", "how often the table advances (the result does not depend on it)"}},
       {R"(time: {step: "1 h", duration: "2 d", sort_interval: "0 min"}
patches: {p: {lattice: {dims: [2, 2, 2]}}}
compartments:
  table: recirculation
  rows: 2
  initial: {blood: "50 cells", node: "450 cells"}
  flows: [{from: blood, to: node, rate: "2 1/d"}, {from: node, to: blood, rate: "0.22 1/d"}]
  period: "1 d"
readouts:
  in_blood: {model: table_total, table: recirculation, column: blood}
)"}});
}

}  // namespace msabm::systemic
