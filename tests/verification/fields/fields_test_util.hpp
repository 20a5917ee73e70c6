#pragma once
// Helpers shared by the field tests (tests/verification/fields, tests/unit/fields).
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

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

/// Compares a steady point-source field (substance s, source rate q at voxel src) with the
/// analytic q exp(-r/L) / (4 pi D r) at 5..10 voxels out along the 3 axes and the 6 face and 4
/// body diagonals (both signs): checks each relative error < 3 % (a 7-point lattice departs
/// from 1 / (4 pi r) by up to ~2 % there) and the number of points, and returns the worst.
inline double point_source_worst_error(const FieldSet& fields, int s, const Lattice& lattice,
                                       const std::array<int, 3>& src, double q, double diffusion,
                                       double length) {
  const double h = lattice.voxel_size();
  double worst = 0.0;
  int checked = 0;
  for (int dx = -1; dx <= 1; ++dx) {
    for (int dy = -1; dy <= 1; ++dy) {
      for (int dz = -1; dz <= 1; ++dz) {
        if (dx == 0 && dy == 0 && dz == 0) continue;
        const double unit = std::sqrt(double(dx * dx + dy * dy + dz * dz));
        for (int m = 1; m <= 10; ++m) {
          const double r = m * unit * h;
          if (r < 5 * h - 1e-9 || r > 10 * h + 1e-9) continue;
          const VoxelIndex v = lattice.index(src[0] + m * dx, src[1] + m * dy, src[2] + m * dz);
          const double exact = q * std::exp(-r / length) / (4.0 * M_PI * diffusion * r);
          const double rel = fields.value(s, v) / exact - 1.0;
          worst = std::max(worst, std::abs(rel));
          ++checked;
          INFO(fmt::format("direction ({},{},{}), r = {:.1f} um: C = {:.5e}, analytic {:.5e}, "
                           "relative error {:+.4f}",
                           dx, dy, dz, r, fields.value(s, v), exact, rel));
          CHECK(std::abs(rel) < 0.03);
        }
      }
    }
  }
  CHECK(checked == 6 * 6 + 12 * 4 + 8 * 3);  // radii per direction within 5..10 voxels
  return worst;
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
