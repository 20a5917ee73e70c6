// Crowding and bookkeeping: when capacity binds no voxel ever holds more than its capacity, the
// occupancy of every voxel equals the volume of the agents in it after motility, births and
// deaths, and a second patch changes nothing in the first.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <vector>

#include "engine/fields/field_set.hpp"
#include "support/simulation_from_yaml.hpp"

using namespace msabm;

namespace {

/// Per voxel: the volume of the agents of every kind in it.
std::vector<int> volume_per_voxel(const Patch& patch) {
  std::vector<int> used(patch.lattice().voxel_count(), 0);
  for (const auto& kind : patch.kinds()) {
    for (VoxelIndex v : kind->voxels()) used[v] += kind->volume();
  }
  return used;
}

// 6^3 voxels of capacity 4: walkers of volume 1 and 2 that move, divide fast and die slowly,
// so births are refused for room within minutes and the lattice stays full.
const char* const kCrowded = R"(
seed: 8
time: {step: "1 min", duration: "60 min", sort_interval: "10 min"}
patches:
  p:
    lattice: {dims: [6, 6, 6], voxel_size: "10 um", capacity: 4}
    agents:
      small:
        model: walker
        count: 200
        motility: {diffusivity: "10 um^2/min", period: "1 min"}
        population: {division_rate: "0.2 1/min", death_rate: "0.01 1/min", period: "1 min"}
      large:
        model: walker
        count: 100
        volume: 2
        motility: {diffusivity: "5 um^2/min", period: "1 min"}
        population: {division_rate: "0.2 1/min", death_rate: "0.01 1/min", period: "2 min"}
)";

}  // namespace

TEST_CASE("crowding: capacity binds, no voxel above it, occupancy = agents after every step", "[verification][walkers][crowding]") {
  for (int threads : {1, 2}) {
    auto sim = testing::simulation_from_yaml(kCrowded, threads);
    const Patch& patch = sim->patches()[0];
    const int capacity = patch.occupancy().capacity();
    const int room = capacity * static_cast<int>(patch.lattice().voxel_count());  // 864
    int full_steps = 0;
    while (!sim->finished()) {
      sim->step();
      const std::vector<int> used = volume_per_voxel(patch);
      int total = 0;
      bool matches = true, within = true;
      for (std::size_t v = 0; v < used.size(); ++v) {
        matches = matches && patch.occupancy().used(static_cast<VoxelIndex>(v)) == used[v];
        within = within && used[v] <= capacity;
        total += used[v];
      }
      INFO(fmt::format("{} threads, tick {}: {} of {} units used", threads, sim->tick(), total, room));
      REQUIRE(matches);
      REQUIRE(within);
      if (total >= room - 40) ++full_steps;
    }
    // Unchecked growth at 0.19/min from 400 units would reach ~36000 units in 60 min: the
    // lattice (864) fills within ~20 min and stays within 5 % of full for the rest, deaths
    // (1 %/min) refilled by the births that find room.
    CHECK(full_steps >= 30);
  }
}

TEST_CASE("two patches: a second patch leaves the first one's run unchanged", "[verification][walkers][patches]") {
  // Random streams are keyed by patch and kind names, and patches share nothing but the clock:
  // the first patch's agents end in the same voxels with or without a second, busier patch.
  const std::string first = R"(
seed: 12
time: {step: "1 min", duration: "40 min", sort_interval: "10 min"}
patches:
  a:
    lattice: {dims: [12, 12, 12], voxel_size: "10 um", capacity: 3}
    fields:
      signal: {units: "1/um^3", diffusion: "100 um^2/min", decay: "0.1 1/min"}
    agents:
      prey:
        model: target
        count: 300
        exchange: [{field: signal, secretion: "10 1/min"}]
      w:
        model: walker
        count: 600
        motility: {diffusivity: "10 um^2/min"}
        chemotaxis: {bias: 0.3, gradient: {type: field, field: signal}}
        contact: {prey: prey, kill_rate: "0.05 1/min"}
        population: {division_rate: "0.01 1/min", death_rate: "0.005 1/min"}
)";
  const std::string second = R"(
  b:
    lattice: {dims: [8, 9, 10], voxel_size: "20 um", capacity: 2}
    fields:
      signal: {units: "1/um^3", diffusion: "400 um^2/min", decay: "0.2 1/min"}
    agents:
      w:
        model: walker
        count: 900
        motility: {diffusivity: "40 um^2/min"}
        population: {division_rate: "0.02 1/min", death_rate: "0.01 1/min"}
)";
  auto alone = testing::simulation_from_yaml(first, 2);
  auto both = testing::simulation_from_yaml(first + second, 2);
  testing::run_to_end(*alone);
  testing::run_to_end(*both);
  REQUIRE(both->patches().size() == 2);
  const Patch& a1 = alone->patches()[0];
  const Patch& a2 = *both->find_patch("a");
  for (const char* kind : {"prey", "w"}) {
    INFO(kind);
    const auto v1 = a1.find_kind(kind)->voxels();
    const auto v2 = a2.find_kind(kind)->voxels();
    CHECK(std::vector<VoxelIndex>(v1.begin(), v1.end()) == std::vector<VoxelIndex>(v2.begin(), v2.end()));
  }
  CHECK(a1.find_kind("prey")->size() < 300);  // the first patch did something
  const auto f1 = a1.fields()->values(0);
  const auto f2 = a2.fields()->values(0);
  CHECK(std::vector<double>(f1.begin(), f1.end()) == std::vector<double>(f2.begin(), f2.end()));
  // The second patch ran too, on its own lattice.
  const Patch& b = *both->find_patch("b");
  CHECK(b.find_kind("w")->size() != 900);
  CHECK(b.fields()->total_mass(0) == 0.0);  // nothing secretes there
  CHECK(alone->state_digest() != both->state_digest());
}
