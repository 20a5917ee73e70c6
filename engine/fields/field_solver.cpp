// Time integration of the diffusing fields.
//
// Equation (per substance, cell-centred finite volumes on the lattice, values c in declared units)
//   dc/dt = div(D f grad c) - (lambda + k) c + S
// with f the per-label diffusion factor (harmonic mean of the two voxels' factors on each face),
// lambda the decay rate, k the pending uptake constants and S the source density (point sources,
// secretion). Faces: no-flux (closed), fixed (Dirichlet value on the face itself, half a voxel
// from the outer voxel centres: conductance 2 D f / dx^2) or periodic. The 7-point operator is
// second order in dx (the tests measure order 2) and exact for linear profiles.
//
// Schemes (FieldSolverParams::scheme; A = A_x + A_y + A_z + R, R = -(lambda + k), diagonal):
//  * douglas (default for stiff substances): Douglas ADI in delta form,
//        D0 = dt (A c^n + S),  (I - theta dt A_d) D_d = D_{d-1}  for d = x (with R), y, z,
//        c^{n+1} = c^n + D_3.
//    Unconditionally stable for theta in [1/2, 1]. A steady state of the scheme satisfies
//    A c + S = 0 exactly, whatever dt: quasi-steady fields (oxygen, the point-source test) are
//    as accurate as the spatial discretisation even at dt of minutes. Transient accuracy: a
//    Fourier mode decaying at rate mu (= lambda + D |k|^2) gets a relative amplitude error of
//    about (mu dt) / 2 per e-folding with theta = 1 (first order; the tests measure ~1), about
//    (mu dt)^2 / 12 with theta = 1/2 (second order; but grid-scale modes are then barely damped).
//    So with theta = 1 the error stays below 1 % on scales l (mu = lambda + D / l^2) when
//    dt <= 0.02 / mu, e.g. dt <= 0.04 min for D = 1000 um^2/min, l = 50 um; with theta = 1/2
//    when dt <= 0.35 / mu. Not positivity preserving: at sharp features with a large dt the
//    delta form can undershoot; values below zero are set to zero at the end of the step (the
//    only non-conservative operation; it never acts on smooth fields, as the mass test checks).
//    Uptake and decay sit on the diagonal of the x solve, so strong uptake is implicit.
//  * lod: locally one-dimensional implicit Euler, the BioFVM/PhysiCell scheme:
//        (I - dt (A_x + R)) Y1 = c^n + dt S,  (I - dt A_y) Y2 = Y1,  (I - dt A_z) c^{n+1} = Y2.
//    Unconditionally stable, positive (every factor is an M-matrix) and conservative, first
//    order, but its steady state carries an O(dt) splitting error: relative ~ dt D / (3 l^2)
//    on scale l, so 1 % needs dt <= 0.03 l^2 / D (e.g. 0.075 min for D = 1000, l = 50 um).
//  * explicit: forward Euler for diffusion with implicit decay/uptake,
//        c^{n+1} = (c^n + dt (A_diff c^n + S)) / (1 + dt (lambda + k)),
//    sub-stepped so that dt_sub <= dx^2 / (D f_max sum of face weights) (positivity limit, below
//    the stability limit); exact steady states, first order. It moves 16 bytes per voxel and
//    sub-step against 40 for douglas, so `auto` uses it when at most max_explicit_substeps
//    (default 2) sub-steps are needed: slowly diffusing substances (antibodies, debris).
//
// Implementation (douglas and lod): two passes over the lattice per step.
//  Pass 1, parallel over z-planes: the explicit part D0 (7-point stencil, the three c planes stay
//   in cache), then the x solves (on a transposed copy of the plane so that the Thomas recursion
//   runs across y-lines with unit stride and vectorises), then the y solves (vectorised across
//   x), all in a per-thread plane buffer; the plane is stored to the work array W.
//  Pass 2, parallel over (y row, x chunk) columns: gathers a chunk of z-lines of W into a
//   per-thread buffer, solves along z vectorised across x, and writes c^{n+1} = c^n + D3.
//  Memory traffic per voxel and substance: read c, write W; read W, read c, write c: 40 bytes
//  (lod: 32). Constant-coefficient operators (no per-label factors, no uptake in the plane) use
//  Thomas factorisations precomputed once per dt (as BioFVM); otherwise the factorisation is
//  done on the fly. Periodic axes use Sherman-Morrison on the cyclic tridiagonal system.
//  Every voxel's arithmetic is the same whatever the thread count and partition, so results are
//  bit-identical for any number of threads.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/fields/field_set.hpp"
#include "engine/fields/solver_internal.hpp"

