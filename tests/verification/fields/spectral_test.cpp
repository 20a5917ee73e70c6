// Verification of the spectral scheme (exact exponential integrator in the eigenbasis of the
// 7-point operator): analytic point source, the lattice's exact time-dependent solution and the
// continuum Gaussian, agreement with douglas at small steps for agents' secretion and uptake,
// mass balance, every kind of face, and thread-count independence.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <cmath>
#include <cstring>

#include "engine/core/parallel.hpp"
#include "verification/fields/fields_test_util.hpp"

using namespace msabm;
using namespace msabm::fields;
using namespace msabm::fields::test;

namespace {

FieldSolverParams spectral_params() {
  FieldSolverParams p;
  p.scheme = FieldScheme::spectral;
  return p;
}

double max_relative_difference(std::span<const double> a, std::span<const double> b) {
  double diff = 0.0;
  double peak = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, std::abs(a[i] - b[i]));
    peak = std::max(peak, std::abs(b[i]));
  }
  return diff / peak;
}

/// A cytokine (D = 1200 um^2/min, half-life 30 min) on 24^3 voxels of 10 um, secreted by 30
/// agents (1-3 /min) and taken up by 300 (`uptake` per min each), coupled every 60 min: the
/// field after two coupling periods, the agents' terms renewed each time. Checks the sub-steps
/// scheme_for announces; `iterations`: the last step's conjugate-gradient iterations.
std::vector<double> agents_two_periods(double uptake, const FieldSolverParams& params,
                                       int expected_substeps, int* iterations = nullptr) {
  const Lattice lattice = make_lattice(24, 24, 24, 10.0);
  const SubstanceSpec spec = substance("cytokine", 1200.0, std::log(2.0) / 30.0);
  std::vector<VoxelIndex> secreting;
  std::vector<double> rates;
  for (int i = 0; i < 30; ++i) {
    secreting.push_back(lattice.index(3 + (i * 7) % 18, 3 + (i * 13) % 18, 3 + (i * 23) % 18));
    rates.push_back(1.0 + (i % 3));
  }
  std::vector<VoxelIndex> consuming;
  for (int i = 0; i < 300; ++i) consuming.push_back(static_cast<VoxelIndex>(i * 211 % 13824));
  const std::vector<double> constants(consuming.size(), uptake);
  ThreadPool pool(2);
  FieldSet fields(lattice, {spec}, params);
  for (int k = 0; k < 2; ++k) {
    fields.add_secretion(0, secreting, rates);
    fields.add_uptake(0, consuming, constants);
    CHECK(fields.scheme_for(0, 60.0).substeps == expected_substeps);
    fields.step(60.0, pool);
  }
  if (iterations != nullptr) *iterations = fields.uptake_iterations(0);
  return {fields.values(0).begin(), fields.values(0).end()};
}

}  // namespace

TEST_CASE("spectral: point source steady state matches the analytic solution",
          "[fields][verification][spectral]") {
  // As configs/verification/point_source.yaml (point_source_test.cpp): q = 1 unit/min,
  // D = 1000 um^2/min, decay 0.1/min (L = 100 um), 101^3 voxels of 10 um, no-flux faces.
  const Lattice lattice = make_lattice(101, 101, 101, 10.0);
  SubstanceSpec spec = substance("probe", 1000.0, 0.1);
  spec.units = "unit/um^3";
  const std::array<int, 3> src{50, 50, 50};
  spec.sources.push_back({lattice.index(src[0], src[1], src[2]), 1.0});
  FieldSet fields(lattice, {spec}, spectral_params());
  ThreadPool pool(1);
  // Exact in time: one step of 60 min is the solution at 60 min (the slowest mode has e^-6 of
  // its initial deficit left), and the source is switched on for the whole step.
  REQUIRE(fields.scheme_for(0, 60.0).scheme == FieldScheme::spectral);
  REQUIRE(fields.scheme_for(0, 60.0).substeps == 1);
  fields.step(60.0, pool);
  // Mass: dM/dt = q - k M from 0, M(t) = q (1 - e^{-kt}) / k exactly (the DC mode).
  CHECK(fields.total_mass(0) == Approx(10.0 * (1.0 - std::exp(-6.0))).epsilon(1e-12));

  const double worst = point_source_worst_error(fields, 0, lattice, src, 1.0, 1000.0, 100.0);
  INFO(fmt::format("worst relative error {:.4f}", worst));
  // The 7-point operator's own error, as for douglas (point_source_test.cpp: 0.018): the
  // spectral scheme adds no time error, so it is the same number.
  CHECK(worst == Approx(0.018).margin(0.003));
}

