// The spectral scheme: FFTW transforms diagonalising the 7-point operator, and the exact modal
// step (accuracy and costs: field_solver.cpp, README.md).
#include "engine/fields/spectral.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <string>

#include "engine/core/parallel.hpp"

namespace msabm::fields {

namespace {

/// FFTW's planner and plan destruction are not thread-safe (execution is).
std::mutex& planner_lock() {
  static std::mutex m;
  return m;
}

/// z-columns are transformed in blocks of this many adjacent columns (contiguous in x), each
/// block by the same plan: fixed, so the arithmetic never depends on the threads.
constexpr std::size_t kColumns = 64;

/// ESTIMATE: no timing, the same plan on every run. UNALIGNED: planes and column blocks start
/// at any offset of the array, all executed by one plan.
constexpr unsigned kFlags = FFTW_ESTIMATE | FFTW_UNALIGNED;

struct AxisBasis {
  fftw_r2r_kind forward;
  fftw_r2r_kind inverse;
  double scale;            // forward then inverse multiplies by this
  std::vector<double> mu;  // eigenvalues of -L times dx^2
};

AxisBasis axis_basis(int n, const AxisBc& bc) {
  AxisBasis b{};
  b.mu.resize(static_cast<std::size_t>(n));
  const bool lo_fixed = bc.lo == BoundaryKind::fixed;
  const bool hi_fixed = bc.hi == BoundaryKind::fixed;
  double shift = 0.0;  // theta_p = pi (p + shift) / n
  if (bc.periodic()) {
    b.forward = FFTW_R2HC;
    b.inverse = FFTW_HC2R;
    b.scale = n;
  } else if (!lo_fixed && !hi_fixed) {
    b.forward = FFTW_REDFT10;
    b.inverse = FFTW_REDFT01;
    b.scale = 2.0 * n;
  } else if (lo_fixed && hi_fixed) {
    b.forward = FFTW_RODFT10;
    b.inverse = FFTW_RODFT01;
    b.scale = 2.0 * n;
    shift = 1.0;
  } else if (lo_fixed) {
    b.forward = b.inverse = FFTW_RODFT11;
    b.scale = 2.0 * n;
    shift = 0.5;
  } else {
    b.forward = b.inverse = FFTW_REDFT11;
    b.scale = 2.0 * n;
    shift = 0.5;
  }
  for (int p = 0; p < n; ++p) {
    // Half-complex order: p and n - p hold the real and imaginary parts of frequency min(p, n-p).
    const double theta = bc.periodic() ? 2.0 * std::numbers::pi * std::min(p, n - p) / n
                                       : std::numbers::pi * (p + shift) / n;
    const double s = std::sin(0.5 * theta);
    b.mu[static_cast<std::size_t>(p)] = 4.0 * s * s;  // 2 - 2 cos(theta), without cancellation
  }
  return b;
}

}  // namespace

struct SpectralBasis::Plans {
  fftw_plan plane_forward = nullptr;
  fftw_plan plane_inverse = nullptr;
  fftw_plan columns_forward = nullptr;  // kColumns columns (or all, if the plane is smaller)
  fftw_plan columns_inverse = nullptr;
  fftw_plan rest_forward = nullptr;  // the last, narrower block (nullptr when none)
  fftw_plan rest_inverse = nullptr;
  std::size_t plane = 0;
  std::size_t nz = 0;
  std::size_t width = 0;  // columns per full block
  std::size_t blocks = 0;
  std::size_t rest = 0;  // columns of the last block when narrower
};

SpectralBasis::SpectralBasis(const LatticeShape& shape, const std::array<AxisBc, 3>& bc)
    : plans_(std::make_unique<Plans>()) {
  std::array<AxisBasis, 3> axes;
  for (int a = 0; a < 3; ++a) {
    axes[a] = axis_basis(shape.dims[a], bc[a]);
    norm_ *= axes[a].scale;
    mu_[a] = axes[a].mu;
  }
  Plans& p = *plans_;
  const int nx = shape.dims[0];
  const int ny = shape.dims[1];
  const int nz = shape.dims[2];
  p.plane = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  p.nz = static_cast<std::size_t>(nz);
  p.width = std::min(kColumns, p.plane);
  p.blocks = p.plane / p.width;
  p.rest = p.plane - p.blocks * p.width;

  // Planning arrays only (ESTIMATE never reads or writes them).
  std::vector<double> tmp(p.plane * std::max<std::size_t>(p.nz, 1));
  const std::lock_guard<std::mutex> lock(planner_lock());
  // A z-plane: rows j (y) of x-lines, FFTW's row-major order {ny, nx}.
  const fftw_r2r_kind pf[2] = {axes[1].forward, axes[0].forward};
  const fftw_r2r_kind pi[2] = {axes[1].inverse, axes[0].inverse};
  p.plane_forward = fftw_plan_r2r_2d(ny, nx, tmp.data(), tmp.data(), pf[0], pf[1], kFlags);
  p.plane_inverse = fftw_plan_r2r_2d(ny, nx, tmp.data(), tmp.data(), pi[0], pi[1], kFlags);
  auto columns = [&](std::size_t width, fftw_r2r_kind kind) {
    const int n[1] = {nz};
    return fftw_plan_many_r2r(1, n, static_cast<int>(width), tmp.data(), nullptr,
                              static_cast<int>(p.plane), 1, tmp.data(), nullptr,
                              static_cast<int>(p.plane), 1, &kind, kFlags);
  };
  p.columns_forward = columns(p.width, axes[2].forward);
  p.columns_inverse = columns(p.width, axes[2].inverse);
  if (p.rest > 0) {
    p.rest_forward = columns(p.rest, axes[2].forward);
    p.rest_inverse = columns(p.rest, axes[2].inverse);
  }
  if (p.plane_forward == nullptr || p.plane_inverse == nullptr || p.columns_forward == nullptr ||
      p.columns_inverse == nullptr || (p.rest > 0 && (!p.rest_forward || !p.rest_inverse))) {
    throw std::runtime_error("FFTW could not plan the spectral field transforms");
  }
}

SpectralBasis::~SpectralBasis() {
  if (!plans_) return;
  const std::lock_guard<std::mutex> lock(planner_lock());
  for (fftw_plan q : {plans_->plane_forward, plans_->plane_inverse, plans_->columns_forward,
                      plans_->columns_inverse, plans_->rest_forward, plans_->rest_inverse}) {
    if (q != nullptr) fftw_destroy_plan(q);
  }
}

namespace {

/// Planes (2-D transforms of z-planes), barrier, columns (1-D transforms of z-columns in fixed
/// blocks), barrier. `modal`, when given, runs on each plane before its plane transform.
void transform(const SpectralBasis::Plans& p, bool forward, double* data, StaticTeam& team,
               const std::function<void(std::size_t)>* modal) {
  fftw_plan plane = forward ? p.plane_forward : p.plane_inverse;
  fftw_plan cols = forward ? p.columns_forward : p.columns_inverse;
  fftw_plan rest = forward ? p.rest_forward : p.rest_inverse;
  team.loop(p.nz, [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) {
      if (modal != nullptr) (*modal)(k);
      double* a = data + k * p.plane;
      fftw_execute_r2r(plane, a, a);
    }
  });
  team.loop(p.blocks + (p.rest > 0 ? 1 : 0), [&](std::size_t begin, std::size_t end) {
    for (std::size_t b = begin; b < end; ++b) {
      double* a = data + b * p.width;
      fftw_execute_r2r(b < p.blocks ? cols : rest, a, a);
    }
  });
}

}  // namespace