namespace msabm::fields {

namespace {

void grow(AlignedVector& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
}

/// Factorises the constant-coefficient line operator (see LineFactors).
LineFactors factorise(int n, const std::vector<double>& w, const std::vector<double>& r,
                      bool periodic) {
  LineFactors f;
  f.n = n;
  f.periodic = periodic;
  const auto un = static_cast<std::size_t>(n);
  f.m.assign(un, 0.0);
  f.wm.assign(un, 0.0);
  f.cp.assign(un, 0.0);
  std::vector<double> b(un);
  for (std::size_t p = 0; p < un; ++p) b[p] = 1.0 + w[p] + w[p + 1] + r[p];
  double gamma = 0.0;
  if (periodic) {
    gamma = -b[0];
    b[0] -= gamma;
    b[un - 1] -= w[0] * w[0] / gamma;
  }
  f.m[0] = 1.0 / b[0];
  f.cp[0] = un > 1 ? -w[1] * f.m[0] : 0.0;
  for (std::size_t p = 1; p < un; ++p) {
    const double den = b[p] + w[p] * f.cp[p - 1];
    f.m[p] = 1.0 / den;
    f.wm[p] = w[p] * f.m[p];
    f.cp[p] = p + 1 < un ? -w[p + 1] * f.m[p] : 0.0;
  }
  if (periodic) {
    // A = A' + u v^T with u = (gamma, 0, ..., 0, -w0), v = (1, 0, ..., 0, -w0 / gamma).
    f.z.assign(un, 0.0);
    f.z[0] = gamma;
    f.z[un - 1] = -w[0];
    f.z[0] *= f.m[0];
    for (std::size_t p = 1; p < un; ++p) f.z[p] = f.z[p] * f.m[p] + f.wm[p] * f.z[p - 1];
    for (std::size_t p = un - 1; p-- > 0;) f.z[p] -= f.cp[p] * f.z[p + 1];
    f.v_last = -w[0] / gamma;
    f.inv_den = 1.0 / (1.0 + f.z[0] + f.v_last * f.z[un - 1]);
  }
  return f;
}

/// Solves L independent lines with the constant factorisation f. d holds position p of lane l
/// at d[p * L + l] (lanes contiguous, so the loops over l vectorise). tmp: L doubles.
void solve_uniform(const LineFactors& f, std::size_t lanes, double* d, double* tmp) {
  const auto n = static_cast<std::size_t>(f.n);
  const std::size_t nl = lanes;
  {
    const double m0 = f.m[0];
    for (std::size_t l = 0; l < nl; ++l) d[l] *= m0;
  }
  for (std::size_t p = 1; p < n; ++p) {
    double* __restrict dp = d + p * nl;
    const double* __restrict dq = dp - nl;
    const double m = f.m[p];
    const double wm = f.wm[p];
    for (std::size_t l = 0; l < nl; ++l) dp[l] = dp[l] * m + wm * dq[l];
  }
  for (std::size_t p = n - 1; p-- > 0;) {
    double* __restrict dp = d + p * nl;
    const double* __restrict dq = dp + nl;
    const double cp = f.cp[p];
    for (std::size_t l = 0; l < nl; ++l) dp[l] -= cp * dq[l];
  }
  if (f.periodic) {
    const double* last = d + (n - 1) * nl;
    for (std::size_t l = 0; l < nl; ++l) tmp[l] = (d[l] + f.v_last * last[l]) * f.inv_den;
    for (std::size_t p = 0; p < n; ++p) {
      double* __restrict dp = d + p * nl;
      const double z = f.z[p];
      for (std::size_t l = 0; l < nl; ++l) dp[l] -= tmp[l] * z;
    }
  }
}

/// Solves L independent lines with per-lane coefficients: face weights w[p * L + l] for
/// p = 0..n (face below position p; for a periodic axis w_0 = w_n is the wrap face) and diagonal
/// extras r[p * L + l] (may be null). Scratch: cp, zz (n * L each), tmp (2 L).
void solve_general(std::size_t n, std::size_t nl, const double* w, const double* r,
                   bool periodic, double* d, double* cp, double* zz, double* tmp) {
  auto rr = [&](std::size_t i) { return r != nullptr ? r[i] : 0.0; };
  if (!periodic || n < 3) {
    for (std::size_t l = 0; l < nl; ++l) {
      const double m = 1.0 / (1.0 + w[l] + w[nl + l] + rr(l));
      cp[l] = -w[nl + l] * m;
      d[l] *= m;
    }
    for (std::size_t p = 1; p < n; ++p) {
      const std::size_t o = p * nl;
      for (std::size_t l = 0; l < nl; ++l) {
        const double wp = w[o + l];
        const double b = 1.0 + wp + w[o + nl + l] + rr(o + l);
        const double m = 1.0 / (b + wp * cp[o - nl + l]);
        cp[o + l] = -w[o + nl + l] * m;
        d[o + l] = (d[o + l] + wp * d[o - nl + l]) * m;
      }
    }
    for (std::size_t p = n - 1; p-- > 0;) {
      const std::size_t o = p * nl;
      for (std::size_t l = 0; l < nl; ++l) d[o + l] -= cp[o + l] * d[o + nl + l];
    }
    return;
  }
  // Cyclic system by Sherman-Morrison (as in factorise()); tmp holds b_0 and v_last per lane.
  double* b0 = tmp;
  double* vlast = tmp + nl;
  for (std::size_t l = 0; l < nl; ++l) {
    const double b = 1.0 + w[l] + w[nl + l] + rr(l);
    const double gamma = -b;
    b0[l] = b;
    vlast[l] = -w[l] / gamma;
    const double m = 1.0 / (b - gamma);
    cp[l] = -w[nl + l] * m;
    d[l] *= m;
    zz[l] = gamma * m;
  }
  for (std::size_t p = 1; p < n; ++p) {
    const std::size_t o = p * nl;
    const bool last = p + 1 == n;
    for (std::size_t l = 0; l < nl; ++l) {
      const double wp = w[o + l];
      double b = 1.0 + wp + w[o + nl + l] + rr(o + l);
      if (last) b += w[l] * w[l] / b0[l];  // b - w0^2 / gamma
      const double m = 1.0 / (b + wp * cp[o - nl + l]);
      cp[o + l] = -w[o + nl + l] * m;
      d[o + l] = (d[o + l] + wp * d[o - nl + l]) * m;
      const double u = last ? -w[l] : 0.0;
      zz[o + l] = (u + wp * zz[o - nl + l]) * m;
    }
  }
  for (std::size_t p = n - 1; p-- > 0;) {
    const std::size_t o = p * nl;
    for (std::size_t l = 0; l < nl; ++l) {
      d[o + l] -= cp[o + l] * d[o + nl + l];
      zz[o + l] -= cp[o + l] * zz[o + nl + l];
    }
  }
  const std::size_t ol = (n - 1) * nl;
  for (std::size_t l = 0; l < nl; ++l) {
    b0[l] = (d[l] + vlast[l] * d[ol + l]) / (1.0 + zz[l] + vlast[l] * zz[ol + l]);
  }
  for (std::size_t p = 0; p < n; ++p) {
    const std::size_t o = p * nl;
    for (std::size_t l = 0; l < nl; ++l) d[o + l] -= b0[l] * zz[o + l];
  }
}

/// dst (cols x rows) = transpose of src (rows x cols), both row-major.
void transpose(const double* src, std::size_t rows, std::size_t cols, double* dst) {
  constexpr std::size_t kTile = 16;
  for (std::size_t r0 = 0; r0 < rows; r0 += kTile) {
    const std::size_t r1 = std::min(rows, r0 + kTile);
    for (std::size_t c0 = 0; c0 < cols; c0 += kTile) {
      const std::size_t c1 = std::min(cols, c0 + kTile);
      for (std::size_t r = r0; r < r1; ++r) {
        for (std::size_t c = c0; c < c1; ++c) dst[c * rows + r] = src[r * cols + c];
      }
    }
  }
}

/// Everything one sweep needs, for one substance and one (sub-)step.
struct Sweep {
  // Geometry.
  std::size_t nx = 1, ny = 1, nz = 1, plane = 1;
  std::size_t chunks = 1;  ///< x chunks per row in pass 2
  // Data.
  double* c = nullptr;  ///< the field
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