TEST_CASE("spectral: a released pulse follows the lattice's exact solution",
          "[fields][verification][spectral]") {
  // Unit amount released in one voxel of a no-flux box at t = 0. The semi-discrete equation
  // dc/dt = D L c - k c on the infinite lattice has the exact solution
  //   c(n, t) = e^{-kt} / h^3  prod_axes e^{-2r} I_{n_a}(2r),  r = D t / h^2,
  // and the box is large enough for the images (faces at >= 9 sigma) to be below rounding.
  // So the spectral scheme, exact in time, must reproduce it to rounding at any dt.
  const int n = 64;
  const double h = 10.0;
  const Lattice lattice = make_lattice(n, n, n, h);
  const double diffusion = 1200.0;
  const double decay = std::log(2.0) / 15.0;  // a 15 min half-life
  SubstanceSpec spec = substance("pulse", diffusion, decay);
  const std::array<int, 3> centre{32, 32, 32};
  ThreadPool pool(1);
  const double t_end = 0.5;  // sigma = sqrt(2 D t) = 3.5 voxels
  auto exact = [&](VoxelIndex v) {
    const auto c = lattice.coords(v);
    const double two_r = 2.0 * diffusion * t_end / (h * h);
    double value = std::exp(-decay * t_end) / (h * h * h);
    for (int a = 0; a < 3; ++a) {
      value *= std::exp(-two_r) * std::cyl_bessel_i(std::abs(c[a] - centre[a]), two_r);
    }
    return value;
  };
  for (int steps : {1, 4}) {
    FieldSet fields(lattice, {spec}, spectral_params());
    fields.values(0)[lattice.index(centre[0], centre[1], centre[2])] = 1.0 / (h * h * h);
    for (int k = 0; k < steps; ++k) fields.step(t_end / steps, pool);
    double err = 0.0;
    double peak = 0.0;
    for (VoxelIndex v = 0; v < lattice.voxel_count(); ++v) {
      err = std::max(err, std::abs(fields.value(0, v) - exact(v)));
      peak = std::max(peak, exact(v));
    }
    INFO(fmt::format("{} step(s): max error / peak {:.2e}", steps, err / peak));
    CHECK(err / peak < 1e-12);
  }
}

