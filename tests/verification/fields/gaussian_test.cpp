// Verification: a Gaussian pulse spreads and decays as the analytic heat kernel,
//   c(x, t) = exp(-lambda t) (4 pi D (t0 + t))^(-d/2) exp(-|x - x0|^2 / (4 D (t0 + t))),
// in 1D and 3D, for each time integration scheme, at several times.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <cmath>

#include "engine/core/parallel.hpp"
#include "verification/fields/fields_test_util.hpp"

using namespace msabm;
using namespace msabm::fields;
using namespace msabm::fields::test;

namespace {

struct Case {
  const char* name;
  FieldSolverParams params;
  double dt;
  double tolerance;
};

/// Runs the pulse to each time in `times` and returns the errors there.
std::vector<double> run_pulse(const Lattice& lattice, const SubstanceSpec& spec,
                              const FieldSolverParams& params, double dt, double t0,
                              const std::vector<double>& times, int threads = 1) {
  FieldSet fields(lattice, {spec}, params);
  const auto& d = lattice.shape().dims;
  const double h = lattice.voxel_size();
  const std::array<double, 3> centre{d[0] * h / 2, d[1] * h / 2, d[2] * h / 2};
  set_gaussian(fields, 0, lattice, centre, t0);
  ThreadPool pool(threads);
  std::vector<double> errors;
  double t = 0.0;
  for (double target : times) {
    const int steps = static_cast<int>(std::lround((target - t) / dt));
    for (int n = 0; n < steps; ++n) fields.step(dt, pool);
    t = target;
    errors.push_back(gaussian_error(fields, 0, lattice, centre, t0, t));
  }
  return errors;
}

}  // namespace

TEST_CASE("fields: Gaussian pulse in 1D follows the heat kernel", "[fields][verification]") {
  // 201 voxels of 10 um; initial width sigma0 = sqrt(2 D t0) = 50 um = 5 voxels, growing to
  // 102 um by t = 4 min; the faces are 1000 um (>= 9 sigma) away, so no-flux is irrelevant.
  const Lattice lattice = make_lattice(201, 1, 1, 10.0);
  const SubstanceSpec spec = substance("pulse", 1000.0, 0.1);
  const double t0 = 1.25;
  const std::vector<double> times{1.0, 2.0, 4.0};
  // Measured relative max errors: 1.4e-3 (douglas, lod), 0.6e-3 (explicit), dominated by the
  // second-order spatial truncation error (dx / sigma)^2 ~ 4 % times a small Gaussian-shape
  // factor. Tolerance 3e-3: a wrong diffusion coefficient by 1 % already exceeds it.
  const std::vector<Case> cases{
      {"douglas theta=1/2", solver(FieldScheme::douglas, 0.5), 0.01, 3e-3},
      {"douglas theta=1", solver(FieldScheme::douglas, 1.0), 0.002, 3e-3},
      {"lod", solver(FieldScheme::lod), 0.002, 3e-3},
      {"explicit", solver(FieldScheme::explicit_euler), 0.01, 3e-3},
  };
  for (const auto& c : cases) {
    const auto errors = run_pulse(lattice, spec, c.params, c.dt, t0, times);
    for (std::size_t i = 0; i < times.size(); ++i) {
      INFO(fmt::format("{} at t = {} min: relative max error {:.2e}", c.name, times[i], errors[i]));
      CHECK(errors[i] < c.tolerance);
    }
  }
}

TEST_CASE("fields: Gaussian pulse in 3D follows the heat kernel", "[fields][verification]") {
  // 61^3 voxels of 10 um; sigma0 = 30 um (3 voxels) growing to 70 um at t = 2 min; faces are
  // 300 um (>= 4.3 sigma) away, where the pulse is below 1e-4 of its peak.
  const Lattice lattice = make_lattice(61, 61, 61, 10.0);
  const SubstanceSpec spec = substance("pulse", 1000.0, 0.05);
  const double t0 = 0.45;
  const std::vector<double> times{0.5, 1.0, 2.0};
  // Measured relative max errors: Crank-Nicolson (douglas theta=1/2) 1.05e-2 at dt = 0.01 and
  // at 0.02 alike, i.e. the spatial error of the 7-point operator for sigma = 3 voxels
  // ((dx / sigma)^2 / 8 ~ 1.4 % estimated); explicit 1.0e-3 (its time error happens to cancel
  // most of the spatial one); the first-order schemes add ~mu dt / 2 on the pulse's fastest
  // modes: douglas theta=1 1.6e-2, lod 1.4e-2 at dt = 0.005. Tolerances: 1.5e-2 for the
  // second-order (in time) results, 2.5e-2 for the first-order ones.
  const std::vector<Case> cases{
      {"douglas theta=1/2", solver(FieldScheme::douglas, 0.5), 0.02, 1.5e-2},
      {"douglas theta=1", solver(FieldScheme::douglas, 1.0), 0.005, 2.5e-2},
      {"explicit", solver(FieldScheme::explicit_euler), 0.01, 1.5e-2},
      {"lod", solver(FieldScheme::lod), 0.005, 2.5e-2},
  };
  for (const auto& c : cases) {
    const auto errors = run_pulse(lattice, spec, c.params, c.dt, t0, times);
    for (std::size_t i = 0; i < times.size(); ++i) {
      INFO(fmt::format("{} at t = {} min: relative max error {:.2e}", c.name, times[i], errors[i]));
      CHECK(errors[i] < c.tolerance);
    }
  }
}
