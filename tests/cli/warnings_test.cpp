// Every problem of a config at once, and warnings: a file with several errors reports all of
// them (file:line, key; exit 2); input that is accepted but probably not meant is warned about
// (printed, in the run's log.txt, counted in summary.json), and each warning here is raised by
// a small config written for it (shipped_configs_test checks that no shipped config raises one).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "support/command.hpp"

using namespace msabm::testing;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const std::string kExe = MSABM_EXE;

// Valid and warning-free; the line numbers below matter.
const std::string kBase =
    "time: {step: \"1 min\", duration: \"10 min\"}\n"                                // 1
    "patches:\n"                                                                     // 2
    "  p:\n"                                                                         // 3
    "    lattice: {dims: [10, 10, 10], voxel_size: \"10 um\", tissue: {white_matter: {}}}\n"  // 4
    "    agents:\n"                                                                  // 5
    "      prey: {model: target, count: 50}\n"                                       // 6
    "      w:\n"                                                                     // 7
    "        model: walker\n"                                                        // 8
    "        count: 20\n"                                                            // 9
    "        motility: {diffusivity: \"10 um^2/min\"}\n"                             // 10
    "        contact: {prey: prey, kill_rate: \"0.1 1/min\"}\n";                     // 11

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

CommandResult check(const TempDir& dir, const std::string& yaml) {
  write_text(dir.path() / "c.yaml", yaml);
  return run_command(kExe + " check " + (dir.path() / "c.yaml").string());
}

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("warnings: a file with three different errors reports all three", "[cli][warnings]") {
  TempDir dir("warn-errors");
  std::string yaml = replace(kBase, "count: 20", "cuont: 20");                          // unknown key
  yaml = replace(yaml, "kill_rate: \"0.1 1/min\"", "kill_rate: \"-0.1 1/min\"");        // out of range
  yaml = replace(yaml, "voxel_size: \"10 um\"", "voxel_size: \"10 min\"");              // wrong dimension
  const auto r = check(dir, yaml);
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("3 errors"));
  CHECK_THAT(r.output, Contains("c.yaml:4:") && Contains("key 'patches.p.lattice.voxel_size'") && Contains("length"));
  CHECK_THAT(r.output, Contains("c.yaml:9:") && Contains("key 'patches.p.agents.w.cuont'") &&
                           Contains("did you mean 'count'"));
  CHECK_THAT(r.output, Contains("c.yaml:11:") && Contains("key 'patches.p.agents.w.contact.kill_rate'") &&
                           Contains("out of range"));
  // In file order.
  CHECK(r.output.find("c.yaml:4:") < r.output.find("c.yaml:9:"));
  CHECK(r.output.find("c.yaml:9:") < r.output.find("c.yaml:11:"));
  // `run` reports the same and writes nothing.
  const auto run = run_command(kExe + " run " + (dir.path() / "c.yaml").string() + " --out " +
                               (dir.path() / "o").string());
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.output, Contains("3 errors"));
  CHECK_FALSE(fs::exists(dir.path() / "o"));
}

TEST_CASE("warnings: each is raised by the input it is about, never by the base config", "[cli][warnings]") {
  TempDir dir("warn-each");
  const auto base = check(dir, kBase);
  INFO(base.output);
  REQUIRE(base.exit_code == 0);
  CHECK_THAT(base.output, !Contains("msabm: warning"));

  struct Case {
    std::string name, yaml, where, key, text;
  };
  const std::string outside = "{shape: box, min: [\"500 um\", \"0 um\", \"0 um\"], max: [\"600 um\", \"90 um\", \"90 um\"]}";
  const Case cases[] = {
      {"duration between steps", replace(kBase, "duration: \"10 min\"", "duration: \"90 s\""), "c.yaml:1:",
       "time.duration", "not a whole number of steps of 1 min (time.step): the run lasts 2 steps"},
      {"event after the end", kBase + "protocol:\n  - {at: \"2 h\", action: remove_agents, patch: p, kind: prey, fraction: 0.5}\n",
       "c.yaml:13:", "protocol[0].at", "never fires"},
      {"event between steps", kBase + "protocol:\n  - {at: \"90 s\", action: remove_agents, patch: p, kind: prey, fraction: 0.5}\n",
       "c.yaml:13:", "protocol[0].at", "fires at the next step, 2 min"},
      {"condition checked between steps",
       kBase + "readouts: {n: {model: kind_count, patch: p, kind: prey}}\n"
               "protocol:\n  - {at: \"0 min\", when: {readout: n, below: 10, check_every: \"150 s\"}, action: remove_agents, "
               "patch: p, kind: prey, fraction: 0.5}\n",
       "c.yaml:14:", "protocol[0].when.check_every", "checked every 3 steps (3 min)"},
      {"tissue region outside the lattice",
       replace(kBase, "tissue: {white_matter: {}}", "tissue: {white_matter: {}, venule: {regions: [" + outside + "]}}"),
       "c.yaml:4:", "patches.p.lattice.tissue.venule.regions[0]", "holds no voxel of the lattice"},
      {"removal region outside the lattice",
       kBase + "protocol:\n  - {at: \"5 min\", action: remove_agents, patch: p, kind: prey, fraction: 0.5, region: " + outside +
           "}\n",
       "c.yaml:13:", "protocol[0].region", "holds no voxel of the lattice"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto r = check(dir, c.yaml);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(count_of(r.output, "msabm: warning:") == 1);
    CHECK_THAT(r.output, Contains("msabm: warning: " + (dir.path() / c.where).string()) &&
                             Contains("key '" + c.key + "'") && Contains(c.text));
    CHECK_THAT(r.output, Contains("valid, with 1 warning"));
  }
}

TEST_CASE("warnings: an error caused by a default says so and what to set", "[cli][warnings]") {
  TempDir dir("warn-default");
  const auto r = check(dir, replace(kBase, "step: \"1 min\", duration: \"10 min\"", "step: \"7 min\", duration: \"70 min\""));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("c.yaml:1:") && Contains("key 'time.sort_interval'") &&
                           Contains("10 min is not a whole multiple of time.step (7 min)") &&
                           Contains("time.sort_interval is not in the file: 10 min is its default; set time.sort_interval"));
}

