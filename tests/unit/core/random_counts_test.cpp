// Poisson and binomial deviates: moments, the whole distribution (chi-square against the pmf) in
// both regimes of each sampler, edge cases, and reproducibility from the counter.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <vector>

#include "engine/core/random_counts.hpp"

using namespace msabm;

namespace {

constexpr int kDraws = 200000;

template <class Draw>
std::vector<std::int64_t> sample(Draw draw, std::uint64_t purpose) {
  const CounterRng rng(12345, purpose == 0 ? "counts.a" : "counts.b");
  std::vector<std::int64_t> out;
  out.reserve(kDraws);
  for (int i = 0; i < kDraws; ++i) {
    RandomStream s = rng.stream(static_cast<std::uint64_t>(i), 7);
    out.push_back(draw(s));
  }
  return out;
}

/// Chi-square statistic against `pmf` over the values with expected count >= 5 (the rest pooled
/// in one bin), and its degrees of freedom.
template <class Pmf>
std::pair<double, int> chi_square(const std::vector<std::int64_t>& x, Pmf pmf, std::int64_t max_k) {
  std::map<std::int64_t, double> seen;
  for (const auto k : x) seen[k] += 1;
  double chi2 = 0, pooled_seen = static_cast<double>(x.size()), pooled_expected = 1.0;
  int bins = 0;
  for (std::int64_t k = 0; k <= max_k; ++k) {
    const double expected = pmf(k) * static_cast<double>(x.size());
    if (expected < 5) continue;
    const double o = seen.count(k) ? seen[k] : 0.0;
    chi2 += (o - expected) * (o - expected) / expected;
    pooled_seen -= o;
    pooled_expected -= pmf(k);
    ++bins;
  }
  pooled_expected *= static_cast<double>(x.size());
  if (pooled_expected >= 5) {
    chi2 += (pooled_seen - pooled_expected) * (pooled_seen - pooled_expected) / pooled_expected;
    ++bins;
  }
  return {chi2, bins - 1};
}

/// Upper 1e-4 quantile of chi-square with `df` degrees of freedom (Wilson-Hilferty).
double chi2_limit(int df) {
  const double z = 3.72;
  const double d = static_cast<double>(df);
  return d * std::pow(1 - 2 / (9 * d) + z * std::sqrt(2 / (9 * d)), 3);
}

double poisson_pmf(double mean, std::int64_t k) {
  return std::exp(static_cast<double>(k) * std::log(mean) - mean - std::lgamma(static_cast<double>(k) + 1));
}

double binomial_pmf(std::int64_t n, double p, std::int64_t k) {
  const double nn = static_cast<double>(n), kk = static_cast<double>(k);
  return std::exp(std::lgamma(nn + 1) - std::lgamma(kk + 1) - std::lgamma(nn - kk + 1) + kk * std::log(p) +
                  (nn - kk) * std::log1p(-p));
}

}  // namespace

TEST_CASE("random counts: Poisson matches its distribution below and above mean 10", "[rng][counts]") {
  for (const double mean : {0.3, 4.0, 9.9, 10.0, 37.5, 2500.0}) {
    const auto x = sample([mean](RandomStream& s) { return poisson(s, mean); }, 0);
    double sum = 0, sq = 0;
    for (const auto k : x) {
      sum += static_cast<double>(k);
      sq += static_cast<double>(k) * static_cast<double>(k);
    }
    const double m = sum / kDraws, var = sq / kDraws - m * m;
    INFO("mean " << mean << ": sample mean " << m << ", variance " << var);
    CHECK(std::abs(m - mean) < 5 * std::sqrt(mean / kDraws));
    CHECK(std::abs(var - mean) < 5 * mean * std::sqrt(2.0 / kDraws) + 1e-12);
    const auto [chi2, df] = chi_square(x, [mean](std::int64_t k) { return poisson_pmf(mean, k); },
                                       static_cast<std::int64_t>(mean + 10 * std::sqrt(mean) + 10));
    INFO("chi-square " << chi2 << " on " << df << " degrees of freedom");
    CHECK(chi2 < chi2_limit(df));
  }
}

TEST_CASE("random counts: binomial matches its distribution by inversion and by BTRS", "[rng][counts]") {
  struct Case {
    std::int64_t n;
    double p;
  };
  for (const Case c : {Case{5, 0.3}, Case{40, 0.2}, Case{100, 0.5}, Case{1000, 0.03}, Case{100000, 0.7},
                       Case{20, 0.95}}) {
    const auto x = sample([c](RandomStream& s) { return binomial(s, c.n, c.p); }, 1);
    const double mean = static_cast<double>(c.n) * c.p, variance = mean * (1 - c.p);
    double sum = 0, sq = 0;
    std::int64_t outside = 0;
    for (const auto k : x) {
      outside += (k < 0 || k > c.n) ? 1 : 0;
      sum += static_cast<double>(k);
      sq += static_cast<double>(k) * static_cast<double>(k);
    }
    CHECK(outside == 0);
    const double m = sum / kDraws, var = sq / kDraws - m * m;
    INFO("n " << c.n << ", p " << c.p << ": sample mean " << m << ", variance " << var);
    CHECK(std::abs(m - mean) < 5 * std::sqrt(variance / kDraws));
    CHECK(std::abs(var - variance) < 6 * variance * std::sqrt(2.0 / kDraws));
    const auto [chi2, df] = chi_square(x, [c](std::int64_t k) { return binomial_pmf(c.n, c.p, k); }, c.n);
    INFO("chi-square " << chi2 << " on " << df << " degrees of freedom");
    CHECK(chi2 < chi2_limit(df));
  }
}

TEST_CASE("random counts: edge cases and reproducibility", "[rng][counts]") {
  const CounterRng rng(1, "counts.edges");
  RandomStream s = rng.stream(3, 4);
  CHECK(poisson(s, 0.0) == 0);
  CHECK(poisson(s, -1.0) == 0);
  CHECK(poisson(s, std::nan("")) == 0);
  CHECK(binomial(s, 0, 0.5) == 0);
  CHECK(binomial(s, 17, 0.0) == 0);
  CHECK(binomial(s, 17, 1.0) == 17);
  CHECK(binomial(s, 17, 1.5) == 17);
  RandomStream a = rng.stream(9, 2), b = rng.stream(9, 2);
  for (int i = 0; i < 100; ++i) {
    CHECK(binomial(a, 5000, 0.4) == binomial(b, 5000, 0.4));
    CHECK(poisson(a, 123.0) == poisson(b, 123.0));
  }
}
