#include <catch2/catch.hpp>

#include <cmath>

#include "models/body/cell_fates.hpp"

using namespace msabm;
using namespace msabm::body;

namespace {
constexpr double kDay = 1440;
}

TEST_CASE("body fates: death only gives n0 e^{-d t} and the exact extinction probability", "[body][fates]") {
  const CounterRng rng(11, "test.fates");
  FateRates r;
  r.death = 0.3 / kDay;
  const double dt = 2 * kDay, survive = std::exp(-0.6);
  // Large counts: the deterministic limit.
  RandomStream s0 = rng.stream(0, 0);
  CHECK(static_cast<double>(step_cells(1'000'000, r, dt, 1000, s0).stay) == Approx(1e6 * survive).margin(1));
  // Small counts: P(extinct) = (1 - e^{-d t})^n exactly (binomial deaths).
  const int trials = 40000;
  int extinct = 0;
  double mean = 0;
  for (int i = 0; i < trials; ++i) {
    RandomStream s = rng.stream(static_cast<std::uint64_t>(i) + 1, 0);
    const std::int64_t left = step_cells(3, r, dt, 1000, s).stay;
    extinct += left == 0 ? 1 : 0;
    mean += static_cast<double>(left) / trials;
  }
  const double p0 = std::pow(1 - survive, 3);
  CHECK(static_cast<double>(extinct) / trials == Approx(p0).margin(4 * std::sqrt(p0 * (1 - p0) / trials)));
  CHECK(mean == Approx(3 * survive).margin(0.02));
}

TEST_CASE("body fates: the stochastic mean matches the deterministic limit, and small clones go extinct",
          "[body][fates]") {
  const CounterRng rng(12, "test.fates");
  FateRates r;
  r.divide = 0.2 / kDay;
  r.death = 0.25 / kDay;
  r.kill_hazard = 0.1;
  r.to[1] = 0.05 / kDay;
  const double dt = kDay;
  const double expected_stay = std::exp((0.2 - 0.3) - 0.1);  // per cell
  RandomStream big = rng.stream(0, 0);
  const FateOutcome det = step_cells(10'000'000, r, dt, 1000, big);
  CHECK(static_cast<double>(det.stay) / 1e7 == Approx(expected_stay).epsilon(1e-3));
  // Movers: their share of the leavers is their share of the hazard.
  const double leave = 1 - std::exp(-0.3 - 0.1);
  CHECK(static_cast<double>(det.moved[1]) / 1e7 == Approx(leave * 0.05 / 0.4).epsilon(1e-3));
  // Many small clones stepped for 60 days: their mean follows n0 e^{(b - d - m) t} S_kill^t,
  // and some die out although the mean is positive.
  const int clones = 20000;
  double mean = 0, moved = 0;
  int extinct = 0;
  for (int c = 0; c < clones; ++c) {
    std::int64_t n = 5;
    for (int day = 0; day < 10; ++day) {
      RandomStream s = rng.stream(static_cast<std::uint64_t>(c) + 1, static_cast<std::uint64_t>(day));
      const FateOutcome o = step_cells(n, r, dt, 1000, s);
      n = o.stay;
      moved += static_cast<double>(o.moved[1]) / clones;
    }
    mean += static_cast<double>(n) / clones;
    extinct += n == 0 ? 1 : 0;
  }
  const double exact_mean = 5 * std::pow(expected_stay, 10);
  CHECK(mean == Approx(exact_mean).epsilon(0.02));
  CHECK(extinct > clones / 20);
  CHECK(extinct < clones);
  CHECK(moved > 0);
}

TEST_CASE("body fates: stochastic rounding keeps the mean", "[body][fates]") {
  const CounterRng rng(13, "test.fates");
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    RandomStream s = rng.stream(static_cast<std::uint64_t>(i), 0);
    sum += static_cast<double>(round_stochastic(2.3, s));
  }
  CHECK(sum / 100000 == Approx(2.3).epsilon(5e-3));
}
