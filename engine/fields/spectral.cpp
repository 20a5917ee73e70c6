// The spectral scheme: FFTW transforms diagonalising the 7-point operator, and the exact modal
// step (accuracy and costs: field_solver.cpp, README.md).
#include "engine/fields/spectral.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>
#include <stdexcept>

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
  double scale;             // forward then inverse multiplies by this
  std::vector<double> mu;   // eigenvalues of -L times dx^2
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
  fftw_plan rest_forward = nullptr;     // the last, narrower block (nullptr when none)
  fftw_plan rest_inverse = nullptr;
  std::size_t plane = 0;
  std::size_t nz = 0;
  std::size_t width = 0;  // columns per full block
  std::size_t blocks = 0;
  std::size_t rest = 0;   // columns of the last block when narrower
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

void transform(const SpectralBasis::Plans& p, bool forward, double* data, ThreadPool& pool,
               int threads) {
  fftw_plan plane = forward ? p.plane_forward : p.plane_inverse;
  fftw_plan cols = forward ? p.columns_forward : p.columns_inverse;
  fftw_plan rest = forward ? p.rest_forward : p.rest_inverse;
  pool.for_static(
      "fields.spectral.planes", p.nz,
      [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t k = begin; k < end; ++k) {
          double* a = data + k * p.plane;
          fftw_execute_r2r(plane, a, a);
        }
      },
      threads);
  const std::size_t items = p.blocks + (p.rest > 0 ? 1 : 0);
  pool.for_static(
      "fields.spectral.columns", items,
      [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t b = begin; b < end; ++b) {
          double* a = data + b * p.width;
          fftw_execute_r2r(b < p.blocks ? cols : rest, a, a);
        }
      },
      threads);
}

}  // namespace

void SpectralBasis::forward(double* data, ThreadPool& pool, int threads) const {
  transform(*plans_, true, data, pool, threads);
}

void SpectralBasis::inverse(double* data, ThreadPool& pool, int threads) const {
  transform(*plans_, false, data, pool, threads);
}

void spectral_step(const SpectralBasis& basis, const SpectralStep& st, ThreadPool& pool,
                   int threads) {
  const std::size_t nx = static_cast<std::size_t>(st.dims[0]);
  const std::size_t ny = static_cast<std::size_t>(st.dims[1]);
  const std::size_t nz = static_cast<std::size_t>(st.dims[2]);
  const std::size_t plane = nx * ny;
  const double h = st.dt / st.substeps;
  const double rate = st.diffusion / (st.dx * st.dx);  // 1/min per unit of mu
  const double inv_norm = 1.0 / basis.normalisation();

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
  double* s = st.work;
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
        const int c = (a + 2) % 3;
        for (std::size_t i = 0; i < dims[b]; ++i) {
          for (std::size_t j = 0; j < dims[c]; ++j)
            s[offset + i * stride[b] + j * stride[c]] += inflow;
        }
      }
    }
    basis.forward(s, pool, threads);
  }

  // Per-axis factors exp(-D mu h / dx^2): the modal factor exp(-lambda h) is their product with
  // exp(-k h), lambda = k + D (mu_x + mu_y + mu_z) / dx^2.
  std::array<std::vector<double>, 3> decay_axis;
  for (int a = 0; a < 3; ++a) {
    for (double mu : basis.mu(a)) decay_axis[a].push_back(std::exp(-rate * mu * h));
  }
  const double decay_k = std::exp(-st.decay * h);

  std::vector<std::pair<VoxelIndex, double>> uptake;  // exp(-u h / 2) per uptake voxel
  for (const SourceTerm& t : *st.terms) {
    if (t.uptake > 0.0) uptake.emplace_back(t.voxel, std::exp(-0.5 * t.uptake * h));
  }
  double* c = st.c;
  auto apply_uptake = [&] {
    for (const auto& [v, f] : uptake) c[v] *= f;
  };

  for (int step = 0; step < st.substeps; ++step) {
    apply_uptake();
    basis.forward(c, pool, threads);
    pool.for_static(
        "fields.spectral.modes", nz,
        [&](std::size_t begin, std::size_t end, int) {
          const std::vector<double>& mux = basis.mu(0);
          const std::vector<double>& muy = basis.mu(1);
          const std::vector<double>& muz = basis.mu(2);
          for (std::size_t k = begin; k < end; ++k) {
            for (std::size_t j = 0; j < ny; ++j) {
              const double ekj = decay_k * decay_axis[2][k] * decay_axis[1][j];
              const double mukj = muz[k] + muy[j];
              double* row = c + k * plane + j * nx;
              const double* srow = s + k * plane + j * nx;
              for (std::size_t i = 0; i < nx; ++i) {
                const double e = ekj * decay_axis[0][i];
                double next = e * row[i];
                if (sources) {
                  // (1 - e) / lambda, by expm1 where 1 - e would cancel; h when lambda = 0.
                  const double lambda = st.decay + rate * (mukj + mux[i]);
                  const double x = lambda * h;
                  const double phi =
                      x < 0.5 ? (lambda > 0.0 ? -std::expm1(-x) / lambda : h) : (1.0 - e) / lambda;
                  next += phi * srow[i];
                }
                row[i] = next * inv_norm;
              }
            }
          }
        },
        threads);
    basis.inverse(c, pool, threads);
    apply_uptake();
  }
  // The exact solution stays >= 0 for non-negative data; the transforms leave rounding-level
  // undershoots (~1e-16 of the peak) where the field is ~0. As the douglas guard: clip to 0.
  pool.for_static(
      "fields.spectral.clip", st.count,
      [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t v = begin; v < end; ++v) c[v] = std::max(c[v], 0.0);
      },
      threads);
}

}  // namespace msabm::fields
