#pragma once
// Internals of FieldSet shared by field_set.cpp and the solver (field_solver.cpp and the kernels
// it drives): boundary data, factorisations, source terms, per-substance solver data. Not part
// of the API.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/fields/field_set.hpp"

namespace msabm::fields {

class SpectralBasis;

/// Boundary conditions of one axis, as the solver needs them.
struct AxisBc {
  BoundaryKind lo = BoundaryKind::no_flux;
  BoundaryKind hi = BoundaryKind::no_flux;
  double lo_value = 0.0;
  double hi_value = 0.0;
  [[nodiscard]] bool periodic() const { return lo == BoundaryKind::periodic; }
};

/// Thomas factorisation of one constant-coefficient tridiagonal line operator
///   -w_p x_{p-1} + (1 + w_p + w_{p+1} + r) x_p - w_{p+1} x_{p+1} = d_p,
/// where w_p is the weight of the face below position p (w_0, w_n: the boundary faces, which
/// only add to the diagonal unless the axis is periodic, when w_0 = w_n couples x_0, x_{n-1}).
struct LineFactors {
  int n = 0;
  bool periodic = false;
  std::vector<double> m;   ///< 1 / pivot
  std::vector<double> wm;  ///< w_p * m_p (forward: y_p = d_p m_p + wm_p y_{p-1})
  std::vector<double> cp;  ///< back: x_p = y_p - cp_p x_{p+1}
  std::vector<double> z;   ///< Sherman-Morrison: solution of the modified system for u
  double v_last = 0.0;     ///< v = (1, 0, ..., 0, v_last)
  double inv_den = 0.0;    ///< 1 / (1 + v.z)
};

/// A reduced source/sink record of one voxel for one step.
struct SourceTerm {
  VoxelIndex voxel = kNoVoxel;
  double density = 0.0;  ///< declared units per minute (rate / voxel volume)
  double uptake = 0.0;   ///< 1/min
};

struct FieldSet::Substance {
  double dh2 = 0.0;     ///< D * (uniform factor) / dx^2, 1/min (uniform substances)
  bool uniform = true;  ///< the same diffusion factor in every voxel
  double factor_max = 1.0;
  std::vector<double> factor;  ///< per label id (label_count_)
  std::vector<double> cond;    ///< D/dx^2 * harmonic mean of factors, label_count_^2, 1/min
  std::vector<double> bcond;   ///< fixed-face conductance 2 D F / dx^2 per label, 1/min
  std::array<AxisBc, 3> bc;
  std::vector<SourceTerm> constant_sources;  ///< sorted by voxel, reduced
  std::uint64_t quiet_skips = 0;  ///< steps skipped as quiet (statistics, not state)
  /// The values were found all below the floor and have not changed since (derived: cleared by
  /// a solve and by any mutable access to the values, e.g. a restore), so a quiet patch costs
  /// no pass over its voxels at all.
  bool known_quiet = false;

  // Cache of the constant-coefficient factorisations for the last (dt, scheme, theta).
  double cached_dt = -1.0;
  FieldScheme cached_scheme = FieldScheme::automatic;
  double cached_theta = -1.0;
  std::array<LineFactors, 3> axis;

  /// The spectral scheme's transforms, made at its first step (derived, not state).
  std::unique_ptr<SpectralBasis> spectral;
  int uptake_iterations = 0;  ///< of the last spectral step (statistics, not state)
};

}  // namespace msabm::fields

// FieldSet::Impl and SpectralBasis (complete where FieldSet is destroyed or moved).
#include "engine/fields/spectral.hpp"
#include "engine/fields/workspaces.hpp"