  /// out[i] = (A_diff c)(i, j, k): the diffusion operator (1/min x value), with fixed faces.
  void row_operator(std::size_t j, std::size_t k, double* out) const {
    const std::size_t rb = (k * ny + j) * nx;
    const double* cc = c + rb;
    if (sub->uniform) {
      const double* ym = j > 0 ? cc - nx : (bc(1).periodic() ? cc + (ny - 1) * nx : cc);
      const double* yp = j + 1 < ny ? cc + nx : (bc(1).periodic() ? cc - (ny - 1) * nx : cc);
      const double* zm = k > 0 ? cc - plane : (bc(2).periodic() ? cc + (nz - 1) * plane : cc);
      const double* zp = k + 1 < nz ? cc + plane : (bc(2).periodic() ? cc - (nz - 1) * plane : cc);
      const double a = sub->dh2;
      if (nx == 1) {
        out[0] = a * ((ym[0] + yp[0] - 2.0 * cc[0]) + (zm[0] + zp[0] - 2.0 * cc[0]));
      } else {
        const bool px = bc(0).periodic();
        const double xm0 = px ? cc[nx - 1] : cc[0];
        const double xpn = px ? cc[0] : cc[nx - 1];
        out[0] = a * ((xm0 + cc[1] - 2.0 * cc[0]) + (ym[0] + yp[0] - 2.0 * cc[0]) +
                      (zm[0] + zp[0] - 2.0 * cc[0]));
        for (std::size_t i = 1; i + 1 < nx; ++i) {
          out[i] = a * ((cc[i - 1] + cc[i + 1] - 2.0 * cc[i]) + (ym[i] + yp[i] - 2.0 * cc[i]) +
                        (zm[i] + zp[i] - 2.0 * cc[i]));
        }
        const std::size_t e = nx - 1;
        out[e] = a * ((cc[e - 1] + xpn - 2.0 * cc[e]) + (ym[e] + yp[e] - 2.0 * cc[e]) +
                      (zm[e] + zp[e] - 2.0 * cc[e]));
      }
      const double a2 = 2.0 * a;
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
      out[i] = acc;
    }
  }

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

