// Pass 2 of the douglas and lod schemes, one run of z-lines at a time: the z solves read W and
// write the field (see the implementation notes in field_solver.cpp). Compiled for AVX2 and the
// baseline (kernel_clones.hpp): identical results.
#include <algorithm>
#include <cstddef>
#include <cstring>

#include "engine/fields/kernel_clones.hpp"
#include "engine/fields/line_solvers.hpp"
#include "engine/fields/row_kernels.hpp"
#include "engine/fields/simd_kernels.hpp"
#include "engine/fields/sweep.hpp"

namespace msabm::fields {

MSABM_FIELDS_KERNEL void Sweep::pass2(std::size_t item, Workspace& ws) const {
  // z-lines [base, base + nl) of the plane: independent of each other, any range will do.
  const std::size_t base = item * segment;
  const std::size_t nl = std::min(plane, base + segment) - base;
  const bool douglas = scheme == FieldScheme::douglas;
  double* col = ws.col.data();
  const AxisBc& bz = bc(2);

  if (sub->uniform && !bz.periodic()) {
    // Constant coefficients: forward elimination straight from W, back substitution
    // straight into c.
    const LineFactors& f = sub->axis[2];
    // The chunks of consecutive planes are far apart: prefetch a few planes ahead.
    constexpr std::size_t kAhead = 6;
    // In slices between the arithmetic: a burst of prefetches fills the miss buffers.
    auto prefetch = [&](const double* p, std::size_t from, std::size_t to) {
      for (std::size_t l = from; l < to; l += 8) __builtin_prefetch(p + l, 0);
    };
    for (std::size_t k = 0; k < nz; ++k) {
      const double* __restrict src = work + base + k * plane;
      double* __restrict dst = col + k * nl;
      const double* ahead = k + kAhead < nz ? src + kAhead * plane : nullptr;
      const double* __restrict prev = dst - nl;
      const double m = f.m[k];
      const double wm = f.wm[k];
      const bool lo = k == 0 && bz.lo == BoundaryKind::fixed && !douglas;
      const bool hi = k + 1 == nz && bz.hi == BoundaryKind::fixed && !douglas;
      if (lo || hi) {
        const double add = dt * 2.0 * sub->dh2 * (lo ? bz.lo_value : 0.0) +
                           dt * 2.0 * sub->dh2 * (hi ? bz.hi_value : 0.0);
        for (std::size_t l = 0; l < nl; ++l) dst[l] = src[l] + add;
        if (k == 0) {
          for (std::size_t l = 0; l < nl; ++l) dst[l] *= m;
        } else {
          for (std::size_t l = 0; l < nl; ++l) dst[l] = dst[l] * m + wm * prev[l];
        }
      } else if (k == 0) {
        if (ahead != nullptr) prefetch(ahead, 0, nl);
        for (std::size_t l = 0; l < nl; ++l) dst[l] = src[l] * m;
      } else {
        constexpr std::size_t kSlice = 64;
        for (std::size_t l0 = 0; l0 < nl; l0 += kSlice) {
          const std::size_t l1 = std::min(nl, l0 + kSlice);
          if (ahead != nullptr) prefetch(ahead, l0, l1);
          for (std::size_t l = l0; l < l1; ++l) dst[l] = src[l] * m + wm * prev[l];
        }
      }
    }
    // Back substitution fused with the store into c (the guard acts on the stored value
    // only, never on the recursion).
    for (std::size_t k = nz; k-- > 0;) {
      simd::BackRow b;
      b.x = col + k * nl;
      b.xn = k + 1 < nz ? b.x + nl : nullptr;
      b.cp = f.cp[k];
      b.clamp = douglas;
      b.dst = c + base + k * plane;
      b.stream = stream;
      simd::back_row(b, nl);
    }
    store_fence();
    return;
  }

  for (std::size_t k = 0; k < nz; ++k) {
    std::memcpy(col + k * nl, work + base + k * plane, nl * sizeof(double));
  }
  if (!douglas) {
    if (bz.lo == BoundaryKind::fixed) {
      for (std::size_t l = 0; l < nl; ++l) col[l] += dt * bcond(base + l) * bz.lo_value;
    }
    if (bz.hi == BoundaryKind::fixed) {
      const std::size_t o = (nz - 1) * nl;
      const std::size_t v = base + (nz - 1) * plane;
      for (std::size_t l = 0; l < nl; ++l) col[o + l] += dt * bcond(v + l) * bz.hi_value;
    }
  }
  if (sub->uniform) {
    solve_uniform(sub->axis[2], nl, col, ws.tmp.data());
  } else {
    double* w = ws.w.data();
    for (std::size_t p = 0; p <= nz; ++p) {
      for (std::size_t l = 0; l < nl; ++l) w[p * nl + l] = face_weight(2, base + l, plane, nz, p);
    }
    solve_general(nz, nl, w, nullptr, bz.periodic(), col, ws.cp.data(), ws.zz.data(),
                  ws.tmp.data());
  }
  for (std::size_t k = 0; k < nz; ++k) {
    const double* d = col + k * nl;
    if (douglas) {
      copy_row_clamped(c + base + k * plane, d, nl, stream);
    } else {
      copy_row(c + base + k * plane, d, nl, stream);
    }
  }
  store_fence();
}

}  // namespace msabm::fields