void SpectralBasis::forward(double* data, StaticTeam& team) const {
  transform(*plans_, true, data, team, nullptr);
}

void SpectralBasis::filter(double* data, StaticTeam& team,
                           const std::function<void(std::size_t k)>& modal) const {
  transform(*plans_, true, data, team, nullptr);
  transform(*plans_, false, data, team, &modal);
}

namespace {

/// Phi = (1 - e^{-x}) / lambda and Psi = (h - Phi) / (lambda h) for x = lambda h, without
/// cancellation for small x (series of Psi / h = sum_j (-x)^j / (j + 2)!, 8 terms: < 3e-15 at
/// x < 0.1), and their limits h and h / 2 at lambda = 0.
struct Weights {
  double phi;
  double psi;
};
Weights weights(double lambda, double h, double e) {
  const double x = lambda * h;
  Weights w{};
  w.phi = x < 0.5 ? (lambda > 0.0 ? -std::expm1(-x) / lambda : h) : (1.0 - e) / lambda;
  if (x < 0.1) {
    double term = 0.5;
    double sum = 0.0;
    for (int j = 0; j < 8; ++j) {
      sum += term;
      term *= -x / (j + 3);
    }
    w.psi = h * sum;
  } else {
    w.psi = (h - w.phi) / (lambda * h);
  }
  return w;
}

/// The modal factors of one step, per axis, and a loop over the modes with them.
class Modes {
 public:
  Modes(const SpectralBasis& basis, const SpectralStep& st) : basis_(basis), st_(st) {
    rate_ = st.diffusion / (st.dx * st.dx);
    for (int a = 0; a < 3; ++a) {
      for (double mu : basis.mu(a)) decay_[a].push_back(std::exp(-rate_ * mu * st.dt));
    }
    decay_k_ = std::exp(-st.decay * st.dt);
    inv_norm_ = 1.0 / basis.normalisation();
  }
  /// body(index, e, lambda) for every mode of z-plane k.
  template <class Body>
  void plane(std::size_t k, Body&& body) const {
    const auto nx = static_cast<std::size_t>(st_.dims[0]);
    const auto ny = static_cast<std::size_t>(st_.dims[1]);
    const std::vector<double>& mux = basis_.mu(0);
    for (std::size_t j = 0; j < ny; ++j) {
      const double ekj = decay_k_ * decay_[2][k] * decay_[1][j];
      const double mukj = basis_.mu(2)[k] + basis_.mu(1)[j];
      const std::size_t row = (k * ny + j) * nx;
      for (std::size_t i = 0; i < nx; ++i) {
        body(row + i, ekj * decay_[0][i], st_.decay + rate_ * (mukj + mux[i]));
      }
    }
  }
  [[nodiscard]] double inv_norm() const { return inv_norm_; }

