// Time integration of the diffusing fields.
//
// Equation (per substance, cell-centred finite volumes on the lattice, values c in declared units)
//   dc/dt = div(D f grad c) - (lambda + k) c + S
// with f the per-label diffusion factor (harmonic mean of the two voxels' factors on each face),
// lambda the decay rate, k the pending uptake constants and S the source density (point sources,
// secretion). Faces: no-flux (closed), fixed (Dirichlet value on the face itself, half a voxel
// from the outer voxel centres: conductance 2 D f / dx^2) or periodic. The 7-point operator is
// second order in dx (the tests measure 2.0) and exact for linear profiles.
//
// Schemes (FieldSolverParams::scheme). A = A_x + A_y + A_z + R with R = -(lambda + k):
//  * douglas: Douglas ADI in delta form,
//        D0 = dt (A c^n + S),  (I - theta dt A_d) D_d = D_{d-1} for d = x (with R), y, z,
//        c^{n+1} = c^n + D_3,
//    with Thomas solves along x, y and z (Sherman-Morrison for periodic axes). Unconditionally
//    stable for theta in [1/2, 1]. Its steady state satisfies A c + S = 0 exactly, whatever dt,
//    so quasi-steady fields are as accurate as the spatial discretisation (the point-source
//    verification). Decay and uptake sit on the diagonal of the x solve: strong uptake is
//    implicit. Accuracy in time: first order with theta = 1 (default; measured order 1.03),
//    second with theta = 1/2 (measured 2.01, but grid-scale modes are then hardly damped). A
//    Fourier mode relaxing at rate mu (= lambda + D |k|^2) gets a relative error of about
//    mu dt / 2 per e-folding with theta = 1, so the error stays below 1 % on length scales
//    >= l when dt <= 0.02 / (lambda + D / l^2) (e.g. 0.04 min for D = 1000 um^2/min,
//    l = 50 um). What limits dt in practice are grid-scale features (an agent's source or sink
//    in one voxel): ADI relaxes them only slowly once D dt / dx^2 exceeds ~1 (3 factors whose
//    product overshoots the operator). Measured for a point source switched on in an empty
//    field (D = 1000 um^2/min, dx = 10 um, against a reference at 1/20 of the step): at
//    dt = 0.1 min (D dt/dx^2 = 1) every voxel is within 1 % from t = 5 min on; at dt = 0.5 min
//    the source voxel is 32 % low at 5 min and 7.5 % at 30 min. Hence the default cap
//    max_stiffness = 1: a step is split into sub-steps with D f dt_sub / dx^2 <= 1.
//    Positivity: the delta form is not positivity preserving. Fields made by sources stay
//    non-negative at D dt/dx^2 <= 1 (measured: sources switched on, off and moved in an empty
//    field; at 2 the undershoot reaches 15 % of the peak), but an isolated one-voxel spike on a
//    zero background undershoots from ~0.5 on. A guard sets values below zero to zero after the
//    step; it is the scheme's only non-conservative operation and never acts in the regimes
//    above (the conservation tests check the mass to 1e-12). Use lod for strictly positive,
//    conservative stepping of arbitrary data.
//  * lod: locally one-dimensional implicit Euler, the BioFVM/PhysiCell scheme:
//        (I - dt (A_x + R)) Y1 = c^n + dt S,  (I - dt A_y) Y2 = Y1,  (I - dt A_z) c^{n+1} = Y2.
//    Unconditionally stable, positive (every factor is an M-matrix) and conservative, first
//    order, but the splitting error is large at grid scale and persists at steady state:
//    measured for the point source above, the source voxel is 16 % low at dt = 0.02 min and
//    45 % at 0.1 min, even at steady state; strong sinks are refilled along y and z. Smooth
//    fields: relative error ~ dt D / (3 l^2) on scale l (1 % needs dt <= 0.03 l^2 / D).
//  * explicit: forward Euler for diffusion with implicit decay and uptake,
//        c^{n+1} = (c^n + dt (A_diff c^n + S)) / (1 + dt (lambda + k)),
//    sub-stepped so that dt_sub <= dx^2 / (D f_max sum of face weights), the positivity limit
//    (below the stability limit): positive, conservative, exact steady states, first order.
//  * auto (default): per substance and step the cheaper of explicit and douglas (at the
//    sub-step counts each needs), by memory traffic: explicit moves 16 bytes per voxel and
//    sub-step, douglas 32. Slowly diffusing substances (antibodies, debris) go explicit.
//
// Implementation (douglas and lod): two passes over the lattice per (sub-)step.
//  Pass 1, parallel over z-planes, in blocks of 16 x-lines: the explicit part D0 (7-point
//   stencil; the c planes k-1, k, k+1 stay in cache), the x solves on the block transposed in
//   L1 (the Thomas recursion then runs across 16 lines at once and vectorises), and the forward
//   elimination of the y solves (vectorised across x) into a per-thread plane buffer; then the
//   y back substitution, and the plane goes to the work array W as the right-hand side of the
//   z solve written for c^{n+1} itself: (I - theta dt L_z) c^{n+1} = c^n + D2 - theta dt L_z c^n
//   (L_z: the z part with homogeneous fixed faces), so that pass 2 need not read c again.
//  Pass 2, parallel over runs of z-lines: forward elimination straight from W (prefetching
//   planes ahead), back substitution straight into c.
//  Memory traffic per voxel and substance: read c, write W; read W, write c: 32 bytes, with
//  non-temporal stores for W and c (no read-for-ownership), the least any 3-sweep ADI/LOD can
//  move. Constant-coefficient operators (no per-label factors, no uptake in the block) use
//  Thomas factorisations precomputed once per dt (as BioFVM); otherwise the coefficients and
//  the factorisation are formed on the fly. Every voxel's arithmetic is the same whatever the
//  thread count and partition, so results are bit-identical for any number of threads.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>