TEST_CASE("warnings: agents that cannot be placed name the region's file:line and key", "[cli][warnings]") {
  TempDir dir("warn-place");
  const std::string outside = "{shape: box, min: [\"500 um\", \"0 um\", \"0 um\"], max: [\"600 um\", \"90 um\", \"90 um\"]}";
  const auto placement = check(dir, replace(kBase, "count: 20\n", "count: 20\n        placement: " + outside + "\n"));
  INFO(placement.output);
  CHECK(placement.exit_code == 2);
  CHECK_THAT(placement.output, Contains("c.yaml:10:") && Contains("key 'patches.p.agents.w.placement'") &&
                                   Contains("holds no voxel of the lattice") && Contains("x [5, 95] um"));
  // Added by an event: known at load, not when the event fires.
  const auto added = check(dir, kBase + "protocol:\n  - {at: \"5 min\", action: add_agents, patch: p, kind: w, count: 3, "
                                        "region: " + outside + "}\n");
  INFO(added.output);
  CHECK(added.exit_code == 2);
  CHECK_THAT(added.output, Contains("c.yaml:13:") && Contains("key 'protocol[0].region'") && Contains("cannot be placed"));
}

TEST_CASE("warnings: the wrong subcommand for a file says which kind of file it is", "[cli][warnings]") {
  const fs::path configs = fs::path(MSABM_SOURCE_DIR) / "configs";
  const auto run_sweep = run_command(kExe + " run " + (configs / "sweeps/small.yaml").string() + " --out /nonexistent/x");
  CHECK(run_sweep.exit_code == 2);
  CHECK_THAT(run_sweep.output, Contains("is a sweep file") && Contains("msabm sweep"));
  const auto check_sweep = run_command(kExe + " check " + (configs / "sweeps/small.yaml").string());
  CHECK(check_sweep.exit_code == 2);
  CHECK_THAT(check_sweep.output, Contains("is a sweep file"));
  const auto sweep_config = run_command(kExe + " sweep --dry-run " + (configs / "default.yaml").string());
  CHECK(sweep_config.exit_code == 2);
  CHECK_THAT(sweep_config.output, Contains("is a simulation config") && Contains("msabm run"));
}

TEST_CASE("warnings: a run prints them, writes them to log.txt and counts them in summary.json", "[cli][warnings]") {
  TempDir dir("warn-run");
  write_text(dir.path() / "c.yaml", replace(kBase, "duration: \"10 min\"", "duration: \"90 s\""));
  const fs::path out = dir.path() / "o";
  const auto r = run_command(kExe + " run " + (dir.path() / "c.yaml").string() + " --quiet --threads 1 --out " + out.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(count_of(r.output, "msabm: warning:") == 1);
  const auto summary = nlohmann::json::parse(read_text(out / "summary.json"));
  CHECK(summary["warnings"].get<int>() == 1);
  REQUIRE(summary["warning_list"].size() == 1);
  CHECK_THAT(summary["warning_list"][0].get<std::string>(), Contains("key 'time.duration'"));
  CHECK(summary["steps"].get<int>() == 2);  // what the warning said

  const std::string log = read_text(out / "log.txt");
  INFO(log);
  CHECK_THAT(log, Contains("config hash ") && Contains("; 1 thread"));
  CHECK(count_of(log, "msabm: warning:") == 1);
  CHECK_THAT(log, Contains("key 'time.duration'") && Contains("wall time by process:") && Contains("motility.") &&
                      Contains("t = 2.0 min / 2.0 min") && Contains("finished at t = 2 min"));
  // The hash is of the resolved config: the same config gives the same hash.
  const auto again = run_command(kExe + " run " + (dir.path() / "c.yaml").string() + " --quiet --threads 1 --out " +
                                 (dir.path() / "o2").string());
  REQUIRE(again.exit_code == 0);
  const auto hash_of = [](const std::string& text) { return text.substr(text.find("config hash "), 28); };
  CHECK(hash_of(read_text(dir.path() / "o2" / "log.txt")) == hash_of(log));

  // Without warnings: zero, an empty list.
  write_text(dir.path() / "c.yaml", kBase);
  const auto clean = run_command(kExe + " run " + (dir.path() / "c.yaml").string() + " --quiet --out " +
                                 (dir.path() / "clean").string());
  REQUIRE(clean.exit_code == 0);
  const auto clean_summary = nlohmann::json::parse(read_text(dir.path() / "clean" / "summary.json"));
  CHECK(clean_summary["warnings"].get<int>() == 0);
  CHECK(clean_summary["warning_list"].empty());
}