 private:
  const SpectralBasis& basis_;
  const SpectralStep& st_;
  double rate_ = 0.0;
  double decay_k_ = 1.0;
  double inv_norm_ = 1.0;
  std::array<std::vector<double>, 3> decay_;
};

/// Serial dot product in index order (the same sum for any thread count).
double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

int spectral_step(const SpectralBasis& basis, const SpectralStep& st, ThreadPool& pool,
                  int threads) {
  const std::size_t nx = static_cast<std::size_t>(st.dims[0]);
  const std::size_t ny = static_cast<std::size_t>(st.dims[1]);
  const std::size_t nz = static_cast<std::size_t>(st.dims[2]);
  const std::size_t plane = nx * ny;
  const double h = st.dt;
  const double rate = st.diffusion / (st.dx * st.dx);
  double* c = st.c;
  double* s = st.work;
  double* r = st.work2;

  // Source density s (declared units per minute): sources, secretion and the inflow through
  // fixed faces (conductance 2 D / dx^2 times the face value, as in the ADI kernels).
  bool sources = false;
  for (const SourceTerm& t : *st.terms) sources = sources || t.density != 0.0;
  const std::array<std::size_t, 3> stride{1, nx, plane};
  const std::array<std::size_t, 3> dims{nx, ny, nz};
  for (int a = 0; a < 3; ++a) {
    const AxisBc& bc = (*st.bc)[a];
    if ((bc.lo == BoundaryKind::fixed && bc.lo_value != 0.0) ||
        (bc.hi == BoundaryKind::fixed && bc.hi_value != 0.0))
      sources = true;
  }
  if (sources) {
    std::fill(s, s + st.count, 0.0);
    for (const SourceTerm& t : *st.terms) s[t.voxel] += t.density;
    for (int a = 0; a < 3; ++a) {
      const AxisBc& bc = (*st.bc)[a];
      // The voxels of face `side` of axis a: the index along a is 0 or n - 1.
      for (int side = 0; side < 2; ++side) {
        const bool fixed = (side == 0 ? bc.lo : bc.hi) == BoundaryKind::fixed;
        const double value = side == 0 ? bc.lo_value : bc.hi_value;
        if (!fixed || value == 0.0) continue;
        const std::size_t offset = side == 0 ? 0 : (dims[a] - 1) * stride[a];
        const double inflow = 2.0 * rate * value;
        const int b = (a + 1) % 3;
        const int e = (a + 2) % 3;
        for (std::size_t i = 0; i < dims[b]; ++i) {
          for (std::size_t j = 0; j < dims[e]; ++j)
            s[offset + i * stride[b] + j * stride[e]] += inflow;
        }
      }
    }
    pool.static_region("fields.spectral", threads,
                       [&](StaticTeam& team) { basis.forward(s, team); });
  }

  // Uptake voxels and w = sqrt(u) (the symmetric form of the uptake system below).
  std::vector<VoxelIndex> voxel;
  std::vector<double> w;
  for (const SourceTerm& t : *st.terms) {
    if (t.uptake > 0.0) {
      voxel.push_back(t.voxel);
      w.push_back(std::sqrt(t.uptake));
    }
  }
  const std::size_t m = voxel.size();
  std::vector<double> y(m);  // w c at the start, the first guess of w c(t + dt)
  if (m > 0) {
    std::fill(r, r + st.count, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
      y[i] = w[i] * c[voxel[i]];
      r[voxel[i]] = w[i] * y[i];  // u c(t)
    }
    pool.static_region("fields.spectral", threads,
                       [&](StaticTeam& team) { basis.forward(r, team); });
  }

  // Right-hand side: e^{-lambda h} c + Phi s + (Psi - Phi) u c(t), i.e. the step with the
  // uptake flux taken as -u c(t) at the start, rising linearly to -u c(t + h) at the end, less
  // the end's part Psi u c(t + h), which the uptake solve adds.
  const Modes modes(basis, st);
  const double inv_norm = modes.inv_norm();
  const std::function<void(std::size_t)> step_modes = [&](std::size_t k) {
    modes.plane(k, [&](std::size_t q, double e, double lambda) {
      double next = e * c[q];
      if (sources || m > 0) {
        const Weights wt = weights(lambda, h, e);
        if (sources) next += wt.phi * s[q];
        if (m > 0) next += (wt.psi - wt.phi) * r[q];
      }
      c[q] = next * inv_norm;
    });
  };
  pool.static_region("fields.spectral", threads,
                     [&](StaticTeam& team) { basis.filter(c, team, step_modes); });

  int iterations = 0;
  if (m > 0) {
    // c(t + h) = rhs - Psi U c(t + h): with y = w c(t + h), (I + W Psi W) y = w rhs, symmetric
    // positive definite (Psi > 0 on every mode), solved by conjugate gradients on the uptake
    // voxels. Applying Psi costs a transform pair.
    double* z = r;
    const std::function<void(std::size_t)> psi_modes = [&](std::size_t k) {
      modes.plane(k, [&](std::size_t q, double e, double lambda) {
        z[q] *= weights(lambda, h, e).psi * inv_norm;
      });
    };
    auto apply_psi = [&](const std::vector<double>& p) {  // z = Psi (w p) on the lattice
      std::fill(z, z + st.count, 0.0);
      for (std::size_t i = 0; i < m; ++i) z[voxel[i]] = w[i] * p[i];
      pool.static_region("fields.spectral", threads,
                         [&](StaticTeam& team) { basis.filter(z, team, psi_modes); });
    };
    auto apply = [&](const std::vector<double>& p, std::vector<double>& out) {
      apply_psi(p);
      for (std::size_t i = 0; i < m; ++i) out[i] = p[i] + w[i] * z[voxel[i]];
    };
    std::vector<double> b(m), res(m), p(m), ap(m);
    for (std::size_t i = 0; i < m; ++i) b[i] = w[i] * c[voxel[i]];
    apply(y, ap);
    for (std::size_t i = 0; i < m; ++i) res[i] = b[i] - ap[i];
    p = res;
    double rr = dot(res, res);
    const double tolerance = 1e-26 * std::max(dot(b, b), 1e-300);  // |res| <= 1e-13 |b|
    for (; iterations < kMaxUptakeIterations && rr > tolerance; ++iterations) {
      apply(p, ap);
      const double alpha = rr / dot(p, ap);
      for (std::size_t i = 0; i < m; ++i) {
        y[i] += alpha * p[i];
        res[i] -= alpha * ap[i];
      }
      const double next = dot(res, res);
      const double beta = next / rr;
      rr = next;
      for (std::size_t i = 0; i < m; ++i) p[i] = res[i] + beta * p[i];
    }
    if (rr > tolerance) {
      throw std::runtime_error("the uptake solve did not converge in " +
                               std::to_string(kMaxUptakeIterations) +
                               " iterations: lower fields.solver.max_uptake_exposure");
    }
    apply_psi(y);
  }
  // The exact solution stays >= 0 for non-negative data; the transforms leave rounding-level
  // undershoots (~1e-16 of the peak) where the field is ~0, and the linear uptake flux within
  // the step may undershoot in a voxel emptied faster than the step resolves. As the douglas
  // guard: clip to 0.
  pool.for_static(
      "fields.spectral.finish", st.count,
      [&](std::size_t begin, std::size_t end, int) {
        if (m > 0) {
          for (std::size_t v = begin; v < end; ++v) c[v] = std::max(c[v] - r[v], 0.0);
        } else {
          for (std::size_t v = begin; v < end; ++v) c[v] = std::max(c[v], 0.0);
        }
      },
      threads);
  return iterations;
}

}  // namespace msabm::fields
