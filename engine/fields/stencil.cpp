// The 7-point diffusion operator row by row (douglas's explicit part, the z part of its
// right-hand side) and the explicit scheme's sub-step, plane by plane: the stencil kernels of
// the field solver. Compiled for AVX2 and the baseline (kernel_clones.hpp): identical results.
#include <array>
#include <cstddef>

#include "engine/fields/kernel_clones.hpp"
#include "engine/fields/row_kernels.hpp"
#include "engine/fields/sweep.hpp"

namespace msabm::fields {

MSABM_FIELDS_KERNEL void Sweep::row_operator(std::size_t j, std::size_t k, double* out,
                                             double scale, double lam) const {
  const std::size_t rb = (k * ny + j) * nx;
  const double* cc = c + rb;
  if (sub->uniform) {
    const double* ym = j > 0 ? cc - nx : (bc(1).periodic() ? cc + (ny - 1) * nx : cc);
    const double* yp = j + 1 < ny ? cc + nx : (bc(1).periodic() ? cc - (ny - 1) * nx : cc);
    const double* zm = k > 0 ? cc - plane : (bc(2).periodic() ? cc + (nz - 1) * plane : cc);
    const double* zp = k + 1 < nz ? cc + plane : (bc(2).periodic() ? cc - (nz - 1) * plane : cc);
    const double a = sub->dh2;
    // scale (a (sum of the face neighbours - n c) - lam c) with the constants folded:
    // side * (neighbour sum) - centre * c, five additions and two multiplications a value.
    const double side = scale * a;
    if (nx == 1) {
      const double centre = scale * (4.0 * a + lam);
      out[0] = side * ((ym[0] + yp[0]) + (zm[0] + zp[0])) - centre * cc[0];
    } else {
      const double centre = scale * (6.0 * a + lam);
      const bool px = bc(0).periodic();
      const double xm0 = px ? cc[nx - 1] : cc[0];
      const double xpn = px ? cc[0] : cc[nx - 1];
      out[0] = side * ((xm0 + cc[1]) + (ym[0] + yp[0]) + (zm[0] + zp[0])) - centre * cc[0];
      for (std::size_t i = 1; i + 1 < nx; ++i) {
        out[i] =
            side * ((cc[i - 1] + cc[i + 1]) + (ym[i] + yp[i]) + (zm[i] + zp[i])) - centre * cc[i];
      }
      const std::size_t e = nx - 1;
      out[e] = side * ((cc[e - 1] + xpn) + (ym[e] + yp[e]) + (zm[e] + zp[e])) - centre * cc[e];
    }
    const double a2 = scale * 2.0 * a;
    if (bc(0).lo == BoundaryKind::fixed) out[0] += a2 * (bc(0).lo_value - cc[0]);
    if (bc(0).hi == BoundaryKind::fixed) out[nx - 1] += a2 * (bc(0).hi_value - cc[nx - 1]);
    auto face_row = [&](double value) {
      for (std::size_t i = 0; i < nx; ++i) out[i] += a2 * (value - cc[i]);
    };
    if (j == 0 && bc(1).lo == BoundaryKind::fixed) face_row(bc(1).lo_value);
    if (j + 1 == ny && bc(1).hi == BoundaryKind::fixed) face_row(bc(1).hi_value);
    if (k == 0 && bc(2).lo == BoundaryKind::fixed) face_row(bc(2).lo_value);
    if (k + 1 == nz && bc(2).hi == BoundaryKind::fixed) face_row(bc(2).hi_value);
    return;
  }
  // Per-label conductances: sum over the six faces of g_f (c_neighbour - c).
  const std::array<std::size_t, 3> n{nx, ny, nz};
  const std::array<std::size_t, 3> stride{1, nx, plane};
  std::array<std::size_t, 3> pos{0, j, k};
  for (std::size_t i = 0; i < nx; ++i) {
    pos[0] = i;
    const std::size_t v = rb + i;
    const double c0 = c[v];
    const double* g = sub->cond.data() + lab(v) * nlab;
    double acc = 0.0;
    for (int a = 0; a < 3; ++a) {
      const auto ua = static_cast<std::size_t>(a);
      const std::size_t s = stride[ua];
      const AxisBc& b = bc(a);
      if (pos[ua] > 0) {
        acc += g[lab(v - s)] * (c[v - s] - c0);
      } else if (b.lo == BoundaryKind::periodic) {
        const std::size_t u = v + (n[ua] - 1) * s;
        acc += g[lab(u)] * (c[u] - c0);
      } else if (b.lo == BoundaryKind::fixed) {
        acc += sub->bcond[lab(v)] * (b.lo_value - c0);
      }
      if (pos[ua] + 1 < n[ua]) {
        acc += g[lab(v + s)] * (c[v + s] - c0);
      } else if (b.hi == BoundaryKind::periodic) {
        const std::size_t u = v - (n[ua] - 1) * s;
        acc += g[lab(u)] * (c[u] - c0);
      } else if (b.hi == BoundaryKind::fixed) {
        acc += sub->bcond[lab(v)] * (b.hi_value - c0);
      }
    }
    out[i] = scale * (acc - lam * c0);
  }
}

MSABM_FIELDS_KERNEL void Sweep::z_operator_row(std::size_t j, std::size_t k, double* out) const {
  const std::size_t rb = (k * ny + j) * nx;
  const double* cc = c + rb;
  const AxisBc& bz = bc(2);
  const bool lo = k == 0;
  const bool hi = k + 1 == nz;
  if (sub->uniform) {
    const double* zm = !lo ? cc - plane : (bz.periodic() ? cc + (nz - 1) * plane : cc);
    const double* zp = !hi ? cc + plane : (bz.periodic() ? cc - (nz - 1) * plane : cc);
    const double a = sub->dh2;
    for (std::size_t i = 0; i < nx; ++i) out[i] = a * (zm[i] + zp[i] - 2.0 * cc[i]);
    const double a2 = 2.0 * a;
    if (lo && bz.lo == BoundaryKind::fixed) {
      for (std::size_t i = 0; i < nx; ++i) out[i] -= a2 * cc[i];
    }
    if (hi && bz.hi == BoundaryKind::fixed) {
      for (std::size_t i = 0; i < nx; ++i) out[i] -= a2 * cc[i];
    }
    return;
  }
  for (std::size_t i = 0; i < nx; ++i) {
    const std::size_t v = rb + i;
    const double c0 = c[v];
    const double* g = sub->cond.data() + lab(v) * nlab;
    double acc = 0.0;
    if (!lo) {
      acc += g[lab(v - plane)] * (c[v - plane] - c0);
    } else if (bz.lo == BoundaryKind::periodic) {
      const std::size_t u = v + (nz - 1) * plane;
      acc += g[lab(u)] * (c[u] - c0);
    } else if (bz.lo == BoundaryKind::fixed) {
      acc -= sub->bcond[lab(v)] * c0;
    }
    if (!hi) {
      acc += g[lab(v + plane)] * (c[v + plane] - c0);
    } else if (bz.hi == BoundaryKind::periodic) {
      const std::size_t u = v - (nz - 1) * plane;
      acc += g[lab(u)] * (c[u] - c0);
    } else if (bz.hi == BoundaryKind::fixed) {
      acc -= sub->bcond[lab(v)] * c0;
    }
    out[i] = acc;
  }
}

MSABM_FIELDS_KERNEL void Sweep::explicit_plane(std::size_t k, Workspace& ws) const {
  const std::size_t base = k * plane;
  double* pl = ws.plane.data();
  for (std::size_t j = 0; j < ny; ++j) row_operator(j, k, pl + j * nx, 1.0, 0.0);
  const double* cc = c + base;
  const double inv = 1.0 / (1.0 + dt * lambda);
  double* res = ws.plane2.data();
  for (std::size_t v = 0; v < plane; ++v) res[v] = (cc[v] + dt * pl[v]) * inv;
  const auto [tb, te] = terms_in(base, base + plane);
  for (const SourceTerm* t = tb; t != te; ++t) {
    const std::size_t v = t->voxel - base;
    res[v] = (cc[v] + dt * (pl[v] + t->density)) / (1.0 + dt * (lambda + t->uptake));
  }
  copy_row(work + base, res, plane, stream);
  store_fence();
}

}  // namespace msabm::fields
