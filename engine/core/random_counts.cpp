#include "engine/core/random_counts.hpp"

#include <algorithm>
#include <cmath>

namespace msabm {

namespace {

std::int64_t poisson_small(RandomStream& s, double mean) {
  const double limit = std::exp(-mean);
  std::int64_t k = 0;
  double product = s.uniform();
  while (product > limit) {
    ++k;
    product *= s.uniform();
  }
  return k;
}

std::int64_t poisson_ptrs(RandomStream& s, double mean) {
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const double u = s.uniform() - 0.5;
    const double v = s.uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(k);
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <= -mean + k * loglam - std::lgamma(k + 1)) {
      return static_cast<std::int64_t>(k);
    }
  }
}

std::int64_t binomial_inversion(RandomStream& s, std::int64_t n, double p) {
  const double q = 1 - p;
  const double qn = std::exp(static_cast<double>(n) * std::log1p(-p));
  const double np = static_cast<double>(n) * p;
  const double bound = std::min(static_cast<double>(n), np + 10 * std::sqrt(np * q + 1));
  std::int64_t x = 0;
  double px = qn;
  double u = s.uniform();
  while (u > px) {
    ++x;
    if (static_cast<double>(x) > bound) {  // round-off ran past the tail: start again
      x = 0;
      px = qn;
      u = s.uniform();
    } else {
      u -= px;
      px = (static_cast<double>(n - x + 1) * p * px) / (static_cast<double>(x) * q);
    }
  }
  return x;
}

std::int64_t binomial_btrs(RandomStream& s, std::int64_t n_trials, double p) {
  const double n = static_cast<double>(n_trials);
  const double spq = std::sqrt(n * p * (1 - p));
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = n * p + 0.5;
  const double vr = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double lpq = std::log(p / (1 - p));
  const double m = std::floor((n + 1) * p);
  const double h = std::lgamma(m + 1) + std::lgamma(n - m + 1);
  while (true) {
    const double u = s.uniform() - 0.5;
    double v = s.uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(k);
    v = std::log(v * alpha / (a / (us * us) + b));
    // log f(k) - log f(m), exactly (lgamma), against the transformed uniform.
    if (v <= h - std::lgamma(k + 1) - std::lgamma(n - k + 1) + (k - m) * lpq) return static_cast<std::int64_t>(k);
  }
}

}  // namespace

std::int64_t poisson(RandomStream& s, double mean) {
  if (!(mean > 0)) return 0;
  return mean < 10 ? poisson_small(s, mean) : poisson_ptrs(s, mean);
}

std::int64_t binomial(RandomStream& s, std::int64_t n, double p) {
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  const bool flip = p > 0.5;
  const double q = flip ? 1 - p : p;
  const std::int64_t k = static_cast<double>(n) * q < 10 ? binomial_inversion(s, n, q) : binomial_btrs(s, n, q);
  return flip ? n - k : k;
}

}  // namespace msabm
