// Verification of the walker's lattice random walk against analytic results:
// mean squared displacement 6 D t, chemotactic drift bias * p * dx / dt, and a birth-death
// population whose mean follows N0 exp((b - d) t).
#include <catch2/catch.hpp>

#include <cmath>
#include <fmt/format.h>

#include "support/simulation_from_yaml.hpp"

using namespace msabm;

namespace {

// 20000 walkers start in the centre voxel of a 61^3 lattice whose capacity never binds.
std::string walk_config(double diffusivity, double bias, int nx) {
  return fmt::format(R"(
seed: 11
time: {{step: "1 min", duration: "100 min", sort_interval: "0 min"}}
patches:
  box:
    lattice: {{dims: [{nx}, 61, 61], voxel_size: "10 um", capacity: 60000}}
    agents:
      w:
        model: walker
        count: 20000
        placement: {{shape: sphere, centre: ["{x0} um", "305 um", "305 um"], radius: "1 um"}}
        motility: {{diffusivity: "{D} um^2/min", period: "1 min"}}
        chemotaxis: {{bias: {bias}, gradient: {{type: uniform, direction: [1, 0, 0]}}}}
)",
                     fmt::arg("nx", nx), fmt::arg("x0", nx == 61 ? 305 : 105),
                     fmt::arg("D", diffusivity), fmt::arg("bias", bias));
}

struct Displacements {
  double mean[3] = {0, 0, 0};
  double mean_squared = 0;
};

Displacements run_walk(Simulation& sim) {
  AgentKind& kind = *sim.patches()[0].kinds()[0];
  const Lattice& lat = sim.patches()[0].lattice();
  const VoxelIndex start = kind.voxels()[0];
  for (VoxelIndex v : kind.voxels()) REQUIRE(v == start);
  testing::run_to_end(sim);
  Displacements d;
  const auto c0 = lat.centre(start);
  for (VoxelIndex v : kind.voxels()) {
    const auto c = lat.centre(v);
    for (int a = 0; a < 3; ++a) {
      d.mean[a] += c[a] - c0[a];
      d.mean_squared += (c[a] - c0[a]) * (c[a] - c0[a]);
    }
  }
  const auto n = static_cast<double>(kind.size());
  for (double& m : d.mean) m /= n;
  d.mean_squared /= n;
  return d;
}

}  // namespace

TEST_CASE("walkers: unbiased mean squared displacement is 6 D t", "[verification][walkers]") {
  // D = 10 um^2/min, dx = 10 um, dt = 1 min: jump probability 0.6. After t = 100 min each axis
  // has sd sqrt(2 D t) = 45 um, 6.8 sd from the faces, so boundaries do not matter.
  // r^2 of one walker is ~ sigma^2 chi^2_3 with relative sd sqrt(6)/3 = 0.82; the mean of
  // 20000 has relative sd 0.58 %, and the 3 % tolerance is 5 standard errors.
  auto sim = testing::simulation_from_yaml(walk_config(10.0, 0.0, 61), 2);
  const Displacements d = run_walk(*sim);
  const double expected = 6.0 * 10.0 * 100.0;
  CHECK(d.mean_squared == Approx(expected).epsilon(0.03));
  // And no drift: the mean of each axis has sd sqrt(2 D t / N) = 0.32 um.
  for (double m : d.mean) CHECK(std::abs(m) < 1.6);
}

TEST_CASE("walkers: chemotactic drift velocity is bias * p * dx / dt", "[verification][walkers]") {
  // bias 0.5, p = 0.6, dx = 10 um: v = 3 um/min along +x, 300 um after 100 min (start 10
  // voxels from the -x face of a 101-voxel lattice, 60 voxels of room ahead). The per-walker
  // x displacement has sd ~ 56 um, so the mean of 20000 has sd 0.4 um; 1 % (3 um) is > 7 sd.
  auto sim = testing::simulation_from_yaml(walk_config(10.0, 0.5, 101), 2);
  const Displacements d = run_walk(*sim);
  CHECK(d.mean[0] / 100.0 == Approx(3.0).epsilon(0.01));
  CHECK(std::abs(d.mean[1]) < 2.0);  // 5 sd of a driftless axis (sd ~ 0.35 um)
  CHECK(std::abs(d.mean[2]) < 2.0);
}

TEST_CASE("walkers: birth-death population follows its ODE mean", "[verification][walkers]") {
  // b = 0.01/min, d = 0.004/min, N0 = 20000, t = 100 min: E N = N0 e^{0.6} = 36442.
  // For the linear birth-death process Var N = N0 (b+d)/(b-d) e^{(b-d)t} (e^{(b-d)t} - 1),
  // sd = 264 (0.73 %); the tolerance 1320 is 5 sd. Capacity 1000 per voxel never binds.
  const std::string yaml = R"(
seed: 5
time: {step: "1 min", duration: "100 min"}
patches:
  box:
    lattice: {dims: [30, 30, 30], voxel_size: "10 um", capacity: 1000}
    agents:
      w:
        model: walker
        count: 20000
        population: {division_rate: "0.01 1/min", death_rate: "0.004 1/min", period: "1 min"}
)";
  for (int threads : {1, 2}) {
    auto sim = testing::simulation_from_yaml(yaml, threads);
    testing::run_to_end(*sim);
    const double n = static_cast<double>(sim->patches()[0].kinds()[0]->size());
    CHECK(n == Approx(20000.0 * std::exp(0.6)).margin(1320.0));
  }
}