TEST_CASE("spectral: a spreading, decaying Gaussian matches the continuum solution",
          "[fields][verification][spectral]") {
  // Gaussian of variance 2 D t0 per axis at t0 = 0.5 min, then 2 min more (sigma from 3.5 to
  // 7.7 voxels; the faces 6 sigma away): the only error is the 7-point operator's (second
  // order), the same for one step as for ten.
  const Lattice lattice = make_lattice(96, 96, 96, 10.0);
  SubstanceSpec spec = substance("g", 1200.0, std::log(2.0) / 15.0);
  const std::array<double, 3> centre{480.0, 480.0, 480.0};
  const double t0 = 0.5;
  const double t = 2.0;
  ThreadPool pool(1);
  std::vector<double> one_step;
  for (int steps : {1, 10}) {
    FieldSet fields(lattice, {spec}, spectral_params());
    set_gaussian(fields, 0, lattice, centre, t0);
    for (int k = 0; k < steps; ++k) fields.step(t / steps, pool);
    const double err = gaussian_error(fields, 0, lattice, centre, t0, t);
    INFO(fmt::format("{} step(s): max error / peak {:.2e}", steps, err));
    // Measured 5.0e-3: the 7-point operator's error on a Gaussian that starts at sigma = 3.5
    // voxels (douglas at small steps gives the same, below).
    CHECK(err < 6e-3);
    CHECK(err > 1e-3);  // the lattice differs from the continuum: an exact match is suspect
    if (steps == 1) {
      one_step.assign(fields.values(0).begin(), fields.values(0).end());
    } else {
      CHECK(max_relative_difference(one_step, fields.values(0)) < 1e-13);
    }
  }
  // Douglas (theta = 1/2, second order) at D dt / dx^2 = 0.12: the same field, to its time error.
  FieldSet douglas(lattice, {spec}, solver(FieldScheme::douglas, 0.5, 0.0));
  set_gaussian(douglas, 0, lattice, centre, t0);
  for (int k = 0; k < 200; ++k) douglas.step(t / 200, pool);
  const double diff = max_relative_difference(one_step, douglas.values(0));
  INFO(fmt::format("spectral vs douglas: {:.2e}", diff));
  CHECK(diff < 2e-4);
}

TEST_CASE("spectral: agrees with douglas at small steps for agents' secretion and uptake",
          "[fields][verification][spectral]") {
  // Uptake 0.05/min (u dt = 3 per period). Reference: douglas at D dt / dx^2 = 0.5 (1440
  // sub-steps per period; its own error there is ~4e-5, first order).
  const auto reference = agents_two_periods(0.05, solver(FieldScheme::douglas, 1.0, 0.5), 1440);
  int iterations = 0;
  const auto spectral = agents_two_periods(0.05, spectral_params(), 1, &iterations);
  INFO(fmt::format("uptake iterations {}", iterations));
  CHECK(iterations > 0);
  CHECK(iterations < 30);
  FieldSolverParams finer = spectral_params();
  finer.max_uptake_exposure = 0.5;  // u dt = 3: 6 sub-steps
  const auto spectral6 = agents_two_periods(0.05, finer, 6);
  const auto douglas = agents_two_periods(0.05, solver(FieldScheme::douglas, 1.0, 1.0), 720);
  const auto douglas4 = agents_two_periods(0.05, solver(FieldScheme::douglas, 1.0, 4.0), 180);
  const double e_spectral = max_relative_difference(spectral, reference);
  const double e_spectral6 = max_relative_difference(spectral6, reference);
  const double e_douglas = max_relative_difference(douglas, reference);
  const double e_douglas4 = max_relative_difference(douglas4, reference);
  INFO(
      fmt::format("max |difference| / peak vs douglas at D dt/dx^2 = 0.5: spectral {:.2e}, "
                  "with 6 sub-steps {:.2e}; douglas at the default cap {:.2e}, at "
                  "max_stiffness 4 {:.2e}",
                  e_spectral, e_spectral6, e_douglas, e_douglas4));
  // Measured 8.5e-4 in one step, 6.8e-5 in 6 (douglas: 4.8e-5 at its default cap, 4.9e-4 at
  // max_stiffness 4): the uptake flux's curvature within a step, the scheme's only time error,
  // second order.
  CHECK(e_spectral < 1.5e-3);
  CHECK(e_spectral6 < 2e-4);
  CHECK(e_spectral6 < e_spectral / 4);
}

