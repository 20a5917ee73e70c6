// Thomas solvers of the field solver (see line_solvers.hpp): the constant-coefficient
// factorisations cached per sub-step and the solves of L lines at once, with Sherman-Morrison for
// periodic axes. Compiled for AVX2 and the baseline (kernel_clones.hpp): identical results.
#include "engine/fields/line_solvers.hpp"

#include "engine/fields/kernel_clones.hpp"

namespace msabm::fields {

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

}  // namespace msabm::fields