  /// Pass 1 for plane k: D0 (douglas) or the right-hand side (lod), x and y solves -> W.
  void pass1(std::size_t k, Workspace& ws) const {
    const std::size_t base = k * plane;
    double* pl = ws.plane.data();
    const auto [tb, te] = terms_in(base, base + plane);
    bool uptake = false;
    for (const SourceTerm* t = tb; t != te; ++t) uptake = uptake || t->uptake > 0.0;

    if (scheme == FieldScheme::douglas) {
      for (std::size_t j = 0; j < ny; ++j) row_operator(j, k, pl + j * nx);
      const double* cc = c + base;
      for (std::size_t v = 0; v < plane; ++v) pl[v] = dt * (pl[v] - lambda * cc[v]);
      for (const SourceTerm* t = tb; t != te; ++t) {
        pl[t->voxel - base] += dt * (t->density - t->uptake * c[t->voxel]);
      }
    } else {  // lod
      std::memcpy(pl, c + base, plane * sizeof(double));
      for (const SourceTerm* t = tb; t != te; ++t) pl[t->voxel - base] += dt * t->density;
      const AxisBc& bx = bc(0);
      for (std::size_t j = 0; j < ny; ++j) {
        const std::size_t r = j * nx;
        if (bx.lo == BoundaryKind::fixed) pl[r] += dt * bcond(base + r) * bx.lo_value;
        if (bx.hi == BoundaryKind::fixed)
          pl[r + nx - 1] += dt * bcond(base + r + nx - 1) * bx.hi_value;
      }
    }

    // x solves on the transposed plane: position i, lane j.
    const bool transposed = nx > 1 && ny > 1;
    double* tr = transposed ? ws.trans.data() : pl;
    if (transposed) transpose(pl, ny, nx, tr);
    if (sub->uniform && !uptake) {
      solve_uniform(sub->axis[0], ny, tr, ws.tmp.data());
    } else {
      double* w = ws.w.data();
      double* r = ws.r.data();
      for (std::size_t p = 0; p <= nx; ++p) {
        for (std::size_t j = 0; j < ny; ++j) w[p * ny + j] = face_weight(0, base + j * nx, 1, nx, p);
      }
      const double rl = wdt * lambda;
      std::fill(r, r + plane, rl);
      for (const SourceTerm* t = tb; t != te; ++t) {
        const std::size_t v = t->voxel - base;
        r[(v % nx) * ny + v / nx] += wdt * t->uptake;
      }
      solve_general(nx, ny, w, r, bc(0).periodic(), tr, ws.cp.data(), ws.zz.data(),
                    ws.tmp.data());
    }
    if (transposed) transpose(tr, nx, ny, pl);

    // y solves: position j, lane i.
    if (scheme == FieldScheme::lod) {
      const AxisBc& by = bc(1);
      if (by.lo == BoundaryKind::fixed) {
        for (std::size_t i = 0; i < nx; ++i) pl[i] += dt * bcond(base + i) * by.lo_value;
      }
      if (by.hi == BoundaryKind::fixed) {
        const std::size_t r = (ny - 1) * nx;
        for (std::size_t i = 0; i < nx; ++i) pl[r + i] += dt * bcond(base + r + i) * by.hi_value;
      }
    }
    if (sub->uniform) {
      solve_uniform(sub->axis[1], nx, pl, ws.tmp.data());
    } else {
      double* w = ws.w.data();
      for (std::size_t p = 0; p <= ny; ++p) {
        for (std::size_t i = 0; i < nx; ++i) w[p * nx + i] = face_weight(1, base + i, nx, ny, p);
      }
      solve_general(ny, nx, w, nullptr, bc(1).periodic(), pl, ws.cp.data(), ws.zz.data(),
                    ws.tmp.data());
    }
    std::memcpy(work + base, pl, plane * sizeof(double));
  }

