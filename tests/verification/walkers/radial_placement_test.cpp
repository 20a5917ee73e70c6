// Verification of `placement: {shape: radial_normal, ...}` (engine/core/placement.hpp): the
// placed agents' distances from the centre have the configured mean and standard deviation (up
// to the voxel's rounding), their directions are uniform, and a ring without room is reported.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>

#include "engine/config/error.hpp"
#include "support/simulation_from_yaml.hpp"

using namespace msabm;

namespace {

std::string ring(int count, int capacity, double sd = 10, const std::string& motility = "") {
  return fmt::format(R"(
seed: 3
time: {{step: "1 min", duration: "1 min"}}
patches:
  p:
    lattice: {{dims: [100, 100, 100], voxel_size: "4 um", capacity: {cap}}}
    agents:
      w:
        model: walker
        count: {n}
        placement: {{shape: radial_normal, centre: ["200 um", "200 um", "200 um"], mean_radius: "120 um", sd_radius: "{sd} um"}}
{motility}
)",
                     fmt::arg("n", count), fmt::arg("cap", capacity), fmt::arg("sd", sd), fmt::arg("motility", motility));
}

}  // namespace

TEST_CASE("radial_normal placement: radius mean and sd, uniform directions", "[verification][walkers]") {
  const int n = 20000;
  auto sim = testing::simulation_from_yaml(ring(n, 4));
  const AgentKind& kind = *sim->patches()[0].find_kind("w");
  const Lattice& lat = sim->patches()[0].lattice();
  REQUIRE(kind.size() == static_cast<std::size_t>(n));
  double sum = 0, sum2 = 0;
  std::array<double, 3> direction{};
  for (VoxelIndex v : kind.voxels()) {
    const auto c = lat.centre(v);
    const double r = std::hypot(c[0] - 200, c[1] - 200, c[2] - 200);
    sum += r;
    sum2 += r * r;
    for (int a = 0; a < 3; ++a) direction[a] += (c[a] - 200) / r / n;
  }
  const double mean = sum / n;
  const double sd = std::sqrt(sum2 / n - mean * mean);
  // Voxel centres round a point by up to 2 um per axis: the sd grows to sqrt(10^2 + 4^2 / 12)
  // = 10.07 um; the mean's standard error is 10 / sqrt(20000) = 0.07 um.
  CHECK(mean == Approx(120.0).margin(0.4));
  CHECK(sd == Approx(10.07).margin(0.3));
  for (double d : direction) CHECK(std::abs(d) < 0.02);  // E[unit vector] = 0; se 0.004
}

TEST_CASE("radial_normal placement: a persistent walker starts at its drawn point", "[verification][walkers]") {
  // Persistent walkers keep their position within the voxel: centre + offset is the drawn
  // point, so the radii have exactly the configured mean and sd (no voxel rounding).
  const int n = 20000;
  auto sim = testing::simulation_from_yaml(
      ring(n, 4, 10, R"(        motility: {speed: "1 um/min", persistence_time: "10 min"})"));
  const AgentKind& kind = *sim->patches()[0].find_kind("w");
  const Lattice& lat = sim->patches()[0].lattice();
  std::array<std::span<const float>, 3> offset;
  for (const auto& c : kind.columns()) {
    for (int a = 0; a < 3; ++a) {
      if (c.name == std::string("offset_") + "xyz"[a]) offset[a] = std::get<std::vector<float>>(c.values);
    }
  }
  REQUIRE(offset[2].size() == static_cast<std::size_t>(n));
  double sum = 0, sum2 = 0;
  for (std::size_t i = 0; i < kind.size(); ++i) {
    const auto c = lat.centre(kind.voxels()[i]);
    double r2 = 0;
    for (int a = 0; a < 3; ++a) {
      CHECK((offset[a][i] >= -2.0f && offset[a][i] <= 2.0f));  // within its 4 um voxel
      r2 += (c[a] + offset[a][i] - 200) * (c[a] + offset[a][i] - 200);
    }
    sum += std::sqrt(r2);
    sum2 += r2;
  }
  const double mean = sum / n;
  CHECK(mean == Approx(120.0).margin(0.3));  // se 0.07 um
  CHECK(std::sqrt(sum2 / n - mean * mean) == Approx(10.0).margin(0.2));
}

TEST_CASE("radial_normal placement: a ring without room is reported at the placement",
          "[verification][walkers]") {
  // Capacity 1 on 4 um voxels: a sphere of 120 um crosses some 20 thousand voxels, and a ring of
  // sd 0.1 um barely more, so 50 thousand agents find no room.
  CHECK_THROWS_WITH(testing::simulation_from_yaml(ring(50'000, 1, 0.1)),
                    Catch::Contains("placement") && Catch::Contains("found room"));
}
