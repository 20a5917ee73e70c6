// Pass 1 of the douglas and lod schemes, one z-plane at a time: right-hand side, x solves on
// blocks of 16 x-lines transposed in L1, y solves, and the right-hand side of the z solves
// written to W (see the implementation notes in field_solver.cpp). Compiled for AVX2 and the
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

static_assert(Sweep::kRows == 16, "the row/lane transposes handle blocks of 16 rows");

MSABM_FIELDS_KERNEL void Sweep::pass1(std::size_t k, Workspace& ws) const {
  const std::size_t base = k * plane;
  double* pl = ws.plane.data();
  double* blk = ws.block.data();
  double* tr = ws.trans.data();
  const auto [tb, te] = terms_in(base, base + plane);
  const SourceTerm* cursor = tb;
  const bool douglas = scheme == FieldScheme::douglas;
  const bool fast_y = sub->uniform && !bc(1).periodic();
  const LineFactors& fy = sub->axis[1];
  const AxisBc& bx = bc(0);

  for (std::size_t j0 = 0; j0 < ny; j0 += kRows) {
    const std::size_t rows = std::min(kRows, ny - j0);
    // Right-hand sides of the block's x-lines.
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t j = j0 + r;
      double* out = blk + r * nx;
      // The next block's rows of plane k+1 come from memory: ask for them now, so that they
      // arrive while this block is being solved; a row at a time, between the stencils
      // (all at once, the prefetches fill the miss buffers and stall).
      if (k + 1 < nz && j + kRows < ny) {
        const double* next = c + base + plane + (j + kRows) * nx;
        for (std::size_t q = 0; q < nx; q += 8) __builtin_prefetch(next + q, 0, 2);
      }
      if (douglas) {
        row_operator(j, k, out, dt, lambda);
      } else {
        const std::size_t rb = base + j * nx;
        std::memcpy(out, c + rb, nx * sizeof(double));
        if (bx.lo == BoundaryKind::fixed) out[0] += dt * bcond(rb) * bx.lo_value;
        if (bx.hi == BoundaryKind::fixed) out[nx - 1] += dt * bcond(rb + nx - 1) * bx.hi_value;
      }
    }
    bool uptake = false;
    const SourceTerm* first = cursor;
    const std::size_t block_end = base + (j0 + rows) * nx;
    const std::size_t block_begin = base + j0 * nx;
    for (; cursor != te && cursor->voxel < block_end; ++cursor) {
      const std::size_t v = cursor->voxel - block_begin;
      blk[v] += douglas ? dt * (cursor->density - cursor->uptake * c[cursor->voxel])
                        : dt * cursor->density;
      uptake = uptake || cursor->uptake > 0.0;
    }

    // x solves: transposed block, position i, lane r.
    const bool transposed = rows > 1 && nx > 1;
    double* xs = transposed ? tr : blk;
    if (transposed) {
      if (rows == kRows) {
        rows_to_lanes16(blk, nx, xs);
      } else {
        transpose(blk, rows, nx, xs);
      }
    }
    if (sub->uniform && !uptake) {
      solve_uniform(sub->axis[0], rows, xs, ws.tmp.data());
    } else {
      double* w = ws.w.data();
      double* rr = ws.r.data();
      for (std::size_t p = 0; p <= nx; ++p) {
        for (std::size_t r = 0; r < rows; ++r)
          w[p * rows + r] = face_weight(0, block_begin + r * nx, 1, nx, p);
      }
      std::fill(rr, rr + nx * rows, wdt * lambda);
      for (const SourceTerm* t = first; t != cursor; ++t) {
        const std::size_t v = t->voxel - block_begin;
        rr[(v % nx) * rows + v / nx] += wdt * t->uptake;
      }
      solve_general(nx, rows, w, rr, bx.periodic(), xs, ws.cp.data(), ws.zz.data(), ws.tmp.data());
    }
    if (transposed) {
      if (rows == kRows) {
        lanes_to_rows16(xs, nx, blk);
      } else {
        transpose(xs, nx, rows, blk);
      }
    }

    // LOD: the y faces' fixed values enter the right-hand side of the y solves.
    if (!douglas) {
      const AxisBc& by = bc(1);
      for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t j = j0 + r;
        const std::size_t rb = base + j * nx;
        if (j == 0 && by.lo == BoundaryKind::fixed) {
          for (std::size_t i = 0; i < nx; ++i) blk[r * nx + i] += dt * bcond(rb + i) * by.lo_value;
        }
        if (j + 1 == ny && by.hi == BoundaryKind::fixed) {
          for (std::size_t i = 0; i < nx; ++i) blk[r * nx + i] += dt * bcond(rb + i) * by.hi_value;
        }
      }
    }
    // y solves, forward elimination (constant coefficients) or just collect the rows.
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t j = j0 + r;
      double* __restrict dst = pl + j * nx;
      const double* __restrict src = blk + r * nx;
      if (!fast_y) {
        std::memcpy(dst, src, nx * sizeof(double));
      } else if (j == 0) {
        const double m = fy.m[0];
        for (std::size_t i = 0; i < nx; ++i) dst[i] = src[i] * m;
      } else {
        const double m = fy.m[j];
        const double wm = fy.wm[j];
        const double* __restrict prev = dst - nx;
        for (std::size_t i = 0; i < nx; ++i) dst[i] = src[i] * m + wm * prev[i];
      }
    }
  }

  double* out = work + base;
  double* row = ws.trans.data();  // free again: one row of the z right-hand side
  // douglas: W = c + D2 - theta dt L_z c, the right-hand side of the z solve for c^{n+1}
  // itself, (I - theta dt L_z) c^{n+1} = c + D2 - theta dt L_z c (L_z: the z part of the
  // operator with homogeneous fixed faces), so that pass 2 need not read c again.
  // lod: W = Y2.
  // Uniform douglas rows go through one fused loop (simd::emit_row), which also performs
  // the y back substitution step when given the next row.
  const AxisBc& bz = bc(2);
  const double* const cplane = c + base;
  const double* zm_plane =
      k > 0 ? cplane - plane : (bz.periodic() ? cplane + (nz - 1) * plane : cplane);
  const double* zp_plane =
      k + 1 < nz ? cplane + plane : (bz.periodic() ? cplane - (nz - 1) * plane : cplane);
  const int fixed_faces = (k == 0 && bz.lo == BoundaryKind::fixed ? 1 : 0) +
                          (k + 1 == nz && bz.hi == BoundaryKind::fixed ? 1 : 0);
  auto emit_uniform = [&](std::size_t j, double* x, const double* xn, double cp) {
    simd::EmitRow e;
    e.x = x;
    e.xn = xn;
    e.cp = cp;
    e.c = cplane + j * nx;
    e.zm = zm_plane + j * nx;
    e.zp = zp_plane + j * nx;
    // c + x - wdt L_z c, L_z c = dh2 (zm + zp - 2 c) - 2 dh2 c per fixed face.
    e.side = wdt * sub->dh2;
    e.centre = 1.0 + wdt * (2.0 * sub->dh2 + 2.0 * sub->dh2 * fixed_faces);
    e.dst = out + j * nx;
    e.stream = stream;
    simd::emit_row(e, nx);
  };
  auto emit = [&](std::size_t j, double* d2) {
    if (!douglas) {
      copy_row(out + j * nx, d2, nx, stream);
    } else if (sub->uniform) {
      emit_uniform(j, d2, nullptr, 0.0);
    } else {
      z_operator_row(j, k, row);
      const double* cc = c + base + j * nx;
      for (std::size_t i = 0; i < nx; ++i) row[i] = cc[i] + d2[i] - wdt * row[i];
      copy_row(out + j * nx, row, nx, stream);
    }
  };
  if (fast_y) {
    // Back substitution fused with the output of each row.
    emit(ny - 1, pl + (ny - 1) * nx);
    for (std::size_t j = ny - 1; j-- > 0;) {
      double* x = pl + j * nx;
      if (douglas) {
        emit_uniform(j, x, x + nx, fy.cp[j]);
      } else {
        simd::BackRow b;
        b.x = x;
        b.xn = x + nx;
        b.cp = fy.cp[j];
        b.dst = out + j * nx;
        b.stream = stream;
        simd::back_row(b, nx);
      }
    }
    store_fence();
    return;
  }
  if (sub->uniform) {
    solve_uniform(fy, nx, pl, ws.tmp.data());
  } else {
    double* w = ws.w.data();
    for (std::size_t p = 0; p <= ny; ++p) {
      for (std::size_t i = 0; i < nx; ++i) w[p * nx + i] = face_weight(1, base + i, nx, ny, p);
    }
    solve_general(ny, nx, w, nullptr, bc(1).periodic(), pl, ws.cp.data(), ws.zz.data(),
                  ws.tmp.data());
  }
  for (std::size_t j = 0; j < ny; ++j) emit(j, pl + j * nx);
  store_fence();
}

}  // namespace msabm::fields
