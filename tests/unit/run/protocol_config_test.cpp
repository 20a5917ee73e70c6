// The protocol from YAML: times relative to day 0 (before it too), repetition, conditions on
// readouts, and parameter changes for a while; bad events fail at load naming file:line.
#include <catch2/catch.hpp>

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
