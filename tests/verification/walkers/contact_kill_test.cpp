// Verification of the walkers' contact killing (models/walkers/contact_kill.hpp): reach is the
// killer's voxel and its 6 face neighbours, a killer kills at most one prey per period, and a
// killer with prey in reach kills with probability 1 - exp(-kill_rate dt) per period.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>

#include "support/simulation_from_yaml.hpp"

using namespace msabm;

namespace {

double kills_readout(const Simulation& sim) {
  for (const Readout& r : sim.readouts()) {
    if (r.name == "p.k.kills") return r.measure(sim);
  }
  FAIL("no readout p.k.kills");
  return -1;
}

/// One static killer in voxel (5, 5, 5) of an 11^3 lattice (10 um voxels, centres at 5 + 10 i
/// um) and `prey` prey in one voxel `prey_at`, 30 one-minute periods.
std::string one_killer(const std::string& prey_at, int prey, const std::string& rate) {
  return fmt::format(R"(
seed: 2
time: {{step: "1 min", duration: "30 min", sort_interval: "0 min"}}
patches:
  p:
    lattice: {{dims: [11, 11, 11], voxel_size: "10 um", capacity: 400}}
    agents:
      prey:
        model: target
        count: {prey}
        placement: {{shape: sphere, centre: [{at}], radius: "1 um"}}
      k:
        model: walker
        count: 1
        placement: {{shape: sphere, centre: ["55 um", "55 um", "55 um"], radius: "1 um"}}
        contact: {{prey: prey, kill_rate: "{rate}"}}
)",
                     fmt::arg("prey", prey), fmt::arg("at", prey_at), fmt::arg("rate", rate));
}

struct Outcome {
  double kills;
  std::size_t prey_left;
};

Outcome run(const std::string& yaml) {
  auto sim = testing::simulation_from_yaml(yaml);
  testing::run_to_end(*sim);
  return {kills_readout(*sim), sim->patches()[0].find_kind("prey")->size()};
}

}  // namespace

TEST_CASE("contact kill: reach is the own voxel and the 6 face neighbours", "[verification][walkers][contact]") {
  // kill_rate 1000 1/min: 1 - exp(-1000) is 1.0 in double, so a prey in reach dies at once.
  const std::string sure = "1000 1/min";
  // Own voxel and a face neighbour: killed in the first period.
  CHECK(run(one_killer(R"("55 um", "55 um", "55 um")", 1, sure)).kills == 1.0);
  CHECK(run(one_killer(R"("65 um", "55 um", "55 um")", 1, sure)).kills == 1.0);
  CHECK(run(one_killer(R"("55 um", "55 um", "45 um")", 1, sure)).kills == 1.0);
  // An edge diagonal, a body diagonal and two voxels away are out of reach for the whole run.
  for (const char* far : {R"("65 um", "65 um", "55 um")", R"("65 um", "65 um", "65 um")",
                          R"("75 um", "55 um", "55 um")"}) {
    INFO("prey at " << far);
    const Outcome o = run(one_killer(far, 1, sure));
    CHECK(o.kills == 0.0);
    CHECK(o.prey_left == 1);
  }
}

TEST_CASE("contact kill: one prey per killer per period", "[verification][walkers][contact]") {
  // 300 prey in reach and certain killing: exactly one kill in each of the 30 periods, so
  // 30 kills and 270 prey left (a killer that took all it could reach would leave none).
  const Outcome o = run(one_killer(R"("65 um", "55 um", "55 um")", 300, "1000 1/min"));
  CHECK(o.kills == 30.0);
  CHECK(o.prey_left == 270);
}

TEST_CASE("contact kill: kills follow 1 - exp(-kill_rate dt) per period in contact", "[verification][walkers][contact]") {
  // 200 static killers, one per voxel of the inner 8^3 box of a 12^3 lattice, and 20 prey in
  // every voxel: each killer has 140 prey in reach for all 100 periods (it kills ~5), so its
  // kills are Binomial(100, p), p = 1 - exp(-0.05) = 0.04877. Two killers claim the same prey
  // in one period with probability < p^2 / 140 per pair of neighbours: negligible. Total:
  // mean 20000 p = 975.4, sd sqrt(20000 p (1 - p)) = 30.4; the band is 4 sd. With p = k dt
  // instead (0.05) the mean would be 1000, inside; a rate off by 15 % falls outside.
  const std::string yaml = R"(
seed: 9
time: {step: "1 min", duration: "100 min", sort_interval: "0 min"}
patches:
  p:
    lattice: {dims: [12, 12, 12], voxel_size: "10 um", capacity: 40}
    agents:
      prey: {model: target, count: 34560}
      k:
        model: walker
        count: 200
        placement: {shape: box, min: ["20 um", "20 um", "20 um"], max: ["100 um", "100 um", "100 um"]}
        contact: {prey: prey, kill_rate: "0.05 1/min"}
)";
  auto sim = testing::simulation_from_yaml(yaml, 2);
  const AgentKind& killers = *sim->patches()[0].find_kind("k");
  REQUIRE(killers.size() == 200);
  for (VoxelIndex v : killers.voxels()) {  // the inner box: every killer has 7 full voxels in reach
    const auto c = sim->patches()[0].lattice().coords(v);
    for (int a : c) REQUIRE((a >= 2 && a <= 9));
  }
  testing::run_to_end(*sim);
  const double p = 1.0 - std::exp(-0.05);
  const double mean = 200 * 100 * p;
  const double sd = std::sqrt(200 * 100 * p * (1 - p));
  const double kills = kills_readout(*sim);
  INFO(fmt::format("kills {} (expected {:.1f} +- {:.1f})", kills, mean, sd));
  CHECK(std::abs(kills - mean) < 4 * sd);
  CHECK(static_cast<double>(34560 - sim->patches()[0].find_kind("prey")->size()) == kills);
}
