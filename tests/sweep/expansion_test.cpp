// Expansion of sweep files into members: grid sizes and order, ranges and units, random and
// Latin-hypercube draws, deterministic seeds, and errors that name file, line and key, including
// an invalid member found before anything runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/config/error.hpp"
#include "engine/sweep/plan.hpp"
#include "models/register_models.hpp"
#include "sweep/sweep_test_util.hpp"

using namespace msabm::testing;
using msabm::sweep::load_plan;
using msabm::sweep::Plan;
namespace fs = std::filesystem;

namespace {

const std::string kDiff = "patches.lesion.agents.effector.motility.diffusivity";
const std::string kKill = "patches.lesion.agents.effector.contact.kill_rate";
const std::string kCount = "patches.lesion.agents.effector.count";
const std::string kBias = "patches.lesion.agents.effector.chemotaxis.bias";

Plan plan_of(const TempDir& dir, const std::string& text, const std::string& name = "s.yaml") {
  return load_plan(write_sweep(dir.path(), name, text));
}

std::string error_of(const TempDir& dir, const std::string& text) {
  try {
    plan_of(dir, text, "bad.yaml");
  } catch (const msabm::InputError& e) {
    return e.what();
  }
  FAIL("expected an InputError");
  return {};
}

std::vector<double> numbers(const Plan& plan, std::size_t key) {
  std::vector<double> out;
  for (int p = 0; p < plan.points; ++p) {
    out.push_back(
        plan.members[static_cast<std::size_t>(p * plan.replicates)].values[key].number.value());
  }
  return out;
}

}  // namespace

TEST_CASE("sweep: a grid has one member per combination and replicate, last key fastest",
          "[sweep]") {
  TempDir dir("sweep-grid");
  const Plan plan = plan_of(dir,
                            "replicates: 2\n"
                            "vary:\n"
                            "  " +
                                kDiff +
                                ": [\"5 um^2/min\", \"10 um^2/min\", \"15 um^2/min\"]\n"
                                "  " +
                                kCount + ": {start: 100, stop: 400, step: 100}\n");
  REQUIRE(plan.points == 12);
  REQUIRE(plan.members.size() == 24);
  CHECK(plan.name == "s");
  for (std::size_t i = 0; i < plan.members.size(); ++i) {
    const auto& m = plan.members[i];
    CHECK(m.id == static_cast<int>(i));
    CHECK(m.point == static_cast<int>(i / 2));
    CHECK(m.replicate == static_cast<int>(i % 2));
  }
  // Point 5 = (diffusivity index 1, count index 1).
  const auto& m = plan.members[10];
  CHECK(m.values[0].yaml == "10 um^2/min");
  CHECK(m.values[0].number == Approx(10));
  CHECK(m.values[1].yaml == "200");
  CHECK(plan.keys[0].unit == "um^2/min");
  CHECK(plan.keys[1].unit.empty());
  const auto o = plan.overrides(m);
  REQUIRE(o.size() == 2);
  CHECK(o[0] == kDiff + "=10 um^2/min");
  CHECK(o[1] == kCount + "=200");

  // No varied key: one point, run `replicates` times.
  const Plan single = plan_of(dir, "replicates: 3\n", "single.yaml");
  CHECK(single.members.size() == 3);
}

TEST_CASE("sweep: ranges with units take the unit of start, by step or by count (linear or log)",
          "[sweep]") {
  TempDir dir("sweep-range");
  const Plan plan =
      plan_of(dir,
              "vary:\n"
              "  time.duration: {start: \"1 h\", stop: \"150 min\", step: \"30 min\"}\n");
  REQUIRE(plan.points == 4);
  CHECK(plan.keys[0].unit == "h");
  CHECK(numbers(plan, 0) == std::vector<double>{1, 1.5, 2, 2.5});
  CHECK(plan.members[1].values[0].yaml == "1.5 h");

  const Plan log =
      plan_of(dir,
              "vary:\n"
              "  " +
                  kKill + ": {start: \"0.001 1/min\", stop: \"0.1 1/min\", num: 3, spacing: log}\n",
              "log.yaml");
  REQUIRE(log.points == 3);
  CHECK(numbers(log, 0)[0] == Approx(0.001));
  CHECK(numbers(log, 0)[1] == Approx(0.01));
  CHECK(numbers(log, 0)[2] == Approx(0.1));

  // Values of a list in other units of the same dimension are reported in the first one's.
  const Plan mixed =
      plan_of(dir, "vary:\n  time.duration: [\"1 h\", \"90 min\", \"0.125 d\"]\n", "mixed.yaml");
  CHECK(numbers(mixed, 0) == std::vector<double>{1, 1.5, 3});

  // Floating-point steps give the decimal values the user meant.
  const Plan steps =
      plan_of(dir, "vary:\n  " + kBias + ": {start: 0.1, stop: 0.7, step: 0.2}\n", "steps.yaml");
  CHECK(steps.points == 4);
  CHECK(steps.members[1].values[0].yaml == "0.3");
}