  /// Pass 2 for one column chunk: z solves and the update of c.
  void pass2(std::size_t item, Workspace& ws) const {
    const std::size_t j = item / chunks;
    const std::size_t ch = item % chunks;
    const std::size_t i0 = ch * nx / chunks;
    const std::size_t i1 = (ch + 1) * nx / chunks;
    const std::size_t nl = i1 - i0;
    const std::size_t base = j * nx + i0;
    double* col = ws.col.data();
    for (std::size_t k = 0; k < nz; ++k) {
      std::memcpy(col + k * nl, work + base + k * plane, nl * sizeof(double));
    }
    if (scheme == FieldScheme::lod) {
      const AxisBc& bz = bc(2);
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
      solve_general(nz, nl, w, nullptr, bc(2).periodic(), col, ws.cp.data(), ws.zz.data(),
                    ws.tmp.data());
    }
    if (scheme == FieldScheme::douglas) {
      for (std::size_t k = 0; k < nz; ++k) {
        double* __restrict out = c + base + k * plane;
        const double* __restrict d = col + k * nl;
        for (std::size_t l = 0; l < nl; ++l) {
          const double x = out[l] + d[l];
          out[l] = x < 0.0 ? 0.0 : x;  // undershoot guard (NaN passes through)
        }
      }
    } else {
      for (std::size_t k = 0; k < nz; ++k) {
        std::memcpy(c + base + k * plane, col + k * nl, nl * sizeof(double));
      }
    }
  }