TEST_CASE("spectral: strong uptake is sub-stepped to stay accurate",
          "[fields][verification][spectral]") {
  // Uptake 1/min: u dt = 60 per coupling period. The uptake flux is taken linear in time within
  // a (sub-)step, so a step much longer than the uptake's own time misses how fast it settles:
  // max_uptake_exposure (default 10) splits the hour into 6 sub-steps. Reference: douglas at
  // D dt / dx^2 = 0.5 and u dt <= 0.5.
  FieldSolverParams fine = solver(FieldScheme::douglas, 1.0, 0.5);
  fine.max_substep = 0.5;
  const auto reference = agents_two_periods(1.0, fine, 1440);
  const double e_split =
      max_relative_difference(agents_two_periods(1.0, spectral_params(), 6), reference);
  FieldSolverParams unsplit = spectral_params();
  unsplit.max_uptake_exposure = 0.0;
  const double e_unsplit = max_relative_difference(agents_two_periods(1.0, unsplit, 1), reference);
  INFO(
      fmt::format("vs douglas: spectral, 6 sub-steps {:.2e}, one step {:.2e}", e_split, e_unsplit));
  // Measured 9.9e-5 and 2.1e-3.
  CHECK(e_split < 3e-4);
  CHECK(e_unsplit > 3 * e_split);
}

TEST_CASE("spectral: mass changes exactly by the secreted amount",
          "[fields][verification][spectral]") {
  const Lattice lattice = make_lattice(30, 20, 25, 15.0);
  SubstanceSpec spec = substance("chemokine", 2400.0);
  spec.initial = 0.5;
  std::vector<VoxelIndex> voxels{lattice.index(0, 0, 0), lattice.index(29, 19, 24),
                                 lattice.index(10, 5, 7), lattice.index(10, 5, 7)};
  std::vector<double> rates{3.0, 1.5, 0.25, 2.0};
  ThreadPool pool(1);
  FieldSet fields(lattice, {spec}, spectral_params());
  double mass = fields.total_mass(0);
  for (double dt : {60.0, 0.5, 1440.0}) {
    fields.add_secretion(0, voxels, rates);
    fields.step(dt, pool);
    const double next = fields.total_mass(0);
    INFO(
        fmt::format("dt {} min: mass error / mass {:.2e}", dt, ((next - mass) - dt * 6.75) / next));
    // To rounding of the total (the transforms round each value to ~1e-16 of the field).
    CHECK(std::abs((next - mass) - dt * 6.75) < 1e-13 * next);
    mass = next;
  }
}

TEST_CASE("spectral: steady states for every kind of face match douglas",
          "[fields][verification][spectral]") {
  // x: fixed (2) / no-flux, y: no-flux / fixed (5), z: periodic; decay and a source. The
  // steady state of both schemes is the solution of the same linear system (douglas' is exact
  // whatever dt), so they must agree to the accuracy of douglas' convergence.
  const Lattice lattice = make_lattice(12, 9, 10, 10.0);
  SubstanceSpec spec = substance("o2", 500.0, 0.05);
  spec.boundary[kXMin] = {BoundaryKind::fixed, 2.0};
  spec.boundary[kYMax] = {BoundaryKind::fixed, 5.0};
  spec.boundary[kZMin].kind = BoundaryKind::periodic;
  spec.boundary[kZMax].kind = BoundaryKind::periodic;
  spec.sources.push_back({lattice.index(6, 4, 0), 3000.0});
  spec.initial = 1.0;
  ThreadPool pool(1);
  FieldSet reference(lattice, {spec}, solver(FieldScheme::douglas, 1.0, 0.0));
  for (int k = 0; k < 2000; ++k) reference.step(0.5, pool);  // e^{-0.05 * 1000}
  FieldSet fields(lattice, {spec}, spectral_params());
  fields.step(2000.0, pool);  // e^{-0.05 * 2000}: converged
  CHECK(max_relative_difference(fields.values(0), reference.values(0)) < 1e-11);
  // Both fixed faces (x min and x max, y min and y max) too, with the same check.
  spec.boundary[kXMax] = {BoundaryKind::fixed, 1.0};
  spec.boundary[kYMin] = {BoundaryKind::fixed, 0.0};
  FieldSet reference2(lattice, {spec}, solver(FieldScheme::douglas, 1.0, 0.0));
  for (int k = 0; k < 2000; ++k) reference2.step(0.5, pool);
  FieldSet fields2(lattice, {spec}, spectral_params());
  fields2.step(2000.0, pool);
  CHECK(max_relative_difference(fields2.values(0), reference2.values(0)) < 1e-11);
}

