#include <catch2/catch.hpp>

#include <cmath>

#include "models/systemic/linear_compartments.hpp"
#include "support/simulation_from_yaml.hpp"

using namespace msabm;

TEST_CASE("compartments: matrix exponential of a two-compartment exchange matches the closed form", "[compartments]") {
  // dA/dt = -a A + b B, dB/dt = a A - b B: A(t) = A0 (b + a e^{-(a+b)t}) / (a+b) for B0 = 0.
  const double a = 0.7, b = 0.2, t = 3.3;
  const std::vector<double> m{-a, b, a, -b};
  const auto e = systemic::matrix_exponential(m, 2, t);
  const double s = a + b;
  CHECK(e[0] == Approx((b + a * std::exp(-s * t)) / s).epsilon(1e-13));
  CHECK(e[2] == Approx(a * (1 - std::exp(-s * t)) / s).epsilon(1e-13));
  CHECK(e[0] + e[2] == Approx(1.0).epsilon(1e-14));  // columns sum to 1: mass conserved
}

TEST_CASE("compartments: a run conserves cells and reaches the flows' steady state, whatever the period",
          "[compartments]") {
  auto run = [](const char* period) {
    auto sim = testing::simulation_from_yaml(std::string(R"(
time: {step: "1 h", duration: "60 d", sort_interval: "0 min"}
compartments:
  table: t
  rows: 3
  initial: {blood: "100 cells", node: "0 cells"}
  flows: [{from: blood, to: node, rate: "2 1/d"}, {from: node, to: blood, rate: "0.5 1/d"}]
  period: ")") + period + R"("
patches: {p: {lattice: {dims: [2, 2, 2]}}}
)");
    testing::run_to_end(*sim);
    return sim;
  };
  const auto daily = run("1 d");
  const auto hourly = run("1 h");
  const SystemicTable& t = *daily->find_table("t");
  for (std::size_t r = 0; r < 3; ++r) {
    CHECK(t.amounts(0)[r] + t.amounts(1)[r] == Approx(100).epsilon(1e-12));
    CHECK(t.amounts(1)[r] / t.amounts(0)[r] == Approx(4.0).epsilon(1e-9));  // 2 / 0.5
  }
  // The exact propagator: the same result at any period (to rounding).
  CHECK(hourly->find_table("t")->amounts(1)[0] == Approx(t.amounts(1)[0]).epsilon(1e-10));
}