TEST_CASE("sweep: Latin-hypercube samples put one point in every stratum of every key", "[sweep]") {
  TempDir dir("sweep-lhs");
  const int n = 40;
  const Plan plan =
      plan_of(dir,
              "sampling: latin_hypercube\n"
              "samples: " +
                  std::to_string(n) +
                  "\n"
                  "vary:\n"
                  "  " +
                  kBias +
                  ": {uniform: [0.2, 0.6]}\n"
                  "  " +
                  kKill +
                  ": {log_uniform: [\"0.001 1/min\", \"0.1 1/min\"]}\n"
                  "  " +
                  kDiff + ": {normal: {mean: \"10 um^2/min\", sd: \"2 um^2/min\"}}\n");
  REQUIRE(plan.points == n);
  const auto stratum_hits = [&](std::size_t key, auto to_unit) {
    std::vector<int> hits(n, 0);
    for (double v : numbers(plan, key)) {
      const double u = to_unit(v);
      REQUIRE(u >= 0.0);
      REQUIRE(u < 1.0);
      ++hits[static_cast<std::size_t>(u * n)];
    }
    return hits;
  };
  const std::vector<int> once(n, 1);
  CHECK(stratum_hits(0, [](double v) { return (v - 0.2) / 0.4; }) == once);
  CHECK(stratum_hits(1, [](double v) { return std::log(v / 0.001) / std::log(100.0); }) == once);
  CHECK(stratum_hits(2, [](double v) {
          return 0.5 * std::erfc(-(v - 10.0) / 2.0 / std::sqrt(2.0));
        }) == once);
  CHECK(plan.keys[1].unit == "1/min");

  // Random sampling stays within the bounds, rounds when asked and honours clip.
  const Plan random =
      plan_of(dir,
              "sampling: random\nsamples: 50\n"
              "vary:\n"
              "  " +
                  kCount +
                  ": {uniform: [100, 200], integer: true}\n"
                  "  " +
                  kBias +
                  ": {normal: {mean: 0.5, sd: 1}, clip: [0, 1]}\n"
                  "  " +
                  kDiff + ": {choice: [\"5 um^2/min\", \"10 um^2/min\"], weights: [1, 0]}\n",
              "random.yaml");
  for (const auto& m : random.members) {
    const double count = m.values[0].number.value();
    CHECK(count == std::round(count));
    CHECK(count >= 100);
    CHECK(count <= 200);
    CHECK(m.values[1].number.value() >= 0);
    CHECK(m.values[1].number.value() <= 1);
    CHECK(m.values[2].yaml == "5 um^2/min");
  }
}

