// Verification of the walkers' persistent walk (motility.persistence_time, motility.speed;
// models/walkers/motility.hpp) against the exact moments of PhysiCell's motility: headings
// renewed with probability q = 1 - exp(-dt / tau) per period (none, and no motion, before the
// first renewal), positions (voxel centre + offset) moved by v dt d per period.
#include <catch2/catch.hpp>

#include <cmath>
#include <fmt/format.h>

#include "support/simulation_from_yaml.hpp"

using namespace msabm;

namespace {

constexpr int kWalkers = 20000;
constexpr int kPeriods = 40;

// Walkers start in the centre voxel of a 61^3 lattice (10 um voxels) whose capacity never binds.
std::string persistent_config(double speed, double tau, double bias) {
  return fmt::format(R"(
seed: 5
time: {{step: "1 min", duration: "{T} min", sort_interval: "0 min"}}
patches:
  box:
    lattice: {{dims: [61, 61, 61], voxel_size: "10 um", capacity: 60000}}
    agents:
      w:
        model: walker
        count: {n}
        placement: {{shape: sphere, centre: ["305 um", "305 um", "305 um"], radius: "1 um"}}
        motility: {{speed: "{v} um/min", persistence_time: "{tau} min", period: "1 min"}}
        chemotaxis: {{bias: {bias}, gradient: {{type: uniform, direction: [1, 0, 0]}}}}
)",
                     fmt::arg("T", kPeriods), fmt::arg("n", kWalkers), fmt::arg("v", speed), fmt::arg("tau", tau),
                     fmt::arg("bias", bias));
}

struct Moments {
  std::array<double, 3> mean{};
  double mean_squared = 0;
};

std::span<const float> column(const AgentKind& kind, const std::string& name) {
  for (const auto& c : kind.columns()) {
    if (c.name == name) return std::get<std::vector<float>>(c.values);
  }
  FAIL("no column " << name);
  return {};
}

Moments run_walk(const std::string& yaml) {
  auto sim = testing::simulation_from_yaml(yaml, 2);
  AgentKind& kind = *sim->patches()[0].kinds()[0];
  const Lattice& lat = sim->patches()[0].lattice();
  const auto c0 = lat.centre(kind.voxels()[0]);
  testing::run_to_end(*sim);
  const std::array<std::span<const float>, 3> offset{column(kind, "offset_x"), column(kind, "offset_y"),
                                                     column(kind, "offset_z")};
  Moments m;
  for (std::size_t i = 0; i < kind.size(); ++i) {
    const auto c = lat.centre(kind.voxels()[i]);
    for (int a = 0; a < 3; ++a) {
      // Inside its voxel, [-dx/2, dx/2) on each axis.
      CHECK((offset[a][i] >= -5.0f && offset[a][i] < 5.0f));
      const double x = c[a] + offset[a][i] - c0[a];
      m.mean[a] += x / kWalkers;
      m.mean_squared += x * x / kWalkers;
    }
  }
  return m;
}

/// Probability that a walker has a heading in period k (0-based): a renewal in periods 0..k.
double has_heading(double q, int k) { return 1.0 - std::pow(1.0 - q, k + 1); }

}  // namespace

TEST_CASE("persistent walk: mean squared displacement of PhysiCell's persistent walk", "[verification][walkers]") {
  const double v = 3, tau = 10, dt = 1;
  const double q = 1.0 - std::exp(-dt / tau);
  // X = sum_k v dt d_k over the periods with a heading: E[d_k . d_l] = h_k (1 - q)^(l - k) for
  // k <= l (the same heading, unrenewed; a renewal draws an independent uniform direction).
  double expected = 0;
  for (int k = 0; k < kPeriods; ++k) {
    expected += v * v * dt * dt * has_heading(q, k);
    for (int l = k + 1; l < kPeriods; ++l) expected += 2 * v * v * dt * dt * has_heading(q, k) * std::pow(1 - q, l - k);
  }
  const Moments m = run_walk(persistent_config(v, tau, 0.0));
  INFO("MSD " << m.mean_squared << " um^2, expected " << expected);
  // 20000 walkers: the MSD's relative standard error is about 1 %.
  CHECK(m.mean_squared == Approx(expected).epsilon(0.04));
  // A walk without persistence (a fresh direction every period) would give only the first sum.
  double fresh = 0;
  for (int k = 0; k < kPeriods; ++k) fresh += v * v * dt * dt * has_heading(q, k);
  CHECK(m.mean_squared > 3 * fresh);
  for (int a = 0; a < 3; ++a) CHECK(std::abs(m.mean[a]) < 1.5);  // unbiased: no drift
}

TEST_CASE("persistent walk: the mean velocity is speed x heading", "[verification][walkers]") {
  // bias 1 along +x: every heading is +x, so each walker has moved v dt per period since its
  // first renewal: mean x displacement sum_k v dt h_k, the off-lattice cell's.
  const double v = 3, tau = 10;
  const double q = 1.0 - std::exp(-1.0 / tau);
  double expected = 0;
  for (int k = 0; k < kPeriods; ++k) expected += v * has_heading(q, k);
  const Moments m = run_walk(persistent_config(v, tau, 1.0));
  INFO("mean x " << m.mean[0] << " um, expected " << expected);
  CHECK(m.mean[0] == Approx(expected).epsilon(0.01));
  CHECK(std::abs(m.mean[1]) < 1e-6);
  CHECK(std::abs(m.mean[2]) < 1e-6);
}

TEST_CASE("persistent walk: bad keys are reported", "[verification][walkers]") {
  std::string both = persistent_config(3, 10, 0);
  both.replace(both.find("speed:"), 0, "diffusivity: \"1 um^2/min\", ");
  CHECK_THROWS_WITH(testing::simulation_from_yaml(both), Catch::Contains("remove diffusivity"));
  std::string too_fast = persistent_config(6, 10, 0);  // 6 um per period in 10 um voxels
  CHECK_THROWS_WITH(testing::simulation_from_yaml(too_fast), Catch::Contains("more than one face"));
}
