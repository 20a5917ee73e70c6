#pragma once
// Helpers shared by the field tests (tests/verification/fields, tests/unit/fields).
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "engine/core/lattice.hpp"
#include "engine/fields/field_set.hpp"

namespace msabm::fields::test {

inline Lattice make_lattice(int nx, int ny, int nz, double dx) {
  LatticeShape shape;
  shape.dims = {nx, ny, nz};
  shape.voxel_size = dx;
  return Lattice(shape);
}

inline SubstanceSpec substance(const std::string& name, double diffusion, double decay = 0.0) {
  SubstanceSpec s;
  s.name = name;
  s.units = "1/um^3";
  s.diffusion = diffusion;
  s.decay = decay;
  return s;
}

inline FieldSolverParams solver(FieldScheme scheme, double theta = 1.0,
                                double max_stiffness = 0.0) {
  FieldSolverParams p;
  p.scheme = scheme;
  p.theta = theta;
  p.max_stiffness = max_stiffness;
  return p;
}

/// Free-space heat kernel in `dims` dimensions (unit mass released at t = 0 from x0):
/// (4 pi D t)^(-d/2) exp(-|x - x0|^2 / (4 D t)).
inline double heat_kernel(double r2, double diffusion, double t, int dims) {
  return std::pow(4.0 * M_PI * diffusion * t, -0.5 * dims) * std::exp(-r2 / (4.0 * diffusion * t));
}

/// Squared distance from voxel v's centre to point p, counting only axes longer than 1 voxel.
inline double dist2(const Lattice& lattice, VoxelIndex v, const std::array<double, 3>& p) {
  const auto c = lattice.centre(v);
  double r2 = 0.0;
  for (int a = 0; a < 3; ++a) {
    if (lattice.shape().dims[a] > 1) r2 += (c[a] - p[a]) * (c[a] - p[a]);
  }
  return r2;
}

/// Sets field s to the heat kernel at time t0 (a Gaussian of variance 2 D t0 per axis).
inline void set_gaussian(FieldSet& fields, int s, const Lattice& lattice,
                         const std::array<double, 3>& centre, double t0) {
  int dims = 0;
  for (int d : lattice.shape().dims) dims += d > 1 ? 1 : 0;
  auto values = fields.values(s);
  for (VoxelIndex v = 0; v < values.size(); ++v) {
    values[v] = heat_kernel(dist2(lattice, v, centre), fields.spec(s).diffusion, t0, dims);
  }
}

/// max |field - analytic| / max |analytic| for the Gaussian released at t = -t0, now at t.
inline double gaussian_error(const FieldSet& fields, int s, const Lattice& lattice,
                             const std::array<double, 3>& centre, double t0, double t) {
  int dims = 0;
  for (int d : lattice.shape().dims) dims += d > 1 ? 1 : 0;
  const double diffusion = fields.spec(s).diffusion;
  const double decay = std::exp(-fields.spec(s).decay * t);
  const auto values = fields.values(s);
  double err = 0.0;
  double peak = 0.0;
  for (VoxelIndex v = 0; v < values.size(); ++v) {
    const double exact = decay * heat_kernel(dist2(lattice, v, centre), diffusion, t0 + t, dims);
    err = std::max(err, std::abs(values[v] - exact));
    peak = std::max(peak, exact);
  }
  return err / peak;
}

}  // namespace msabm::fields::test
