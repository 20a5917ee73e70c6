// Verification of attach-then-kill (contact.attach; models/walkers/attach_kill.hpp) against its
// rate laws: an attached pair's kill is 1 - exp(-k s t), attachment and detachment make the
// two-state chain whose attached share is pa / (pa + pd) (1 - (1 - pa - pd)^m), attachment
// reaches only as far as max_distance, and the prey's trait scales the rates.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "models/walkers/traits.hpp"
#include "support/command.hpp"
#include "support/simulation_from_yaml.hpp"

using namespace msabm;

namespace {

constexpr int kPairs = 2000;  // one killer and one prey in each voxel of a 20 x 20 x 5 lattice

/// Static killers, one per voxel with one prey each; attachment only within the own voxel
/// (max_distance 5 um < the 10 um voxel).
std::string pairs(const std::string& attach, const std::string& kill_rate, const std::string& traits = "",
                  int n = kPairs, const std::string& dims = "[20, 20, 5]") {
  return fmt::format(R"(
seed: 4
time: {{step: "1 min", duration: "100 min", sort_interval: "0 min"}}
patches:
  p:
    lattice: {{dims: {dims}, voxel_size: "10 um", capacity: 2}}
    agents:
      prey: {{model: target, count: {n}{traits}}}
      k:
        model: walker
        count: {n}
        contact: {{prey: prey, kill_rate: "{k}", attach: {{{attach}}}}}
)",
                     fmt::arg("n", n), fmt::arg("dims", dims), fmt::arg("k", kill_rate), fmt::arg("attach", attach),
                     fmt::arg("traits", traits.empty() ? "" : ", traits: {" + traits + "}"));
}

double readout(const Simulation& sim, const std::string& name) {
  for (const Readout& r : sim.readouts()) {
    if (r.name == name) return r.measure(sim);
  }
  FAIL("no readout " << name);
  return -1;
}

std::size_t attached_count(Simulation& sim) {
  const AgentKind& k = *sim.patches()[0].find_kind("k");
  for (const auto& c : k.columns()) {
    if (c.name != "attached_to") continue;
    const auto& v = std::get<std::vector<std::uint64_t>>(c.values);
    return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](std::uint64_t x) { return x != 0; }));
  }
  FAIL("no column attached_to");
  return 0;
}

/// Binomial tolerance: 4 standard deviations of a count of n trials at probability p.
double four_sd(double n, double p) { return 4.0 * std::sqrt(n * p * (1 - p)) + 1.0; }

}  // namespace

TEST_CASE("attach-then-kill: an attached pair is killed at 1 - exp(-k t)", "[verification][walkers][contact]") {
  // Attachment is certain in the first period (rate 1000/min); kills start in the next one.
  const double k = 0.05;
  auto sim = testing::simulation_from_yaml(pairs(R"(rate: "1000 1/min", max_distance: "5 um")", "0.05 1/min"));
  sim->step();
  CHECK(attached_count(*sim) == kPairs);
  CHECK(readout(*sim, "p.k.kills") == 0.0);  // attaching took the first period
  for (int m = 2; m <= 40; ++m) {
    sim->step();
    if (m % 10 != 0) continue;
    const double p = 1.0 - std::exp(-k * (m - 1));
    INFO("after " << m << " periods");
    CHECK(std::abs(readout(*sim, "p.k.kills") - kPairs * p) < four_sd(kPairs, p));
    // A killer whose prey died is free and stays so: no prey is left in its voxel.
    CHECK(attached_count(*sim) + static_cast<std::size_t>(readout(*sim, "p.k.kills")) == kPairs);
  }
}