TEST_CASE("sweep: expansion and seeds are deterministic", "[sweep]") {
  TempDir dir("sweep-seeds");
  const std::string text =
      "sampling: random\nsamples: 6\nreplicates: 3\n"
      "vary:\n  " +
      kBias + ": {uniform: [0.2, 0.6]}\n  " + kKill +
      ": {log_uniform: [\"0.001 1/min\", \"0.1 1/min\"]}\n";
  const Plan a = plan_of(dir, text, "a.yaml");
  const Plan a2 = plan_of(dir, text, "a.yaml");
  REQUIRE(a.members.size() == 18);
  std::set<std::uint64_t> seeds;
  for (std::size_t i = 0; i < a.members.size(); ++i) {
    CHECK(a.members[i].seed == a2.members[i].seed);
    CHECK(a.overrides(a.members[i]) == a2.overrides(a2.members[i]));
    CHECK(a.members[i].seed < (1ull << 48));
    seeds.insert(a.members[i].seed);
  }
  CHECK(seeds.size() == 18);
  CHECK(a.fingerprint() == a2.fingerprint());
  // The seed of (sweep seed, point, replicate) is fixed for good (results stay reproducible).
  // Pinned values (splitmix64 of the three, 48 bits; computed at commit 37a808a's scheme): any
  // change to the derivation breaks reproducibility of published sweeps, and fails here.
  CHECK(msabm::sweep::member_seed(1, 0, 0) == 195206313176461ull);
  CHECK(msabm::sweep::member_seed(1, 0, 1) == 252737624881206ull);
  CHECK(msabm::sweep::member_seed(2, 0, 0) == 27861131043445ull);
  CHECK(msabm::sweep::member_seed(7, 3, 2) == 64504452544883ull);
  // And the seeds a sweep file derives for its members (member id = point * replicates +
  // replicate), so that a change anywhere on the way (the name's key, the order of points and
  // replicates, common seeds) fails too. Values computed once with an independent Python
  // rewrite of FNV-1a and splitmix64 (engine/core/rng.hpp, engine/sweep/design.cpp), which
  // also gives the four values above.
  CHECK(a.name == "a");
  CHECK(a.seed == 12638187200555641996ull);  // FNV-1a of "a": no explicit seed
  CHECK(a.members[0].seed == 241417620860251ull);   // point 0, replicate 0
  CHECK(a.members[1].seed == 102969438094188ull);   // point 0, replicate 1
  CHECK(a.members[17].seed == 139539844826196ull);  // point 5, replicate 2

  // Another name (no explicit seed) draws other values and seeds; an explicit seed fixes them.
  const Plan b = plan_of(dir, text, "b.yaml");
  CHECK(b.members[0].seed != a.members[0].seed);
  CHECK(b.members[0].values[0].yaml != a.members[0].values[0].yaml);
  const Plan c1 = plan_of(dir, "seed: 5\n" + text, "c1.yaml");
  const Plan c2 = plan_of(dir, "seed: 5\n" + text, "c2.yaml");
  CHECK(c1.members[4].seed == c2.members[4].seed);
  CHECK(c1.members[0].seed == 183694168677709ull);   // seed 5, point 0, replicate 0
  CHECK(c1.members[4].seed == 167298601769139ull);   // seed 5, point 1, replicate 1
  CHECK(c1.members[17].seed == 217382818628223ull);  // seed 5, point 5, replicate 2
  CHECK(c1.members[4].values[1].yaml == c2.members[4].values[1].yaml);

  // Adding a key leaves the draws of the others unchanged.
  const Plan more =
      plan_of(dir, text + "  " + kCount + ": {uniform: [100, 200], integer: true}\n", "a.yaml");
  for (std::size_t i = 0; i < a.members.size(); ++i) {
    CHECK(more.members[i].values[0].yaml == a.members[i].values[0].yaml);
    CHECK(more.members[i].values[1].yaml == a.members[i].values[1].yaml);
  }

  // Common seeds: replicate r has the same seed at every point.
  const Plan common = plan_of(dir, "seeds: common\n" + text, "a.yaml");
  CHECK(common.members[0].seed == common.members[3].seed);
  CHECK(common.members[1].seed == common.members[4].seed);
  CHECK(common.members[0].seed != common.members[1].seed);
  CHECK(common.members[3].seed == 241417620860251ull);  // every point takes point 0's seeds
}

