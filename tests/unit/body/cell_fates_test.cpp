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
  Generator m{};
  m[0][0] = -0.3 / kDay;
  const Propagator e = propagator(m, 2 * kDay);
  const double survive = std::exp(-0.6);
  CHECK(e[0][0] == Approx(survive).epsilon(1e-12));
  // Large counts: the deterministic limit.
  RandomStream s0 = rng.stream(0, 0);
  CHECK(static_cast<double>(step_cells({1'000'000, 0, 0}, e, 1000, s0)[0]) == Approx(1e6 * survive).margin(1));
  // Small counts: P(extinct) = (1 - e^{-d t})^n exactly (independent deaths).
  const int trials = 40000;
  int extinct = 0;
  double mean = 0;
  for (int i = 0; i < trials; ++i) {
    RandomStream s = rng.stream(static_cast<std::uint64_t>(i) + 1, 0);
    const std::int64_t left = step_cells({3, 0, 0}, e, 1000, s)[0];
    extinct += left == 0 ? 1 : 0;
    mean += static_cast<double>(left) / trials;
  }
  const double p0 = std::pow(1 - survive, 3);
  CHECK(static_cast<double>(extinct) / trials == Approx(p0).margin(4 * std::sqrt(p0 * (1 - p0) / trials)));
  CHECK(mean == Approx(3 * survive).margin(0.02));
}

TEST_CASE("body fates: the propagator of a two-state exchange matches its closed form", "[body][fates]") {
  // Memory <-> effector with no death: M = [[-a, b], [a, -b]] conserves cells; the memory share
  // relaxes to b/(a+b) at rate a + b.
  const double a = 0.02 / kDay, b = 0.1 / kDay, t = 5 * kDay;
  Generator m{};
  m[1][1] = -a;
  m[2][1] = a;
  m[2][2] = -b;
  m[1][2] = b;
  const Propagator e = propagator(m, t);
  CHECK(e[1][1] == Approx((b + a * std::exp(-(a + b) * t)) / (a + b)).epsilon(1e-12));
  CHECK(e[1][1] + e[2][1] == Approx(1.0).epsilon(1e-13));
}

TEST_CASE("body fates: the stochastic mean matches the deterministic limit, and small clones go extinct",
          "[body][fates]") {
  const CounterRng rng(12, "test.fates");
  // Naive cells divide (0.2/d), die (0.25/d), become memory (0.05/d) and are killed (hazard 0.1/d).
  Generator m{};
  m[0][0] = (0.2 - 0.25 - 0.05 - 0.1) / kDay;
  m[1][0] = 0.05 / kDay;
  m[1][1] = -0.01 / kDay;
  const Propagator e = propagator(m, kDay);
  const int clones = 20000, days = 10;
  std::array<double, 3> mean{};
  int extinct = 0;
  for (int c = 0; c < clones; ++c) {
    Counts n{5, 0, 0};
    for (int day = 0; day < days; ++day) {
      RandomStream s = rng.stream(static_cast<std::uint64_t>(c) + 1, static_cast<std::uint64_t>(day));
      n = step_cells(n, e, 1000, s);
    }
    for (int k = 0; k < 3; ++k) mean[k] += static_cast<double>(n[k]) / clones;
    extinct += n[0] == 0 && n[1] == 0 ? 1 : 0;
  }
  // The deterministic limit: the same start scaled up, stepped with expected values.
  Counts big{5'000'000, 0, 0};
  RandomStream s = rng.stream(0, 0);
  for (int day = 0; day < days; ++day) big = step_cells(big, e, 1000, s);
  CHECK(mean[0] == Approx(static_cast<double>(big[0]) / 1e6).epsilon(0.02));
  CHECK(mean[1] == Approx(static_cast<double>(big[1]) / 1e6).epsilon(0.03));
  CHECK(static_cast<double>(big[0]) / 1e6 == Approx(5 * std::exp(-0.2 * days)).epsilon(1e-5));
  CHECK(extinct > clones / 20);  // small clones die out although the mean stays positive
  CHECK(extinct < clones);
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