  /// Explicit sub-step for plane k: W = (c + dt (A_diff c + S)) / (1 + dt (lambda + k)).
  void explicit_plane(std::size_t k, Workspace& ws) const {
    const std::size_t base = k * plane;
    double* pl = ws.plane.data();
    for (std::size_t j = 0; j < ny; ++j) row_operator(j, k, pl + j * nx);
    const double* cc = c + base;
    double* out = work + base;
    const double inv = 1.0 / (1.0 + dt * lambda);
    for (std::size_t v = 0; v < plane; ++v) out[v] = (cc[v] + dt * pl[v]) * inv;
    const auto [tb, te] = terms_in(base, base + plane);
    for (const SourceTerm* t = tb; t != te; ++t) {
      const std::size_t v = t->voxel - base;
      out[v] = (cc[v] + dt * (pl[v] + t->density)) / (1.0 + dt * (lambda + t->uptake));
    }
  }
};

}  // namespace

void FieldSet::step_substance(int s, double dt, int threads) {
  auto& sub = *substances_[static_cast<std::size_t>(s)];
  const auto& spec = specs_[static_cast<std::size_t>(s)];
  const SchemeChoice choice = scheme_for(s, dt);
  const double h = dt / choice.substeps;

  // This step's source terms: constant sources, then pending records in call order, stably
  // sorted by voxel and summed per voxel in that order (thread-count independent).
  std::vector<SourceTerm> terms;
  const auto& pend = pending_[static_cast<std::size_t>(s)];
  if (pend.empty()) {
    terms = sub.constant_sources;
  } else {
    const double dx3 = shape_.voxel_size * shape_.voxel_size * shape_.voxel_size;
    std::vector<SourceTerm> all = sub.constant_sources;
    all.reserve(all.size() + pend.size());
    for (const auto& p : pend) all.push_back({p.voxel, p.secretion / dx3, p.uptake});
    std::stable_sort(all.begin(), all.end(),
                     [](const SourceTerm& a, const SourceTerm& b) { return a.voxel < b.voxel; });
    for (const auto& t : all) {
      if (!terms.empty() && terms.back().voxel == t.voxel) {
        terms.back().density += t.density;
        terms.back().uptake += t.uptake;
      } else {
        terms.push_back(t);
      }
    }
  }

  Sweep sw;
  sw.nx = static_cast<std::size_t>(shape_.dims[0]);
  sw.ny = static_cast<std::size_t>(shape_.dims[1]);
  sw.nz = static_cast<std::size_t>(shape_.dims[2]);
  sw.plane = sw.nx * sw.ny;
  constexpr std::size_t kMaxChunk = 256;
  sw.chunks = (sw.nx + kMaxChunk - 1) / kMaxChunk;
  sw.labels = labels_.data();
  sw.sub = &sub;
  sw.terms = &terms;
  sw.nlab = static_cast<std::size_t>(label_count_);
  sw.scheme = choice.scheme;
  sw.dt = h;
  sw.wdt = (choice.scheme == FieldScheme::douglas ? params_.theta : 1.0) * h;
  sw.lambda = spec.decay;

  // Constant-coefficient factorisations, cached per (sub-step, scheme, theta).
  if (choice.scheme != FieldScheme::explicit_euler &&
      (sub.cached_dt != h || sub.cached_scheme != choice.scheme ||
       sub.cached_theta != params_.theta)) {
    for (int a = 0; a < 3; ++a) {
      const auto n = static_cast<std::size_t>(shape_.dims[static_cast<std::size_t>(a)]);
      std::vector<double> w(n + 1);
      std::vector<double> r(n, a == 0 ? sw.wdt * spec.decay : 0.0);
      if (sub.uniform) {
        for (std::size_t p = 0; p <= n; ++p) w[p] = sw.face_weight(a, 0, 0, n, p);
      }
      sub.axis[static_cast<std::size_t>(a)] = factorise(static_cast<int>(n), w, r,
                                                        sub.bc[static_cast<std::size_t>(a)].periodic());
    }
    sub.cached_dt = h;
    sub.cached_scheme = choice.scheme;
    sub.cached_theta = params_.theta;
  }

  // Work spaces, one per thread, sized before entering the parallel region.
  if (!impl_) impl_ = std::make_unique<Impl>();
  const auto nthreads = static_cast<std::size_t>(std::max(1, threads));
  if (impl_->ws.size() < nthreads) impl_->ws.resize(nthreads);
  const std::size_t chunk = (sw.nx + sw.chunks - 1) / sw.chunks;
  const std::size_t nmax = std::max({sw.nx, sw.ny, sw.nz, chunk});
  for (auto& ws : impl_->ws) {
    grow(ws.plane, sw.plane);
    grow(ws.trans, sw.plane);
    grow(ws.w, std::max((sw.nx + 1) * (sw.ny + 1), (sw.nz + 1) * chunk));
    grow(ws.r, sw.plane);
    grow(ws.cp, std::max(sw.plane, sw.nz * chunk));
    grow(ws.zz, std::max(sw.plane, sw.nz * chunk));
    grow(ws.col, sw.nz * chunk);
    if (ws.tmp.size() < 2 * nmax) ws.tmp.resize(2 * nmax);
  }
  grow(scratch_, count_);

  const auto nz = static_cast<std::ptrdiff_t>(sw.nz);
  const auto columns = static_cast<std::ptrdiff_t>(sw.ny * sw.chunks);
  std::vector<Workspace>& wss = impl_->ws;
  for (int sub_step = 0; sub_step < choice.substeps; ++sub_step) {
    sw.c = values_[static_cast<std::size_t>(s)].data();
    sw.work = scratch_.data();
    if (choice.scheme == FieldScheme::explicit_euler) {
#pragma omp parallel num_threads(threads)
      {
        Workspace& ws = wss[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
        for (std::ptrdiff_t k = 0; k < nz; ++k) sw.explicit_plane(static_cast<std::size_t>(k), ws);
      }
      values_[static_cast<std::size_t>(s)].swap(scratch_);
    } else {
#pragma omp parallel num_threads(threads)
      {
        Workspace& ws = wss[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
        for (std::ptrdiff_t k = 0; k < nz; ++k) sw.pass1(static_cast<std::size_t>(k), ws);
#pragma omp for schedule(static)
        for (std::ptrdiff_t q = 0; q < columns; ++q) sw.pass2(static_cast<std::size_t>(q), ws);
      }
    }
  }
}

}  // namespace msabm::fields
