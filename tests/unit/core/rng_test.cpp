#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/core/rng.hpp"

using namespace msabm;

namespace {
/// Pearson correlation of two equally long samples.
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const auto n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}
}  // namespace

TEST_CASE("rng: the same key and counter give the same numbers", "[rng]") {
  const CounterRng a(42, "walker.motility");
  const CounterRng b(42, "walker.motility");
  RandomStream sa = a.stream(7, 100);
  RandomStream sb = b.stream(7, 100);
  for (int i = 0; i < 10; ++i) CHECK(sa.bits() == sb.bits());
  CHECK(a.uniform(7, 100) == a.stream(7, 100).uniform());
}

TEST_CASE("rng: seeds, purposes, ids and steps give independent streams", "[rng]") {
  // With n = 20000 pairs, the correlation of independent uniforms has standard deviation
  // 1/sqrt(n) = 0.007; |r| < 0.035 is a 5-sigma bound that a shared or shifted stream fails.
  constexpr int n = 20000;
  const CounterRng base(1, "p");
  const CounterRng other_seed(2, "p");
  const CounterRng other_purpose(1, "q");
  std::vector<double> x(n), by_seed(n), by_purpose(n), by_id(n), by_step(n), next_draw(n);
  for (int i = 0; i < n; ++i) {
    const auto id = static_cast<std::uint64_t>(i);
    RandomStream s = base.stream(id, 5);
    x[i] = s.uniform();
    next_draw[i] = s.uniform();
    by_seed[i] = other_seed.uniform(id, 5);
    by_purpose[i] = other_purpose.uniform(id, 5);
    by_id[i] = base.uniform(id + 1, 5);
    by_step[i] = base.uniform(id, 6);
    CHECK(x[i] != by_seed[i]);
  }
  for (const auto* other : {&by_seed, &by_purpose, &by_id, &by_step, &next_draw}) {
    CHECK(std::abs(correlation(x, *other)) < 0.035);
  }
}

TEST_CASE("rng: uniform, below and normal have the right moments", "[rng]") {
  // n = 1e5: the sample mean of U(0,1) has sd 0.29/sqrt(n) = 9e-4; 5 sigma bounds below.
  const CounterRng rng(9, "moments");
  constexpr int n = 100000;
  double sum = 0, sum_normal = 0, sum_normal2 = 0;
  std::vector<int> counts(6, 0);
  RandomStream s = rng.stream(1, 1);  // one long stream crosses many Philox blocks
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    ++counts[s.below(6)];
    const double z = s.normal();
    sum_normal += z;
    sum_normal2 += z * z;
  }
  CHECK(sum / n == Approx(0.5).margin(0.0046));
  for (int c : counts) CHECK(c == Approx(n / 6.0).margin(5 * std::sqrt(n * (1 / 6.0) * (5 / 6.0))));
  CHECK(sum_normal / n == Approx(0.0).margin(5.0 / std::sqrt(n)));
  CHECK(sum_normal2 / n == Approx(1.0).margin(5.0 * std::sqrt(2.0 / n)));
}

TEST_CASE("rng: purpose keys are stable constants", "[rng]") {
  // FNV-1a of "" is its offset basis; keys must never depend on registration order.
  STATIC_REQUIRE(purpose_key("") == 0xcbf29ce484222325ull);
  CHECK(purpose_key("a") != purpose_key("b"));
}

TEST_CASE("rng: a stream started from its precomputed first block is the same stream", "[rng]") {
  const msabm::CounterRng rng(11, "first-block");
  for (std::uint64_t id : {0ull, 1ull, 123456789ull}) {
    for (std::uint64_t step : {0ull, 7ull}) {
      msabm::RandomStream plain = rng.stream(id, step);
      msabm::RandomStream batched = rng.stream(id, step, rng.first_block(id, step));
      for (int draw = 0; draw < 13; ++draw) REQUIRE(plain.bits() == batched.bits());
    }
  }
  // And the first block is not the same for neighbouring ids or steps.
  CHECK(rng.first_block(5, 1) != rng.first_block(6, 1));
  CHECK(rng.first_block(5, 1) != rng.first_block(5, 2));
}
