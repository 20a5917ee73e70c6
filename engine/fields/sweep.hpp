#pragma once
// Why this file: a Sweep is what every kernel of one (sub-)step of one substance needs
// (geometry, data, coefficients, this step's source terms); its plane and column kernels are
// defined in stencil.cpp (operators, explicit step), adi_pass1.cpp and adi_pass2.cpp (the
// two passes of douglas and lod). The step driver (field_solver.cpp) fills it. Internal to
// engine/fields.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/fields/solver_internal.hpp"
#include "engine/fields/workspaces.hpp"

namespace msabm::fields {

/// Everything one sweep needs, for one substance and one (sub-)step.
struct Sweep {
  // Geometry.
  std::size_t nx = 1, ny = 1, nz = 1, plane = 1;
  std::size_t segment = 1;  ///< z-lines per pass-2 item (a contiguous range of the plane)
  std::size_t segments = 1;
  // Data.
  double* c = nullptr;     ///< the field
  double* work = nullptr;  ///< W (full size)
  const std::uint8_t* labels = nullptr;
  const FieldSet::Substance* sub = nullptr;
  const std::vector<SourceTerm>* terms = nullptr;
  std::size_t nlab = 1;
  // Parameters.
  FieldScheme scheme = FieldScheme::douglas;
  double dt = 0.0;
  double wdt = 0.0;  ///< theta * dt (1 * dt for lod)
  double lambda = 0.0;
  bool stream = true;  ///< non-temporal stores for W and c (see stream_stores())

  [[nodiscard]] const AxisBc& bc(int a) const { return sub->bc[static_cast<std::size_t>(a)]; }
  [[nodiscard]] std::uint8_t lab(std::size_t v) const { return labels[v]; }
  [[nodiscard]] double cond(std::size_t va, std::size_t vb) const {
    return sub->cond[lab(va) * nlab + lab(vb)];
  }
  [[nodiscard]] double bcond(std::size_t v) const {
    return sub->uniform ? 2.0 * sub->dh2 : sub->bcond[lab(v)];
  }

  /// Terms with voxel in [begin, end).
  [[nodiscard]] std::pair<const SourceTerm*, const SourceTerm*> terms_in(std::size_t begin,
                                                                         std::size_t end) const {
    const auto& t = *terms;
    auto lo = std::lower_bound(t.begin(), t.end(), begin,
                               [](const SourceTerm& a, std::size_t v) { return a.voxel < v; });
    auto hi = std::lower_bound(lo, t.end(), end,
                               [](const SourceTerm& a, std::size_t v) { return a.voxel < v; });
    return {t.data() + (lo - t.begin()), t.data() + (hi - t.begin())};
  }

  /// out[i] = scale * ((A_diff c)(i, j, k) - lambda c): the diffusion operator (1/min x value)
  /// with the fixed faces' fluxes, minus decay, times scale.
  void row_operator(std::size_t j, std::size_t k, double* out, double scale, double lam) const;

  /// Face weight (times wdt) of face p (0..n) of a line along axis a: voxel of position p is
  /// base + p * s; interior faces couple p-1 and p.
  [[nodiscard]] double face_weight(int a, std::size_t base, std::size_t s, std::size_t n,
                                   std::size_t p) const {
    const AxisBc& b = bc(a);
    if (p > 0 && p < n) {
      return wdt * (sub->uniform ? sub->dh2 : cond(base + (p - 1) * s, base + p * s));
    }
    if (b.periodic()) {
      return wdt * (sub->uniform ? sub->dh2 : cond(base + (n - 1) * s, base));
    }
    const BoundaryKind kind = p == 0 ? b.lo : b.hi;
    if (kind != BoundaryKind::fixed) return 0.0;
    return wdt * bcond(p == 0 ? base : base + (n - 1) * s);
  }

  static constexpr std::size_t kRows = 16;  ///< x-lines solved together in pass 1

  /// Pass 1 for plane k: D0 (douglas) or the right-hand side (lod), then the x and y solves;
  /// the result goes to W. Rows are handled in blocks of kRows: right-hand side, x solves on
  /// the block transposed (lanes = rows, in L1), then the forward elimination of the y solves;
  /// the y back substitution finally writes W.
  void pass1(std::size_t k, Workspace& ws) const;

  /// out[i] = (L_z c)(i, j, k): the z part of the diffusion operator with fixed faces taken as
  /// homogeneous (their conductance, not their value).
  void z_operator_row(std::size_t j, std::size_t k, double* out) const;

  /// Pass 2 for one column chunk: z solves and the update of c.
  void pass2(std::size_t item, Workspace& ws) const;

  /// Explicit sub-step for plane k: W = (c + dt (A_diff c + S)) / (1 + dt (lambda + k)).
  void explicit_plane(std::size_t k, Workspace& ws) const;
};

}  // namespace msabm::fields
