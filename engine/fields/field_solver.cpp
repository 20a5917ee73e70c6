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
//  * spectral (spectral.cpp): for substances with the same diffusion factor everywhere (else
//    douglas), the exact solution of the semi-discrete system dc/dt = D L c - k c + s in the
//    eigenbasis of the 7-point operator L: per mode, with lambda = k + D mu (mu the eigenvalue
//    of -L, a sum over axes of 4 sin^2(theta / 2) / dx^2),
//        c^(t+dt) = e^{-lambda dt} c^(t) + (1 - e^{-lambda dt}) / lambda s^,
//    s = constant sources + pending secretion + the inflow of fixed faces, constant over the
//    step. The basis per axis follows the faces (FFTW real-to-real transforms: DCT-II/III for
//    no-flux, DST-II/III for fixed, DST-IV/DCT-IV for mixed, the half-complex DFT for periodic),
//    so one step of any length costs three transforms and has no time error at all: exact for
//    the lattice's own time-dependent solution (the pulse test: 6e-15 of the peak) and, run
//    long, the quasi-steady screened-Poisson solve. Uptake (per voxel, U) cannot join the
//    modes; its flux -U c is taken linear in time between the step's start and end
//    (exponential trapezoidal rule, Psi = (dt - Phi) / (lambda dt) weighting the end),
//    implicit at the end:
//        c(t+dt) = rhs - Psi U c(t+dt),
//    solved by conjugate gradients on the uptake voxels in the symmetric form
//    (I + U^1/2 Psi U^1/2) y = U^1/2 rhs (condition <= 1 + u_max dt / 2; measured 4 iterations
//    at u dt = 3, two transforms each). Steady states stay exact; the time error is second
//    order, from the uptake flux's curvature within a step (measured 8.5e-4 of the peak for
//    agents secreting and taking up 0.05/min at 60 min steps, D = 1200 um^2/min, 10 um
//    voxels). Strong uptake settles much faster than a coupling step, which a linear flux
//    misses (1 /min for an hour: 2e-3), so a step is split into sub-steps with
//    u_max dt_sub <= max_uptake_exposure (default 10; measured 1e-4 then, 6 sub-steps; at 0.5,
//    errors fall to douglas' own at its default cap, ~5e-5: 6.8e-5 for the 0.05/min case). The
//    exact propagator is positive; values below 0 (rounding, or a linear uptake flux that
//    overshoots within a step) are clipped as in douglas.
//  * auto (default): per substance and step the cheapest of explicit, douglas and spectral (at
//    the sub-step counts each needs), by memory traffic: explicit moves 16 bytes per voxel and
//    sub-step, douglas 32, a spectral transform costs about as much as 64 (measured: 32 to 76,
//    bench/field_spectral.cpp), three transforms per step plus 5 + 2 per conjugate-gradient
//    iteration with uptake (estimated 2 + 2 sqrt(u_max dt / 2)). Slowly diffusing substances
//    (antibodies, debris) go explicit, fast ones at long steps spectral.
//  * quiet fields (SubstanceSpec::quiet_below > 0): a substance that nothing feeds (no pending
//    terms, no constant sources, no fixed face at or above the floor) and whose values all lie
//    below the floor is not stepped. Without sources the exact field stays within the range of
//    its values and face values, so the frozen field differs from a solved one by less than the
//    floor where both are non-negative (2 floors otherwise); decay below the floor is not
//    followed. Choose the floor below anything an agent could sense.
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
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/parallel.hpp"
#include "engine/fields/field_set.hpp"
#include "engine/fields/row_kernels.hpp"
#include "engine/fields/solver_internal.hpp"
#include "engine/fields/spectral.hpp"
#include "engine/fields/sweep.hpp"
#include "engine/fields/workspaces.hpp"

// Where the rest is: the Thomas solvers in line_solvers.cpp, the row copies and transposes in
// row_kernels.cpp, the stencils and the explicit sub-step in stencil.cpp, the two passes of
// douglas and lod in adi_pass1.cpp and adi_pass2.cpp (all compiled for AVX2 and the baseline,
// kernel_clones.hpp), work spaces and the factorisation cache in workspaces.cpp. This file is
// the step driver: per substance, this step's source terms, the scheme's sub-steps, and the
// parallel loops over planes and runs of z-lines, run by the ThreadPool's static regions
// (engine/core/parallel.hpp; OpenMP with static pieces and per-thread work spaces).

