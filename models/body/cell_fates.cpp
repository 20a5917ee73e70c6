#include "models/body/cell_fates.hpp"

#include <cmath>
#include <vector>

#include "engine/core/random_counts.hpp"
#include "models/systemic/linear_compartments.hpp"

namespace msabm::body {

std::int64_t round_stochastic(double x, RandomStream& stream) {
  if (!(x > 0)) return 0;
  const double whole = std::floor(x);
  return static_cast<std::int64_t>(whole) + (stream.uniform() < x - whole ? 1 : 0);
}

Propagator propagator(const Generator& m, double dt) {
  std::vector<double> flat(kCellStates * kCellStates);
  for (int i = 0; i < kCellStates; ++i) {
    for (int j = 0; j < kCellStates; ++j) flat[i * kCellStates + j] = m[i][j];
  }
  const std::vector<double> e = systemic::matrix_exponential(flat, kCellStates, dt);
  Propagator out{};
  for (int i = 0; i < kCellStates; ++i) {
    for (int j = 0; j < kCellStates; ++j) out[i][j] = std::max(0.0, e[i * kCellStates + j]);
  }
  return out;
}

Counts step_cells(const Counts& n, const Propagator& e, std::int64_t switch_size, RandomStream& stream) {
  Counts out{};
  for (int from = 0; from < kCellStates; ++from) {
    const std::int64_t cells = n[from];
    if (cells <= 0) continue;
    if (cells >= switch_size) {
      for (int to = 0; to < kCellStates; ++to) out[to] += round_stochastic(static_cast<double>(cells) * e[to][from], stream);
      continue;
    }
    double total = 0;
    for (int to = 0; to < kCellStates; ++to) total += e[to][from];
    if (total <= 1.0) {
      // Multinomial over the end states (and death), as conditional binomials.
      std::int64_t left = cells;
      double p_left = 1.0;
      for (int to = 0; to < kCellStates && left > 0; ++to) {
        const double p = p_left > 0 ? std::min(1.0, e[to][from] / p_left) : 0.0;
        const std::int64_t k = binomial(stream, left, p);
        out[to] += k;
        left -= k;
        p_left -= e[to][from];
      }
    } else {
      for (int to = 0; to < kCellStates; ++to) out[to] += poisson(stream, static_cast<double>(cells) * e[to][from]);
    }
  }
  return out;
}

}  // namespace msabm::body
