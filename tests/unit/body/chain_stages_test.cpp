// Circulating cells that die of age (platelets): the steady state of the ageing stages is
// geometric, sums to the configured count and balances production against ageing out and the
// fixed consumption (Hanson & Slichter 1985); without consumption the stages are equal.
#include <catch2/catch.hpp>

#include <numeric>

#include "models/body/body_params.hpp"

using namespace msabm::body;

namespace {
ChainLineage platelets(int stages, double fixed, double half) {
  ChainLineage c;
  c.circulating0 = 1.25e12;           // 250e9/L in 5 L
  c.loss = 1.0 / (9.5 * 1440.0);      // mean lifespan 9.5 d, 1/min
  c.lifespan_stages = stages;
  c.fixed_consumption = fixed;        // cells/min
  c.consumption_half = half;
  return c;
}
}  // namespace

TEST_CASE("body chain: ageing stages without consumption are equal and pass on loss x count", "[body]") {
  const ChainLineage c = platelets(8, 0, 1);
  const std::vector<double> s = steady_stages(c);
  REQUIRE(s.size() == 8);
  for (const double x : s) CHECK(x == Approx(c.circulating0 / 8));
  CHECK(steady_outflow(c) == Approx(c.loss * c.circulating0));
}

TEST_CASE("body chain: with a fixed consumption the stages fall geometrically and balance", "[body]") {
  const double fixed = 7.1e9 * 5 / 1440.0, half = 10e9 * 5;  // 7.1e9/L/d and 10e9/L in 5 L
  const ChainLineage c = platelets(8, fixed, half);
  const std::vector<double> s = steady_stages(c);
  const double m = 8 * c.loss, u = fixed / (c.circulating0 + half);
  CHECK(u == Approx(consumption_rate(c, c.circulating0)));
  CHECK(std::accumulate(s.begin(), s.end(), 0.0) == Approx(c.circulating0).epsilon(1e-12));
  for (std::size_t j = 1; j < s.size(); ++j) CHECK(m * s[j - 1] == Approx((m + u) * s[j]).epsilon(1e-12));
  // What enters equals what ages out of the last stage plus what is consumed from all of them.
  const double in = steady_outflow(c);
  CHECK(in == Approx(m * s.back() + u * c.circulating0).epsilon(1e-12));
  CHECK(in > c.loss * c.circulating0);
  // One stage: the old exponential pool, loss plus consumption.
  const ChainLineage one = platelets(1, fixed, half);
  CHECK(steady_outflow(one) == Approx((one.loss + u) * one.circulating0));
}
