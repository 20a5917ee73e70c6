#pragma once
// Why this file: the `spectral` scheme needs the transforms that diagonalise the 7-point operator
// of one substance (FFTW real-to-real transforms chosen by its faces) and the exact modal step;
// they are kept apart from the ADI kernels. Internal to engine/fields.
//
// Per axis the faces pick the eigenbasis of the 1-D operator (cell centres, faces half a voxel
// out): no_flux/no_flux DCT-II (REDFT10, inverse REDFT01), fixed/fixed DST-II (RODFT10 / RODFT01),
// fixed/no_flux DST-IV (RODFT11), no_flux/fixed DCT-IV (REDFT11), periodic the real DFT in
// half-complex form (R2HC / HC2R). Mode p of an axis of n voxels has the eigenvalue of -L
// (2 - 2 cos theta_p) / dx^2 = 4 sin^2(theta_p / 2) / dx^2 with theta_p = pi p / n, pi (p + 1) / n,
// pi (p + 1/2) / n or 2 pi min(p, n - p) / n respectively.
//
// A 3-D transform is done as 2-D transforms of z-planes, then 1-D transforms of z-columns in
// blocks of a fixed width, each block by the same plan whatever the thread count: every value's
// arithmetic is independent of the partition (bit-identical for any number of threads).
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "engine/core/lattice.hpp"
#include "engine/fields/solver_internal.hpp"

namespace msabm {
class StaticTeam;
class ThreadPool;
}  // namespace msabm

namespace msabm::fields {

class SpectralBasis {
 public:
  /// Plans the transforms (FFTW_ESTIMATE: the same algorithm on every run; planner calls are
  /// serialised by a lock, so several field sets may be built concurrently).
  SpectralBasis(const LatticeShape& shape, const std::array<AxisBc, 3>& bc);
  ~SpectralBasis();
  SpectralBasis(const SpectralBasis&) = delete;
  SpectralBasis& operator=(const SpectralBasis&) = delete;

  /// In place, by the threads of a static region (one barrier between the z-plane and the
  /// z-column transforms, one after).
  void forward(double* data, StaticTeam& team) const;
  /// forward, then modal(k) on z-plane k of the modes, then the inverse transform: together
  /// they multiply by normalisation() (the modal factors include its inverse). The inverse
  /// transforms the planes first as well (the axes' transforms commute), so that each plane's
  /// modal factors and inverse plane transform run without a barrier between them.
  void filter(double* data, StaticTeam& team,
              const std::function<void(std::size_t k)>& modal) const;
  /// Eigenvalues of -L (times dx^2, dimensionless) of the modes of `axis`, in transform order.
  [[nodiscard]] const std::vector<double>& mu(int axis) const { return mu_[axis]; }
  /// The product over axes of the transform pairs' scale factors (2n, or n when periodic).
  [[nodiscard]] double normalisation() const { return norm_; }
  struct Plans;  ///< the FFTW plans (spectral.cpp)

 private:
  std::array<std::vector<double>, 3> mu_;
  double norm_ = 1.0;
  std::unique_ptr<Plans> plans_;
};

/// What one spectral step of one substance needs.
struct SpectralStep {
  double* c = nullptr;                             ///< values, updated in place
  double* work = nullptr;                          ///< full-size scratch (the transformed sources)
  double* work2 = nullptr;                         ///< full-size scratch (the uptake terms)
  std::size_t count = 0;                           ///< voxels
  double dt = 0.0;                                 ///< min
  double diffusion = 0.0;                          ///< D times the (uniform) label factor, um^2/min
  double decay = 0.0;                              ///< 1/min
  double dx = 1.0;                                 ///< voxel edge, um
  const std::vector<SourceTerm>* terms = nullptr;  ///< reduced sources and uptake of this step
  const std::array<AxisBc, 3>* bc = nullptr;
  std::array<int, 3> dims{};
};

/// Most conjugate-gradient iterations of one step's uptake solve (the exposure cap keeps the
/// condition number <= 1 + max_uptake_exposure / 2, ~10-40 iterations; beyond: an error).
inline constexpr int kMaxUptakeIterations = 1000;

/// Advances the values by dt. Without uptake: the exact solution of dc/dt = D L c - k c + s per
/// mode (s = constant sources + pending secretion + fixed-face inflow, constant over the step).
/// Uptake U (pending, per voxel) enters as a flux -U c varying linearly over the step between
/// its values at the start and the end (exponential trapezoidal rule, implicit at the end:
/// exact steady states, second order in time); the end value is found by conjugate gradients
/// on the uptake voxels, two transforms per iteration. Values below zero are set to zero.
/// Returns the iterations used; throws std::runtime_error when they do not converge.
int spectral_step(const SpectralBasis& basis, const SpectralStep& st, ThreadPool& pool,
                  int threads);

}  // namespace msabm::fields
