// The protocol from YAML: times relative to day 0 (before it too), repetition, conditions on
// readouts, and parameter changes for a while; bad events fail at load naming file:line.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <vector>

#include "support/simulation_from_yaml.hpp"

using namespace msabm;

namespace {
const char* const kBase = R"(
seed: 3
time: {step: "1 h", duration: "20 d", day_zero: "10 d", sort_interval: "0 min"}
patches:
  p:
    lattice: {dims: [10, 10, 10], voxel_size: "10 um", capacity: 4}
    agents:
      prey: {model: target, count: 50}
      hunter:
        model: walker
        count: 20
        motility: {diffusivity: "0.1 um^2/min", period: "1 h"}
        contact: {prey: prey, kill_rate: "0.001 1/min", period: "1 h"}
readouts:
  hunters: {model: kind_count, patch: p, kind: hunter}
)";

std::unique_ptr<Simulation> with_protocol(const std::string& protocol) {
  return testing::simulation_from_yaml(std::string(kBase) + "protocol:\n" + protocol);
}
}  // namespace

TEST_CASE("protocol config: day 0, negative days, repetition and counts", "[protocol][config]") {
  auto sim = with_protocol(R"(
  - {at: "-6 d", action: add_agents, patch: p, kind: hunter, count: 5}
  - {at: "0 d", every: "2 d", times: 3, action: add_agents, patch: p, kind: hunter, count: 1}
  - {at: "-10 d", every: "5 d", until: "0 d", action: add_agents, patch: p, kind: hunter, count: 2}
)");
  const auto& events = sim->protocol().events();
  REQUIRE(events.size() == 3);
  CHECK(events[0].first_tick == 4 * 24);   // day -6 is day 4 of the run
  CHECK(events[1].first_tick == 10 * 24);  // day 0
  CHECK(events[2].first_tick == 0);        // the run's first tick
  testing::run_to_end(*sim);
  CHECK(sim->protocol().fired(0) == 1);
  CHECK(sim->protocol().fired(1) == 3);  // days 0, 2, 4
  CHECK(sim->protocol().fired(2) == 3);  // days -10, -5, 0
  CHECK(sim->find_patch("p")->find_kind("hunter")->size() == 20 + 5 + 3 + 6);
}

TEST_CASE("protocol config: a condition on a readout, and parameters scaled for a while", "[protocol][config]") {
  auto sim = with_protocol(R"(
  - {at: "-9 d", action: add_agents, patch: p, kind: hunter, count: 10}
  - {at: "-10 d", when: {readout: hunters, above: 25, check_every: "1 d"}, action: scale_parameter,
     parameter: p.hunter.kill_rate, factor: 0.5, for: "3 d"}
)");
  const ParameterHandle rate = sim->parameters().handle("p.hunter.kill_rate");
  while (sim->tick() < 24) sim->advance(24);
  CHECK(sim->parameters().value(rate) == Approx(0.001));  // day -10: 20 hunters, not yet
  while (sim->tick() < 49) sim->advance(49);              // day -8 at tick 48: 30 > 25
  CHECK(sim->protocol().fired(1) == 1);
  CHECK(sim->parameters().value(rate) == Approx(0.0005));
  while (sim->tick() < 48 + 3 * 24) sim->advance(48 + 3 * 24);
  CHECK(sim->parameters().value(rate) == Approx(0.001));  // three days later, back to base
}

TEST_CASE("protocol config: bad events fail at load with file:line and the key", "[protocol][config]") {
  auto fails_with = [](const std::string& protocol, const std::string& text) {
    try {
      with_protocol(protocol);
      FAIL("accepted: " << protocol);
    } catch (const ConfigError& e) {
      INFO(e.what());
      CHECK_THAT(e.what(), Catch::Contains("test.yaml:") && Catch::Contains(text));
    }
  };
  fails_with("  - {at: \"-11 d\", action: add_agents, patch: p, kind: hunter, count: 1}\n", "before the run starts");
  fails_with("  - {at: \"1 d\", action: set_parameter, parameter: p.hunter.speed, value: \"1 1/min\"}\n",
             "no model parameter named 'p.hunter.speed'");
  fails_with("  - {at: \"1 d\", action: set_parameter, parameter: p.hunter.kill_rate, value: \"1 um\"}\n", "value");
  fails_with("  - {at: \"1 d\", when: {readout: nothing, above: 1}, action: add_agents, patch: p, kind: hunter}\n",
             "no readout named 'nothing'");
  fails_with("  - {at: \"1 d\", every: \"90 min\", action: add_agents, patch: p, kind: hunter}\n",
             "whole multiple");
  fails_with("  - {at: \"1 d\", action: create_patch, template: none, name: x}\n", "no patch template");
}

TEST_CASE("protocol config: add_agents and remove_agents act on their counts and regions", "[protocol][config]") {
  // Static targets (nothing moves, nothing dies but by the protocol) on a 10^3 lattice of
  // 10 um voxels, 100 placed by the config anywhere.
  const std::string base = R"(
seed: 4
time: {step: "1 h", duration: "4 h", sort_interval: "0 min"}
patches:
  p:
    lattice: {dims: [10, 10, 10], voxel_size: "10 um", capacity: 4}
    agents:
      t: {model: target, count: 100, placement: {shape: box, min: ["0 um", "0 um", "0 um"], max: ["100 um", "100 um", "40 um"]}}
protocol:
  # 150 new agents in the upper half (z centres 55..95 um), at hour 1
  - {at: "1 h", action: add_agents, patch: p, kind: t, count: 150,
     region: {shape: box, min: ["0 um", "0 um", "50 um"], max: ["100 um", "100 um", "100 um"]}}
  # then every agent in the upper half goes, and none of the lower
  - {at: "2 h", action: remove_agents, patch: p, kind: t, fraction: 1,
     region: {shape: box, min: ["0 um", "0 um", "50 um"], max: ["100 um", "100 um", "100 um"]}}
  # then half of those left, anywhere
  - {at: "3 h", action: remove_agents, patch: p, kind: t, fraction: 0.5}
)";
  auto sim = testing::simulation_from_yaml(base);
  const Patch& patch = *sim->find_patch("p");
  const AgentKind& t = *patch.find_kind("t");
  const auto upper = [&] {
    int n = 0;
    for (VoxelIndex v : t.voxels()) n += patch.lattice().centre(v)[2] > 50.0 ? 1 : 0;
    return n;
  };
  REQUIRE(t.size() == 100);
  REQUIRE(upper() == 0);
  while (sim->tick() < 2) sim->advance(2);
  CHECK(t.size() == 250);
  CHECK(upper() == 150);  // every added agent in its region
  while (sim->tick() < 3) sim->advance(3);
  CHECK(t.size() == 100);  // the upper half emptied, the lower untouched
  CHECK(upper() == 0);
  while (sim->tick() < 4) sim->advance(4);
  // Each of the 100 goes with probability 1/2: sd 5, the band is 4 sd.
  CHECK(std::abs(static_cast<int>(t.size()) - 50) <= 20);
  // Occupancy follows: every voxel holds exactly its agents.
  std::vector<int> count(patch.lattice().voxel_count(), 0);
  for (VoxelIndex v : t.voxels()) ++count[v];
  for (std::size_t v = 0; v < count.size(); ++v) REQUIRE(patch.occupancy().used(static_cast<VoxelIndex>(v)) == count[v]);
}
