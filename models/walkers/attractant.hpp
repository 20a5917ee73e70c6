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

/// Picks one of the six faces with probability proportional to max(0, g . e_face), g a unit
/// vector, using u in [0, 1). The mean step along g then has length 1 lattice spacing for an
/// axis-aligned g, which makes the drift velocity bias * p_move * dx / dt.
inline int face_along(const std::array<double, 3>& g, double u) {
  std::array<double, 6> w{};
  double total = 0;
  for (int a = 0; a < 3; ++a) {
    w[2 * a] = std::max(0.0, -g[a]);
    w[2 * a + 1] = std::max(0.0, g[a]);
    total += w[2 * a] + w[2 * a + 1];
  }
  double x = u * total;
  for (int f = 0; f < 6; ++f) {
    if (x < w[f]) return f;
    x -= w[f];
  }
  for (int f = 5; f >= 0; --f) {
    if (w[f] > 0) return f;  // round-off at the top end
  }
  return 0;
}

}  // namespace msabm::walkers
