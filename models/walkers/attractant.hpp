#pragma once
// The direction a chemotactic walker prefers in a voxel. In this first model the attractant is a
// prescribed static gradient (uniform direction, or towards a point); field-driven chemotaxis
// reads a diffusing substance's gradient instead.
#include <array>
#include <cmath>
#include <cstdint>
#include <string>

#include "engine/config/section.hpp"
#include "engine/core/lattice.hpp"

namespace msabm::walkers {

struct Attractant {
  enum class Type : std::uint8_t { None, Uniform, Point, Field };
  Type type = Type::None;
  std::array<double, 3> direction{1, 0, 0};  ///< Uniform: unit vector
  std::array<double, 3> centre{};            ///< Point: um
  std::string field;                         ///< Field: substance name

  /// Reads `gradient: {type: uniform, direction: [1, 0, 0]}` (or point/centre, field/name).
  static Attractant read(const config::Section& s);
};

/// Unit vector a walker in voxel centre `p` is drawn along (zero when there is no pull).
inline std::array<double, 3> normalised(std::array<double, 3> g) {
  const double n = std::sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
  if (n == 0) return {0, 0, 0};
  return {g[0] / n, g[1] / n, g[2] / n};
}

/// Picks one of the six faces with probability proportional to max(0, g . e_face), for g of any
/// length (not zero), using u in [0, 1). For a unit g the mean step along g then has length 1
/// lattice spacing for an axis-aligned g, which makes the drift velocity bias * p_move * dx / dt.
/// Only one face per axis can have weight (the one g points to), so this draws the axis by its
/// |g_a| and takes the face by the sign: no division, and selects instead of branches (the
/// draw is a coin flip for the branch predictor).
inline int face_along(const std::array<double, 3>& g, double u) {
  const double a0 = std::abs(g[0]);
  const double a1 = std::abs(g[1]);
  const double a2 = std::abs(g[2]);
  const double x = u * (a0 + a1 + a2);
  int axis = (x >= a0 ? 1 : 0) + (x >= a0 + a1 ? 1 : 0);
  // x can round up to the total: fall back to the last axis with weight.
  if (axis == 2 && a2 == 0) axis = a1 > 0 ? 1 : 0;
  return 2 * axis + (g[static_cast<std::size_t>(axis)] > 0 ? 1 : 0);
}

}  // namespace msabm::walkers