TEST_CASE("sweep: bad sweep files are errors naming file, line and key", "[sweep]") {
  TempDir dir("sweep-bad");
  struct Case {
    std::string text, expect1, expect2;
  };
  // Line numbers count the `base:` line the helper prepends.
  const Case cases[] = {
      {"replicats: 2\n", "bad.yaml:2:1", "did you mean 'replicates'"},
      {"vary:\n  " + kBias + ": {uniform: [0.2, 0.6]}\n", "bad.yaml:3",
       "sampling: random or latin_hypercube"},
      {"vary:\n  " + kBias + ": 0.3\n", "bad.yaml:3", "set:"},
      {"vary:\n  " + kCount + ": {start: 100, stop: 10, step: 10}\n", "bad.yaml:3",
       "does not lead"},
      {"sampling: random\nsamples: 4\nvary:\n  " + kBias + ": {uniform: [0.6, 0.2]}\n",
       "bad.yaml:5", "below"},
      {"vary:\n  time.duration: [\"1 h\", \"2 um\"]\n", "bad.yaml:3", "a length"},
      {"vary:\n  time.duration: {start: \"1 h\", stop: \"2 um\", step: \"1 h\"}\n", "bad.yaml:3",
       "a length"},
      {"sampling: latin_hypercub\n", "bad.yaml:2", "did you mean 'latin_hypercube'"},
      {"sampling: random\n", "bad.yaml:2", "samples"},
      {"vary:\n  " + kBias + ": {uniform: [0.2, 0.6], normal: {mean: 1, sd: 1}}\n", "bad.yaml:3",
       "one draw"},
      {"vary:\n  seed: [1, 2]\n", "bad.yaml:3", "replicates"},
      {"slurm: {time: \"2 kg\"}\n", "bad.yaml:2", "time"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const std::string e = error_of(dir, c.text);
    CHECK_THAT(e, Catch::Contains(c.expect1));
    CHECK_THAT(e, Catch::Contains(c.expect2));
  }
  write_text(dir.path() / "nobase.yaml", "vary: {}\n");
  CHECK_THROWS_WITH(load_plan(dir.path() / "nobase.yaml"), Catch::Contains("base"));
  CHECK_THROWS_WITH(load_plan(dir.path() / "missing.yaml"), Catch::Contains("no such file"));
}

TEST_CASE("sweep: an invalid member is reported, with its values and key, before anything runs",
          "[sweep]") {
  TempDir dir("sweep-invalid");
  msabm::Registry registry;
  msabm::register_all_models(registry);
  // Member 6 (point 3) has a negative kill rate; members 0 to 5 are fine.
  const Plan plan =
      plan_of(dir,
              "replicates: 2\n"
              "set: {time.duration: \"10 min\"}\n"
              "vary:\n"
              "  " +
                  kKill + ": [\"0.01 1/min\", \"0.02 1/min\", \"0.03 1/min\", \"-0.1 1/min\"]\n");
  try {
    msabm::sweep::validate_members(plan, registry);
    FAIL("expected an InputError");
  } catch (const msabm::InputError& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Catch::Contains("s.yaml:5:3: member 6 ("));
    CHECK_THAT(what, Catch::Contains(kKill + "=-0.1 1/min"));
    CHECK_THAT(what, Catch::Contains("out of range"));
  }

  // The command line reports it with exit code 2, and creates no output folder.
  const fs::path sweep = dir.path() / "s.yaml";
  const fs::path out = dir.path() / "out";
  const auto r = run_msabm("sweep " + sweep.string() + " --out " + out.string());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("member 6"));
  CHECK_FALSE(fs::exists(out));
  const auto dry = run_msabm("sweep " + sweep.string() + " --dry-run");
  CHECK(dry.exit_code == 2);

  // A key that no config has is caught too, with the closest valid key.
  write_sweep(dir.path(), "typo.yaml",
              "vary:\n  patches.lesion.agents.effector.motility.difusivity: [\"5 um^2/min\"]\n");
  const auto typo = run_msabm("sweep " + (dir.path() / "typo.yaml").string() + " --dry-run");
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.output, Catch::Contains("typo.yaml:3:3: member 0"));
  CHECK_THAT(typo.output, Catch::Contains("diffusivity"));
}

TEST_CASE("sweep: --dry-run lists the members of the shipped example sweeps", "[sweep]") {
  for (const char* file : {"configs/sweeps/small.yaml", "configs/sweeps/cluster.yaml"}) {
    INFO(file);
    const auto r =
        run_msabm(std::string("sweep ") + (kSource / file).string() + " --dry-run --quiet");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("every member config is valid"));
  }
  const Plan small = load_plan(kSource / "configs/sweeps/small.yaml");
  CHECK(small.members.size() >= 6);
  CHECK(small.members.size() <= 12);
}

TEST_CASE("sweep: the normal quantile inverts the normal CDF", "[sweep]") {
  for (double p : {1e-10, 1e-4, 0.01, 0.02425, 0.2, 0.5, 0.7, 0.97575, 0.999, 1 - 1e-9}) {
    const double x = msabm::sweep::normal_quantile(p);
    CHECK(0.5 * std::erfc(-x / std::sqrt(2.0)) == Approx(p).epsilon(1e-9));
  }
}