TEST_CASE("attach-then-kill: the prey's trait scales the kill rate", "[verification][walkers][contact]") {
  // Every prey's oncoprotein is 1.25 (sd 0): factor (1.25 - 0.5) / (2 - 0.5) = 0.5.
  auto sim = testing::simulation_from_yaml(
      pairs(R"(rate: "1000 1/min", max_distance: "5 um", scale_by: {trait: onco, threshold: 0.5, saturation: 2})",
            "0.1 1/min", "onco: {mean: 1.25, sd: 0}"));
  for (int m = 0; m < 31; ++m) sim->step();
  const double p = 1.0 - std::exp(-0.1 * 0.5 * 30);
  CHECK(std::abs(readout(*sim, "p.k.kills") - kPairs * p) < four_sd(kPairs, p));
  // Below the threshold nothing attaches or dies.
  auto below = testing::simulation_from_yaml(
      pairs(R"(rate: "1000 1/min", max_distance: "5 um", scale_by: {trait: onco, threshold: 0.5, saturation: 2})",
            "0.1 1/min", "onco: {mean: 0.4, sd: 0}"));
  for (int m = 0; m < 10; ++m) below->step();
  CHECK(attached_count(*below) == 0);
  CHECK(readout(*below, "p.k.kills") == 0.0);
}

TEST_CASE("attach-then-kill: attachment and detachment make the two-state chain",
          "[verification][walkers][contact]") {
  // Kill rate 0: each period an attached killer detaches with pd = 1 - exp(-dt / lifetime), a
  // free one attaches with pa = 1 - exp(-a dt). From all free, the attached share after m
  // periods is pa / (pa + pd) (1 - (1 - pa - pd)^m); its mean lifetime is what sets pd.
  const double a = 0.1, lifetime = 20;
  const double pa = 1 - std::exp(-a), pd = 1 - std::exp(-1 / lifetime);
  auto sim = testing::simulation_from_yaml(
      pairs(R"(rate: "0.1 1/min", max_distance: "5 um", lifetime: "20 min")", "0 1/min"));
  for (int m = 1; m <= 60; ++m) {
    sim->step();
    if (m % 15 != 0) continue;
    const double share = pa / (pa + pd) * (1 - std::pow(1 - pa - pd, m));
    INFO("after " << m << " periods");
    CHECK(std::abs(static_cast<double>(attached_count(*sim)) - kPairs * share) < four_sd(kPairs, share));
  }
  // Without detachment (lifetime 0: for ever) every killer ends attached.
  auto forever = testing::simulation_from_yaml(pairs(R"(rate: "0.1 1/min", max_distance: "5 um")", "0 1/min"));
  for (int m = 0; m < 100; ++m) forever->step();
  CHECK(attached_count(*forever) == kPairs);
}

TEST_CASE("attach-then-kill: reach is max_distance between voxel centres", "[verification][walkers][contact]") {
  // One killer in voxel (5, 5, 5) and one prey in a face neighbour (10 um between centres).
  const std::string one = R"(
seed: 2
time: {step: "1 min", duration: "20 min", sort_interval: "0 min"}
patches:
  p:
    lattice: {dims: [11, 11, 11], voxel_size: "10 um", capacity: 4}
    agents:
      prey: {model: target, count: 1, placement: {shape: sphere, centre: ["65 um", "55 um", "55 um"], radius: "1 um"}}
      k:
        model: walker
        count: 1
        placement: {shape: sphere, centre: ["55 um", "55 um", "55 um"], radius: "1 um"}
        contact: {prey: prey, kill_rate: "1000 1/min", attach: {rate: "1000 1/min", MAX}}
)";
  auto with = [&](const std::string& reach) {
    std::string y = one;
    y.replace(y.find("MAX"), 3, reach);
    auto sim = testing::simulation_from_yaml(y);
    testing::run_to_end(*sim);
    return readout(*sim, "p.k.kills");
  };
  CHECK(with(R"(max_distance: "9 um")") == 0.0);   // the face neighbour is out of reach
  CHECK(with(R"(max_distance: "11 um")") == 1.0);  // within reach: attached, then killed
  CHECK(with(R"(full_rate_distance: "10 um", max_distance: "10 um")") == 1.0);
}

