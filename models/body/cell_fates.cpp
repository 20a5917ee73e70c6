#include "models/body/cell_fates.hpp"

#include <cmath>

#include "engine/core/random_counts.hpp"

namespace msabm::body {

std::int64_t round_stochastic(double x, RandomStream& stream) {
  if (!(x > 0)) return 0;
  const double whole = std::floor(x);
  return static_cast<std::int64_t>(whole) + (stream.uniform() < x - whole ? 1 : 0);
}

FateOutcome step_cells(std::int64_t n, const FateRates& r, double dt, std::int64_t switch_size,
                       RandomStream& stream) {
  FateOutcome out;
  if (n <= 0) return out;
  double out_rate = r.death;
  for (const double m : r.to) out_rate += m;
  const double exit_hazard = out_rate * dt + r.kill_hazard;
  const double p_leave = -std::expm1(-exit_hazard);
  const double growth = std::expm1(r.divide * dt);  // e^{b dt} - 1
  if (n >= switch_size) {
    const double leavers = static_cast<double>(n) * p_leave;
    double moved_total = 0;
    for (int j = 0; j < kMaxDestinations; ++j) {
      if (r.to[j] <= 0) continue;
      out.moved[j] = round_stochastic(leavers * r.to[j] * dt / exit_hazard, stream);
      moved_total += static_cast<double>(out.moved[j]);
    }
    const double stay = static_cast<double>(n) - leavers;
    out.died = round_stochastic(std::max(0.0, leavers - moved_total), stream);
    out.stay = round_stochastic(stay * (1 + growth), stream);
    return out;
  }
  std::int64_t left = binomial(stream, n, p_leave);
  const std::int64_t stay = n - left;
  // Split the leavers among destinations one after the other (conditional binomials).
  double hazard_left = exit_hazard;
  for (int j = 0; j < kMaxDestinations && left > 0; ++j) {
    if (r.to[j] <= 0) continue;
    const double share = r.to[j] * dt / hazard_left;
    out.moved[j] = binomial(stream, left, share);
    left -= out.moved[j];
    hazard_left -= r.to[j] * dt;
  }
  out.died = left;
  out.stay = stay + (growth > 0 ? poisson(stream, static_cast<double>(stay) * growth) : 0);
  return out;
}

}  // namespace msabm::body
