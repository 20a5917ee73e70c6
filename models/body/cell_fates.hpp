#pragma once
// One step of a cell count under per-capita rates: division, death (natural and drug kill) and
// differentiation into other states. Small counts are stochastic, with exact binomial and
// Poisson deviates on the counter-based stream (so that a clone can go extinct); counts at or
// above a switch size follow the expected values (rounded stochastically to whole cells).
//
// Within a step of length dt, a cell leaves its state with probability 1 - e^{-e dt} S_kill
// (e = death + sum of differentiation rates, S_kill = survival of the drug kill over the step),
// leavers are split among death and destinations in proportion to their hazards, and the cells
// that stay divide as a pure birth process: births ~ Poisson(stay (e^{b dt} - 1)). The expected
// count after the step is then exactly n e^{(b - e) dt} S_kill (birth and loss split within the
// step), the deterministic limit the large counts follow.
#include <array>
#include <cstdint>

#include "engine/core/rng.hpp"

namespace msabm::body {

inline constexpr int kMaxDestinations = 3;

struct FateRates {
  double divide = 0;  ///< per-capita division rate, 1/min
  double death = 0;   ///< per-capita natural death rate, 1/min
  double kill_hazard = 0;  ///< cumulative drug kill over the step (survival e^{-kill_hazard})
  std::array<double, kMaxDestinations> to{};  ///< differentiation rates into other states, 1/min
};

struct FateOutcome {
  std::int64_t stay = 0;  ///< cells still in the state after the step, divisions included
  std::int64_t died = 0;
  std::array<std::int64_t, kMaxDestinations> moved{};
};

/// Advances `n` cells by `dt` (min). Counts below `switch_size` are drawn; counts at or above it
/// follow expected values rounded with one uniform each.
FateOutcome step_cells(std::int64_t n, const FateRates& rates, double dt, std::int64_t switch_size,
                       RandomStream& stream);

/// A real number of cells rounded up with probability equal to its fractional part.
std::int64_t round_stochastic(double x, RandomStream& stream);

}  // namespace msabm::body