TEST_CASE("traits: normal values clamped, a fixed function of the id", "[unit][walkers]") {
  walkers::TraitSpec spec;
  spec.kind = "tumour";
  spec.name = "oncoprotein";
  spec.mean = 1.0;
  spec.sd = 0.25;
  const CounterRng rng(7, spec.purpose("p"));
  double sum = 0, sum2 = 0;
  const int n = 200000;
  for (int id = 0; id < n; ++id) {
    const double x = spec.value(rng, static_cast<std::uint64_t>(id));
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  CHECK(mean == Approx(1.0).margin(0.003));
  CHECK(std::sqrt(sum2 / n - mean * mean) == Approx(0.25).margin(0.003));
  CHECK(spec.value(rng, 12345) == spec.value(rng, 12345));
  spec.min = 0.9;
  spec.max = 1.1;
  for (int id = 0; id < 1000; ++id) {
    const double x = spec.value(rng, static_cast<std::uint64_t>(id));
    CHECK((x >= 0.9 && x <= 1.1));
  }
}

TEST_CASE("attach-then-kill: the same state at 1 and 2 threads", "[verification][walkers][contact]") {
  // 20000 killers: above the 16384 at which the killers are split between threads.
  const std::string y =
      pairs(R"(rate: "0.1 1/min", max_distance: "5 um", lifetime: "20 min")", "0.05 1/min", "", 20000, "[40, 25, 20]");
  auto one = testing::simulation_from_yaml(y, 1);
  auto two = testing::simulation_from_yaml(y, 2);
  for (int m = 0; m < 20; ++m) {
    one->step();
    two->step();
  }
  CHECK(readout(*one, "p.k.kills") > 100);
  CHECK(one->state_digest() == two->state_digest());
}

TEST_CASE("attach-then-kill with traits and persistent walkers: a restart continues bit-identically",
          "[verification][walkers][contact]") {
  // The state a restart must carry: attachments, headings and offsets (columns); the traits are
  // functions of the ids and the seed.
  const std::string config = R"(seed: 9
time: {step: "1 min", duration: "40 min"}
patches:
  p:
    lattice: {dims: [12, 12, 12], voxel_size: "20 um", capacity: 3}
    agents:
      tumour: {model: target, count: 300, placement: {shape: sphere, centre: ["120 um", "120 um", "120 um"], radius: "70 um"},
               traits: {oncoprotein: {mean: 1, sd: 0.25, min: 0}}}
      killer:
        model: walker
        count: 200
        placement: {shape: radial_normal, centre: ["120 um", "120 um", "120 um"], mean_radius: "80 um", sd_radius: "10 um"}
        motility: {speed: "4 um/min", persistence_time: "10 min"}
        chemotaxis: {bias: 0.5, gradient: {type: point, centre: ["120 um", "120 um", "120 um"]}}
        contact:
          prey: tumour
          kill_rate: "0.2 1/min"
          attach: {rate: "0.5 1/min", max_distance: "18 um", lifetime: "30 min",
                   scale_by: {trait: oncoprotein, threshold: 0.5, saturation: 2}}
output: {series_interval: "5 min", snapshot_interval: "0 min", checkpoint_interval: "20 min", progress: false}
)";
  testing::TempDir dir("attach-restart");
  const auto cfg = dir.path() / "c.yaml";
  testing::write_text(cfg, config);
  const std::string exe = MSABM_EXE;
  const auto whole = testing::run_command(exe + " run " + cfg.string() + " --quiet --out " + (dir.path() / "whole").string());
  REQUIRE(whole.exit_code == 0);
  const auto half = testing::run_command(exe + " run " + cfg.string() + " --quiet --out " + (dir.path() / "half").string() +
                                         " --set 'time.duration=\"20 min\"'");
  REQUIRE(half.exit_code == 0);
  const auto resumed = testing::run_command(exe + " run --restart " + (dir.path() / "half" / "checkpoint.h5").string() +
                                            " --extend '20 min' --quiet");
  REQUIRE(resumed.exit_code == 0);
  const auto a = nlohmann::json::parse(testing::read_text(dir.path() / "whole" / "summary.json"));
  const auto b = nlohmann::json::parse(testing::read_text(dir.path() / "half" / "summary.json"));
  CHECK(a["state_digest"] == b["state_digest"]);
  CHECK(b["simulated_time_min"] == 40.0);
  // Killers attached and killed (the tumour count moved): the restart carried live state.
  CHECK(a["counts"]["p"]["tumour"].get<int>() < 300);
}
