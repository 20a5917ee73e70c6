// Verification: observed orders of convergence of the field solver.
//  - in dt: douglas with theta = 1 is first order, with theta = 1/2 second order (3D pulse,
//    errors against a reference with the same grid and a 16x finer step);
//  - in dx: the 7-point (here 3-point, 1D) finite-volume operator is second order (errors
//    against the analytic heat kernel, time error made negligible).
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <cmath>

#include "engine/core/parallel.hpp"
#include "verification/fields/fields_test_util.hpp"

using namespace msabm;
using namespace msabm::fields;
using namespace msabm::fields::test;

namespace {

std::vector<double> pulse_after(const Lattice& lattice, const SubstanceSpec& spec,
                                const FieldSolverParams& params, double dt, double t_end, double t0,
                                ThreadPool& pool) {
  FieldSet fields(lattice, {spec}, params);
  const auto& d = lattice.shape().dims;
  const double h = lattice.voxel_size();
  set_gaussian(fields, 0, lattice, {d[0] * h / 2, d[1] * h / 2, d[2] * h / 2}, t0);
  const int steps = static_cast<int>(std::lround(t_end / dt));
  for (int n = 0; n < steps; ++n) fields.step(dt, pool);
  const auto v = fields.values(0);
  return {v.begin(), v.end()};
}

double max_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

}  // namespace

TEST_CASE("fields: observed order of convergence in dt", "[fields][verification]") {
  ThreadPool pool(1);  // thread-count independence is tested in unit/fields
  const Lattice lattice = make_lattice(32, 32, 32, 10.0);
  const SubstanceSpec spec = substance("pulse", 1000.0, 0.1);
  const double t0 = 0.45;  // sigma0 = 30 um
  const double t_end = 0.5;
  const auto reference =
      pulse_after(lattice, spec, solver(FieldScheme::douglas, 0.5), t_end / 256, t_end, t0, pool);
  struct Expect {
    double theta;
    double order;
  };
  for (const Expect e : {Expect{1.0, 1.0}, Expect{0.5, 2.0}}) {
    std::vector<double> errors;
    for (int n : {8, 16, 32}) {
      errors.push_back(max_diff(pulse_after(lattice, spec, solver(FieldScheme::douglas, e.theta),
                                            t_end / n, t_end, t0, pool),
                                reference));
    }
    for (std::size_t i = 0; i + 1 < errors.size(); ++i) {
      const double order = std::log2(errors[i] / errors[i + 1]);
      INFO(fmt::format("theta = {}: errors {:.3e} -> {:.3e}, observed order {:.3f}", e.theta,
                       errors[i], errors[i + 1], order));
      // Asymptotic orders 1 and 2; +-0.25 allows for the pre-asymptotic range at these steps
      // (the reference's own error is below 1 % of the smallest error measured).
      CHECK(std::abs(order - e.order) < 0.25);
    }
  }
}

TEST_CASE("fields: observed order of convergence in dx", "[fields][verification]") {
  ThreadPool pool(1);
  const double length = 800.0;  // um; faces >= 6 sigma from the pulse
  const double t0 = 1.25;       // sigma0 = 50 um
  const double t_end = 1.0;
  SubstanceSpec spec = substance("pulse", 1000.0, 0.0);
  std::vector<double> errors;
  for (double dx : {20.0, 10.0, 5.0}) {
    const int n = static_cast<int>(std::lround(length / dx));
    const Lattice lattice = make_lattice(n, 1, 1, dx);
    FieldSet fields(lattice, {spec}, solver(FieldScheme::douglas, 0.5));
    const std::array<double, 3> centre{length / 2, dx / 2, dx / 2};
    set_gaussian(fields, 0, lattice, centre, t0);
    // Crank-Nicolson at dt = 1e-3 min: time error ~1e-7, far below the spatial error.
    for (int s = 0; s < 1000; ++s) fields.step(t_end / 1000, pool);
    errors.push_back(gaussian_error(fields, 0, lattice, centre, t0, t_end));
  }
  for (std::size_t i = 0; i + 1 < errors.size(); ++i) {
    const double order = std::log2(errors[i] / errors[i + 1]);
    INFO(fmt::format("errors {:.3e} -> {:.3e}, observed order {:.3f}", errors[i], errors[i + 1],
                     order));
    CHECK(std::abs(order - 2.0) < 0.2);  // second-order operator; 0.2 for higher-order terms
  }
}
