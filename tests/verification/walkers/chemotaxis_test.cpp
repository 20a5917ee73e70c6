// Verification of point and field chemotaxis (models/walkers/attractant.hpp): walkers drift
// towards the configured point, or up a field's gradient, at bias * p_move * dx / dt when the
// pull lies along a lattice axis (the uniform case is in random_walk_test.cpp).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>

#include "support/simulation_from_yaml.hpp"

using namespace msabm;

namespace {

/// Mean displacement along x (um) of a kind's walkers, all started in one voxel, over the run.
double mean_x_drift(Simulation& sim, const std::string& kind_name) {
  const AgentKind& kind = *sim.patches()[0].find_kind(kind_name);
  const Lattice& lat = sim.patches()[0].lattice();
  const double x0 = lat.centre(kind.voxels()[0])[0];
  for (VoxelIndex v : kind.voxels()) REQUIRE(lat.centre(v)[0] == x0);
  testing::run_to_end(sim);
  double sum = 0;
  for (VoxelIndex v : kind.voxels()) sum += lat.centre(v)[0] - x0;
  return sum / static_cast<double>(kind.size());
}

}  // namespace

TEST_CASE("chemotaxis: walkers drift towards a point at bias * p * dx / dt", "[verification][walkers][chemotaxis]") {
  // D = 10 um^2/min, dx = 10 um, dt = 1 min: p_move = 0.6; bias 0.5: v = 3 um/min, 300 um in
  // 100 min. "far" starts 10 voxels from the -x face and is drawn to a point 20 mm ahead on its
  // axis: the pull stays within 0.003 rad of +x, so the drift is 300 um (sd of the mean of
  // 10000 walkers 0.6 um; 1.5 % is > 7 sd). "left" and "right" start 95 voxels either side of
  // a point inside the lattice and both drift towards it: at most 300 um (a pull off the axis
  // splits the biased steps between axes) and at least 90 % of it (their lateral spread, sd
  // ~35 um at the end, stays small against the 650 um still between them and the point).
  const auto yaml = [](const char* x0, const char* centre) {
    return fmt::format(R"(
seed: 4
time: {{step: "1 min", duration: "100 min", sort_interval: "0 min"}}
patches:
  p:
    lattice: {{dims: [201, 61, 61], voxel_size: "10 um", capacity: 60000}}
    agents:
      w:
        model: walker
        count: 10000
        placement: {{shape: sphere, centre: ["{x0} um", "305 um", "305 um"], radius: "1 um"}}
        motility: {{diffusivity: "10 um^2/min", period: "1 min"}}
        chemotaxis: {{bias: 0.5, gradient: {{type: point, centre: ["{centre} um", "305 um", "305 um"]}}}}
)",
                       fmt::arg("x0", x0), fmt::arg("centre", centre));
  };
  struct Case {
    const char* name;
    const char* x0;
    const char* centre;
  };
  for (const auto& [kind, x0, centre] : {Case{"far", "105", "20105"}, Case{"left", "55", "1005"},
                                         Case{"right", "1955", "1005"}}) {
    auto sim = testing::simulation_from_yaml(yaml(x0, centre), 2);
    const double drift = mean_x_drift(*sim, "w");
    INFO(fmt::format("{}: mean x displacement {:.2f} um", kind, drift));
    if (std::string(kind) == "far") {
      CHECK(drift == Approx(300.0).epsilon(0.015));
    } else {
      const double towards = std::string(kind) == "left" ? drift : -drift;
      CHECK(towards <= 300.0 + 3.0);
      CHECK(towards >= 0.9 * 300.0);
    }
  }
}

TEST_CASE("chemotaxis: walkers drift up a field's gradient at bias * p * dx / dt", "[verification][walkers][chemotaxis]") {
  // A substance held at 0 on the x_min face and 100 on x_max, no flux elsewhere, filled from 0:
  // it rises monotonically along x at every time and is uniform across y and z (douglas treats
  // every line alike), so the gradient points exactly along +x wherever the walkers are and the
  // drift is that of a uniform pull, 0.5 * 0.6 * 10 um per min, from the second minute on (the
  // walkers take their first step before the field's first step, when it is 0 everywhere and
  // pulls nowhere): 99 x 3 = 297 um in 100 min (sd of the mean of 20000 walkers 0.4 um; the
  // margin 1.5 um is ~4 sd, and a pull from the first step, 300 um, falls outside). The same
  // field with the faces swapped drives them the other way.
  const auto yaml = [](const char* low_face, const char* high_face, const char* x0) {
    return fmt::format(R"(
seed: 6
time: {{step: "1 min", duration: "100 min", sort_interval: "0 min"}}
patches:
  p:
    lattice: {{dims: [101, 61, 61], voxel_size: "10 um", capacity: 60000}}
    fields:
      signal:
        units: "1/um^3"
        diffusion: "1e4 um^2/min"
        boundary: {{type: no_flux, {lo}: {{type: fixed, value: "0 1/um^3"}}, {hi}: {{type: fixed, value: "100 1/um^3"}}}}
      solver: {{scheme: douglas, theta: 1, max_stiffness: 0}}  # one backward Euler solve per step: monotone
    agents:
      w:
        model: walker
        count: 20000
        placement: {{shape: sphere, centre: ["{x0} um", "305 um", "305 um"], radius: "1 um"}}
        motility: {{diffusivity: "10 um^2/min", period: "1 min"}}
        chemotaxis: {{bias: 0.5, gradient: {{type: field, field: signal}}}}
)",
                       fmt::arg("lo", low_face), fmt::arg("hi", high_face), fmt::arg("x0", x0));
  };
  auto up = testing::simulation_from_yaml(yaml("x_min", "x_max", "105"), 2);
  const double forward = mean_x_drift(*up, "w");
  INFO(fmt::format("x_max high: mean x displacement {:.2f} um", forward));
  CHECK(forward == Approx(297.0).margin(1.5));
  auto down = testing::simulation_from_yaml(yaml("x_max", "x_min", "905"), 2);
  const double backward = mean_x_drift(*down, "w");
  INFO(fmt::format("x_min high: mean x displacement {:.2f} um", backward));
  CHECK(backward == Approx(-297.0).margin(1.5));
}