namespace msabm::fields {

namespace {

/// Blocks of the parallel quiet test. The answer (all values below the floor or not) is exact,
/// whatever the blocks and threads.
constexpr std::size_t kQuietBlock = std::size_t{1} << 15;

/// Whether |v[i]| < floor for every i in [begin, end) (NaN is not below anything).
bool all_below(const double* v, std::size_t begin, std::size_t end, double floor) {
  for (std::size_t i = begin; i < end; ++i) {
    if (!(std::abs(v[i]) < floor)) return false;
  }
  return true;
}

/// Whether the substance may be skipped as quiet, its values aside: a floor is set, and nothing
/// feeds it (no pending agent terms, no constant sources, no fixed face at or above the floor).
bool may_be_quiet(const SubstanceSpec& spec, bool pending) {
  if (!(spec.quiet_below > 0.0) || pending || !spec.sources.empty()) return false;
  for (const FaceBoundary& face : spec.boundary) {
    if (face.kind == BoundaryKind::fixed && !(std::abs(face.value) < spec.quiet_below))
      return false;
  }
  return true;
}

}  // namespace

bool FieldSet::quiet(int s) const {
  const auto us = static_cast<std::size_t>(s);
  return may_be_quiet(specs_[us], !pending_[us].empty()) &&
         all_below(values_[us].data(), 0, count_, specs_[us].quiet_below);
}

std::uint64_t FieldSet::quiet_skips(int s) const {
  return substances_[static_cast<std::size_t>(s)]->quiet_skips;
}

void FieldSet::step_substance(int s, double dt, ThreadPool& pool) {
  auto& sub = *substances_[static_cast<std::size_t>(s)];
  const auto& spec = specs_[static_cast<std::size_t>(s)];
  const SchemeChoice choice = scheme_for(s, dt);
  const double h = dt / choice.substeps;

  // Quiet: nothing feeds the field and every value is below its floor, so it is left as it is.
  // The values are read only when nothing feeds it (one pass, no writes; cheaper than a step).
  if (may_be_quiet(spec, !pending_[static_cast<std::size_t>(s)].empty())) {
    if (sub.known_quiet) {
      ++sub.quiet_skips;
      return;
    }
    const double* v = values_[static_cast<std::size_t>(s)].data();
    std::vector<unsigned char> below((count_ + kQuietBlock - 1) / kQuietBlock, 0);
    pool.for_blocks("fields.quiet", count_, kQuietBlock, [&](std::size_t b, std::size_t e) {
      below[b / kQuietBlock] = all_below(v, b, e, spec.quiet_below) ? 1 : 0;
    });
    if (std::all_of(below.begin(), below.end(), [](unsigned char q) { return q != 0; })) {
      ++sub.quiet_skips;
      sub.known_quiet = true;
      return;
    }
  }
  sub.known_quiet = false;

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

  // Small lattices are not worth waking threads for (results do not depend on the count).
  constexpr std::size_t kVoxelsPerThread = 16384;
  const int threads = static_cast<int>(std::clamp<std::size_t>(
      count_ / kVoxelsPerThread, 1, static_cast<std::size_t>(pool.threads())));

  if (choice.scheme == FieldScheme::spectral) {
    // Planned once per substance, serially (its faces and the lattice never change).
    if (!sub.spectral) sub.spectral = std::make_unique<SpectralBasis>(shape_, sub.bc);
    grow(scratch_, count_);
    grow(scratch2_, count_);
    SpectralStep st;
    st.c = values_[static_cast<std::size_t>(s)].data();
    st.work = scratch_.data();
    st.work2 = scratch2_.data();
    st.count = count_;
    st.dt = h;
    st.diffusion = sub.dh2 * shape_.voxel_size * shape_.voxel_size;
    st.decay = spec.decay;
    st.dx = shape_.voxel_size;
    st.terms = &terms;
    st.bc = &sub.bc;
    st.dims = shape_.dims;
    sub.uptake_iterations = 0;
    try {
      for (int sub_step = 0; sub_step < choice.substeps; ++sub_step)
        sub.uptake_iterations += spectral_step(*sub.spectral, st, pool, threads);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("field '" + spec.name + "': " + e.what());
    }
    return;
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
  refresh_factorisations(sub, sw, params_.theta);

  // Work spaces, one per thread, sized before entering the parallel region.
  if (!impl_) impl_ = std::make_unique<Impl>();
  const auto nthreads = static_cast<std::size_t>(threads);
  // Pass 2 items: runs of z-lines long enough to read W in big contiguous pieces per plane, with
  // their column buffer (nz x segment) within 512 KiB, and at least 4 items per thread.
  {
    const std::size_t by_cache = std::max<std::size_t>(8, 65536 / sw.nz);
    const std::size_t by_threads = std::max<std::size_t>(8, sw.plane / (4 * nthreads));
    sw.segment = std::min({by_cache, by_threads, sw.plane});
    sw.segments = (sw.plane + sw.segment - 1) / sw.segment;
  }
  size_workspaces(impl_->ws, nthreads, sw);
  grow(scratch_, count_);

  std::vector<Workspace>& wss = impl_->ws;
  for (int sub_step = 0; sub_step < choice.substeps; ++sub_step) {
    sw.c = values_[static_cast<std::size_t>(s)].data();
    sw.work = scratch_.data();
    if (choice.scheme == FieldScheme::explicit_euler) {
      pool.for_static(
          "fields.explicit", sw.nz,
          [&](std::size_t begin, std::size_t end, int thread) {
            Workspace& ws = wss[static_cast<std::size_t>(thread)];
            for (std::size_t k = begin; k < end; ++k) sw.explicit_plane(k, ws);
          },
          threads);
      values_[static_cast<std::size_t>(s)].swap(scratch_);
    } else {
      // Pass 1 over z-planes, then (after the team's barrier: W complete) pass 2 over runs of
      // z-lines, in one region.
      pool.static_region("fields.adi", threads, [&](StaticTeam& team) {
        Workspace& ws = wss[static_cast<std::size_t>(team.thread())];
        team.loop(sw.nz, [&](std::size_t begin, std::size_t end) {
          for (std::size_t k = begin; k < end; ++k) sw.pass1(k, ws);
        });
        const auto [begin, end] = team.piece(sw.segments);
        for (std::size_t q = begin; q < end; ++q) sw.pass2(q, ws);
      });
    }
  }
}

}  // namespace msabm::fields
