#pragma once
// One step of a clone's cells over its states (naive, memory, effector) under a linear model:
// per-capita division, death, drug kill and differentiation between states. Over a step of
// length dt the expected counts follow exactly from the propagator E = exp(M dt) of the
// generator M (E[to][from]: expected cells in `to` at the end per cell in `from` at the start),
// so the step size leaves the mean dynamics unchanged.
//
// Large counts (at or above the switch size) take these expected values, rounded stochastically
// to whole cells. Small counts are drawn on the counter-based stream, so that a clone can go
// extinct: where the cells of a state cannot multiply (sum over `to` of E[to][from] <= 1), every
// cell's fate is independent and its end state is distributed as the column E[.][from] (the rest
// dies), so the counts are an exact multinomial (conditional binomials); where they multiply,
// each end state gets a Poisson number with the expected mean (tau-leaping).
#include <array>
#include <cstdint>

#include "engine/core/rng.hpp"

namespace msabm::body {

inline constexpr int kCellStates = 3;
using Counts = std::array<std::int64_t, kCellStates>;
using Propagator = std::array<std::array<double, kCellStates>, kCellStates>;  ///< [to][from]
using Generator = Propagator;  ///< dn/dt = M n, M[to][from]

/// exp(M dt) of a 3-state generator.
Propagator propagator(const Generator& m, double dt);

/// Advances counts by one step with propagator `e`; counts below `switch_size` are drawn.
Counts step_cells(const Counts& n, const Propagator& e, std::int64_t switch_size, RandomStream& stream);

/// A real number of cells rounded up with probability equal to its fractional part.
std::int64_t round_stochastic(double x, RandomStream& stream);

}  // namespace msabm::body
