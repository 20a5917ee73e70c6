// Design points and members of a sweep: values at quantiles of each key's distribution, grid
// and Latin-hypercube sampling, and member seeds.
#include "engine/sweep/design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "engine/core/rng.hpp"

namespace msabm::sweep {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::vector<std::vector<Value>> grid_points(const std::vector<KeySpec>& specs) {
  long long count = 1;
  for (const auto& s : specs) count *= static_cast<long long>(s.discrete.size());
  std::vector<std::vector<Value>> points;
  for (long long p = 0; p < count; ++p) {
    std::vector<Value> values(specs.size());
    long long rest = p;
    for (std::size_t k = specs.size(); k-- > 0;) {  // the last key varies fastest
      const auto n = static_cast<long long>(specs[k].discrete.size());
      values[k] = specs[k].discrete[static_cast<std::size_t>(rest % n)];
      rest /= n;
    }
    points.push_back(std::move(values));
  }
  return points;
}

std::vector<std::vector<Value>> sampled_points(const Plan& plan,
                                               const std::vector<KeySpec>& specs) {
  const auto n = static_cast<std::size_t>(plan.samples);
  // u[k][p]: the quantile of key k at point p. Streams are addressed by the key's name, so
  // adding or reordering keys leaves the others' values unchanged.
  std::vector<std::vector<double>> u(specs.size(), std::vector<double>(n));
  const CounterRng draw(plan.seed, "sweep.draw");
  const CounterRng shuffle(plan.seed, "sweep.lhs.permutation");
  for (std::size_t k = 0; k < specs.size(); ++k) {
    const std::uint64_t key_id = purpose_key(specs[k].info.key);
    if (plan.sampling == Sampling::Random) {
      for (std::size_t p = 0; p < n; ++p) u[k][p] = draw.uniform(key_id, p);
    } else {
      std::vector<std::uint32_t> perm(n);
      std::iota(perm.begin(), perm.end(), 0u);
      RandomStream s = shuffle.stream(key_id, 0);
      for (std::size_t i = n; i > 1; --i)
        std::swap(perm[i - 1], perm[s.below(static_cast<std::uint32_t>(i))]);
      for (std::size_t p = 0; p < n; ++p) {
        u[k][p] = (perm[p] + draw.uniform(key_id, p)) / static_cast<double>(n);
      }
    }
  }
  std::vector<std::vector<Value>> points;
  for (std::size_t p = 0; p < n; ++p) {
    std::vector<Value> values;
    for (std::size_t k = 0; k < specs.size(); ++k) values.push_back(specs[k].at(u[k][p]));
    points.push_back(std::move(values));
  }
  return points;
}

}  // namespace

Value number_value(double v, const std::string& unit, bool integer) {
  std::string text = integer ? fmt::format("{}", std::llround(v)) : fmt::format("{:.8g}", v);
  const double exact = std::stod(text);
  if (!unit.empty()) text += " " + unit;
  return {text, exact};
}

Value KeySpec::at(double u) const {
  if (!discrete.empty()) {
    std::size_t i = 0;
    if (cumulative.empty()) {
      i = std::min(discrete.size() - 1,
                   static_cast<std::size_t>(u * static_cast<double>(discrete.size())));
    } else {
      i = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                   cumulative.begin());
      i = std::min(i, discrete.size() - 1);
    }
    return discrete[i];
  }
  const double p = std::clamp(u, 1e-16, 1.0 - 1e-16);
  double v = 0;
  if (info.kind == "uniform")
    v = a + p * (b - a);
  else if (info.kind == "log_uniform")
    v = std::exp(std::log(a) + p * (std::log(b) - std::log(a)));
  else if (info.kind == "normal")
    v = a + b * normal_quantile(p);
  else
    v = a * std::exp(b * normal_quantile(p));  // lognormal
  if (clip) v = std::clamp(v, clip->first, clip->second);
  return number_value(v, info.unit, integer);
}

double normal_quantile(double p) {
  // Acklam's rational approximation (relative error 1.2e-9), refined by one Halley step.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double low = 0.02425;
  double x = 0;
  if (p < low) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

std::uint64_t member_seed(std::uint64_t sweep_seed, std::uint64_t point, std::uint64_t replicate) {
  return splitmix64(splitmix64(splitmix64(sweep_seed) ^ point) ^
                    (replicate * 0x9e3779b97f4a7c15ull)) >>
         16;
}

std::vector<std::vector<Value>> design_points(const Plan& plan, const std::vector<KeySpec>& specs) {
  return plan.sampling == Sampling::Grid ? grid_points(specs) : sampled_points(plan, specs);
}

void add_members(Plan& plan, const std::vector<std::vector<Value>>& points) {
  plan.points = static_cast<int>(points.size());
  int id = 0;
  for (int p = 0; p < plan.points; ++p) {
    for (int r = 0; r < plan.replicates; ++r) {
      Member m;
      m.id = id++;
      m.point = p;
      m.replicate = r;
      m.seed = member_seed(plan.seed, plan.common_seeds ? 0 : static_cast<std::uint64_t>(p),
                           static_cast<std::uint64_t>(r));
      m.values = points[static_cast<std::size_t>(p)];
      plan.members.push_back(std::move(m));
    }
  }
}

}  // namespace msabm::sweep