#include "engine/fields/field_set.hpp"
#include "engine/fields/simd_kernels.hpp"
#include "engine/fields/solver_internal.hpp"

// The hot kernels are compiled twice, for AVX2 and for the baseline, and the loader picks one.
// AVX2 without FMA performs exactly the same IEEE operations as the baseline (no contraction,
// no reassociation), so results are identical bit for bit on either path.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(MSABM_FIELDS_NO_SIMD) && \
    !defined(MSABM_FIELDS_NO_AVX2)
#define MSABM_FIELDS_KERNEL __attribute__((target_clones("avx2", "default")))
#else
#define MSABM_FIELDS_KERNEL
#endif

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
MSABM_FIELDS_KERNEL void solve_uniform(const LineFactors& f, std::size_t lanes, double* d,
                                       double* tmp) {
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
MSABM_FIELDS_KERNEL void solve_general(std::size_t n, std::size_t nl, const double* w,
                                       const double* r, bool periodic, double* d, double* cp,
                                       double* zz, double* tmp) {
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

/// Copies n doubles to dst, with non-temporal stores when `stream` (dst is written once and read
/// back only after the whole lattice has been swept: no point reading it into the cache first).
/// Call store_fence() before other threads read dst.
MSABM_FIELDS_KERNEL void copy_row(double* dst, const double* src, std::size_t n, bool stream) {
  simd::store_row(dst, n, stream, [src](std::size_t i) { return src[i]; });
}

/// copy_row with the undershoot guard of the douglas scheme: values below zero are stored as 0
/// (NaN passes through: the comparison is false for NaN).
MSABM_FIELDS_KERNEL void copy_row_clamped(double* dst, const double* src, std::size_t n,
                                          bool stream) {
  simd::store_row(dst, n, stream, [src](std::size_t i) { return src[i] < 0.0 ? 0.0 : src[i]; });
}

using simd::store_fence;

/// dst (cols x rows) = transpose of src (rows x cols), both row-major.
MSABM_FIELDS_KERNEL void transpose(const double* src, std::size_t rows, std::size_t cols,
                                   double* dst) {
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

/// Transposes a block of R rows of length n (src[r * n + i]) into dst[i * R + r] and back,
/// with R known at compile time so that the inner loops unroll and vectorise.
template <std::size_t R>
MSABM_FIELDS_KERNEL void rows_to_lanes(const double* __restrict src, std::size_t n,
                                       double* __restrict dst) {
  constexpr std::size_t kStep = 4;
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) {
    for (std::size_t q = 0; q < kStep; ++q) {
      for (std::size_t r = 0; r < R; ++r) dst[(i + q) * R + r] = src[r * n + i + q];
    }
  }
  for (; i < n; ++i) {
    for (std::size_t r = 0; r < R; ++r) dst[i * R + r] = src[r * n + i];
  }
}

template <std::size_t R>
MSABM_FIELDS_KERNEL void lanes_to_rows(const double* __restrict src, std::size_t n,
                                       double* __restrict dst) {
  constexpr std::size_t kStep = 4;
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) {
    for (std::size_t r = 0; r < R; ++r) {
      for (std::size_t q = 0; q < kStep; ++q) dst[r * n + i + q] = src[(i + q) * R + r];
    }
  }
  for (; i < n; ++i) {
    for (std::size_t r = 0; r < R; ++r) dst[r * n + i] = src[i * R + r];
  }
}

/// Bytes of the last-level cache (Linux sysfs; 8 MiB where it cannot be read).
std::size_t last_level_cache_bytes() {
  std::ifstream in("/sys/devices/system/cpu/cpu0/cache/index3/size");
  std::size_t value = 0;
  char unit = 0;
  if (in >> value >> unit) {
    if (unit == 'K') return value << 10;
    if (unit == 'M') return value << 20;
  }
  return std::size_t{8} << 20;
}

/// Whether W and the fields are stored with non-temporal stores: yes when all the fields and
/// W are far larger than the last-level cache (the stores would evict data still needed and
/// read each line for ownership first), no when they fit comfortably in a quarter of it (the
/// next pass then finds them in cache). The arithmetic is the same either way.
bool stream_stores(std::size_t field_bytes, std::size_t cache_bytes) {
  static const std::size_t detected = last_level_cache_bytes();
  return field_bytes > (cache_bytes > 0 ? cache_bytes : detected) / 4;
}

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
  MSABM_FIELDS_KERNEL void row_operator(std::size_t j, std::size_t k, double* out, double scale,
                                        double lam) const {
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
          out[i] = side * ((cc[i - 1] + cc[i + 1]) + (ym[i] + yp[i]) + (zm[i] + zp[i])) -
                   centre * cc[i];
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
  MSABM_FIELDS_KERNEL void pass1(std::size_t k, Workspace& ws) const {
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
          if (!simd::rows_to_lanes16(blk, nx, xs)) rows_to_lanes<kRows>(blk, nx, xs);
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
        solve_general(nx, rows, w, rr, bx.periodic(), xs, ws.cp.data(), ws.zz.data(),
                      ws.tmp.data());
      }
      if (transposed) {
        if (rows == kRows) {
          if (!simd::lanes_to_rows16(xs, nx, blk)) lanes_to_rows<kRows>(xs, nx, blk);
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
            for (std::size_t i = 0; i < nx; ++i)
              blk[r * nx + i] += dt * bcond(rb + i) * by.lo_value;
          }
          if (j + 1 == ny && by.hi == BoundaryKind::fixed) {
            for (std::size_t i = 0; i < nx; ++i)
              blk[r * nx + i] += dt * bcond(rb + i) * by.hi_value;
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

  /// out[i] = (L_z c)(i, j, k): the z part of the diffusion operator with fixed faces taken as
  /// homogeneous (their conductance, not their value).
  MSABM_FIELDS_KERNEL void z_operator_row(std::size_t j, std::size_t k, double* out) const {
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

  /// Pass 2 for one column chunk: z solves and the update of c.
  MSABM_FIELDS_KERNEL void pass2(std::size_t item, Workspace& ws) const {
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

  /// Explicit sub-step for plane k: W = (c + dt (A_diff c + S)) / (1 + dt (lambda + k)).
  MSABM_FIELDS_KERNEL void explicit_plane(std::size_t k, Workspace& ws) const {
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
  sw.labels = labels_.data();
  sw.sub = &sub;
  sw.terms = &terms;
  sw.nlab = static_cast<std::size_t>(label_count_);
  sw.scheme = choice.scheme;
  sw.dt = h;
  sw.wdt = (choice.scheme == FieldScheme::douglas ? params_.theta : 1.0) * h;
  sw.lambda = spec.decay;
  sw.stream = stream_stores((values_.size() + 1) * count_ * sizeof(double), params_.cache_bytes);

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
      sub.axis[static_cast<std::size_t>(a)] =
          factorise(static_cast<int>(n), w, r, sub.bc[static_cast<std::size_t>(a)].periodic());
    }
    sub.cached_dt = h;
    sub.cached_scheme = choice.scheme;
    sub.cached_theta = params_.theta;
  }

  // Work spaces, one per thread, sized before entering the parallel region.
  if (!impl_) impl_ = std::make_unique<Impl>();
  // Small lattices are not worth waking threads for (results do not depend on the count).
  constexpr std::size_t kVoxelsPerThread = 16384;
  threads = static_cast<int>(std::clamp<std::size_t>(
      count_ / kVoxelsPerThread, 1, static_cast<std::size_t>(std::max(1, threads))));
  const auto nthreads = static_cast<std::size_t>(threads);
  if (impl_->ws.size() < nthreads) impl_->ws.resize(nthreads);
  // Pass 2 items: runs of z-lines long enough to read W in big contiguous pieces per plane, with
  // their column buffer (nz x segment) within 512 KiB, and at least 4 items per thread.
  {
    const std::size_t by_cache = std::max<std::size_t>(8, 65536 / sw.nz);
    const std::size_t by_threads = std::max<std::size_t>(8, sw.plane / (4 * nthreads));
    sw.segment = std::min({by_cache, by_threads, sw.plane});
    sw.segments = (sw.plane + sw.segment - 1) / sw.segment;
  }
  const std::size_t chunk = sw.segment;
  const std::size_t nmax = std::max({sw.nx, sw.ny, sw.nz, chunk, Sweep::kRows});
  const std::size_t rows = Sweep::kRows;
  for (auto& ws : impl_->ws) {
    grow(ws.plane, sw.plane);
    if (choice.scheme == FieldScheme::explicit_euler) grow(ws.plane2, sw.plane);
    grow(ws.block, rows * sw.nx);
    grow(ws.trans, rows * sw.nx);
    grow(ws.w, std::max({(sw.nx + 1) * rows, (sw.ny + 1) * sw.nx, (sw.nz + 1) * chunk}));
    grow(ws.r, rows * sw.nx);
    grow(ws.cp, std::max(sw.plane, sw.nz * chunk));
    grow(ws.zz, std::max(sw.plane, sw.nz * chunk));
    grow(ws.col, sw.nz * chunk);
    if (ws.tmp.size() < 2 * nmax) ws.tmp.resize(2 * nmax);
  }
  grow(scratch_, count_);

  const auto nz = static_cast<std::ptrdiff_t>(sw.nz);
  const auto columns = static_cast<std::ptrdiff_t>(sw.segments);
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