TEST_CASE("spectral: flat and thin lattices", "[fields][verification][spectral]") {
  // Axes one voxel long (a 2-D slab, a 1-D line): their transforms are of length 1.
  ThreadPool pool(1);
  for (const auto& dims :
       {std::array<int, 3>{20, 15, 1}, std::array<int, 3>{1, 30, 1}, std::array<int, 3>{7, 1, 9}}) {
    const Lattice lattice = make_lattice(dims[0], dims[1], dims[2], 10.0);
    SubstanceSpec spec = substance("a", 800.0, 0.1);
    spec.boundary[kYMin] = {BoundaryKind::fixed, 1.5};
    spec.sources.push_back({lattice.index(dims[0] / 2, dims[1] / 2, dims[2] / 2), 500.0});
    FieldSet reference(lattice, {spec}, solver(FieldScheme::douglas, 1.0, 0.0));
    for (int k = 0; k < 4000; ++k) reference.step(0.1, pool);  // e^{-0.1 * 400}
    FieldSet fields(lattice, {spec}, spectral_params());
    fields.step(500.0, pool);
    const double diff = max_relative_difference(fields.values(0), reference.values(0));
    INFO(fmt::format("{} x {} x {}: {:.2e}", dims[0], dims[1], dims[2], diff));
    CHECK(diff < 1e-11);
  }
}

TEST_CASE("spectral: bit-identical for any thread count", "[fields][spectral]") {
  const Lattice lattice = make_lattice(41, 37, 30, 10.0);  // above the threads' size threshold
  SubstanceSpec a = substance("a", 1200.0, 0.02);
  a.boundary[kXMin] = {BoundaryKind::fixed, 3.0};
  a.boundary[kZMin].kind = BoundaryKind::periodic;
  a.boundary[kZMax].kind = BoundaryKind::periodic;
  SubstanceSpec b = substance("b", 4800.0);
  std::vector<VoxelIndex> voxels;
  std::vector<double> rates;
  for (int i = 0; i < 500; ++i) {
    voxels.push_back(static_cast<VoxelIndex>(i * 7919 % 45510));
    rates.push_back(0.01 * (1 + i % 5));
  }
  std::vector<std::vector<double>> results;
  for (int threads : {1, 2}) {
    ThreadPool pool(threads);
    FieldSet fields(lattice, {a, b}, spectral_params());
    for (int k = 0; k < 3; ++k) {
      for (int s = 0; s < 2; ++s) {
        fields.add_secretion(s, voxels, rates);
        fields.add_uptake(s, std::span(voxels).subspan(0, 200), std::span(rates).subspan(0, 200));
      }
      fields.step(30.0, pool);
    }
    std::vector<double> all(fields.values(0).begin(), fields.values(0).end());
    all.insert(all.end(), fields.values(1).begin(), fields.values(1).end());
    results.push_back(std::move(all));
  }
  REQUIRE(results[0].size() == results[1].size());
  CHECK(std::memcmp(results[0].data(), results[1].data(), results[0].size() * sizeof(double)) == 0);
}

TEST_CASE("spectral: non-uniform diffusion falls back to douglas", "[fields][spectral]") {
  Lattice lattice = make_lattice(8, 8, 8, 10.0);
  lattice.set_label(lattice.index(4, 4, 4), 1);
  SubstanceSpec s = substance("a", 1000.0);
  s.label_factor = {1.0, 0.5};
  FieldSet fields(lattice, {s}, spectral_params());
  CHECK_FALSE(fields.spectral_applies(0));
  CHECK(fields.scheme_for(0, 60.0).scheme == FieldScheme::douglas);
  // A factor that is the same wherever labels occur is uniform: spectral applies.
  s.label_factor = {0.5, 0.5};
  FieldSet uniform(lattice, {s}, spectral_params());
  CHECK(uniform.spectral_applies(0));
  CHECK(uniform.scheme_for(0, 60.0).scheme == FieldScheme::spectral);
}
