// A sweep varying entries of lists (a protocol event's count, a secretion rate in a kind's
// exchange list), written as the config errors print them: every member runs with its values
// (its resolved config and the summary say so), and a wrong index is bad input (exit 2) naming
// the sweep file's line and the key before anything runs.
#include <catch2/catch.hpp>

#include "support/list_entries_config.hpp"
#include "sweep/sweep_test_util.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {

const std::string& kBase = kListEntriesConfig;

const std::string kRate = "patches.p.agents.prey.exchange[0].secretion";

fs::path member(const fs::path& out, int k) { return out / "members" / ("000" + std::to_string(k)); }

}  // namespace

TEST_CASE("sweep: vary entries of lists; members, configs and summary carry the values", "[sweep]") {
  TempDir dir("sweep-list");
  write_text(dir.path() / "base.yaml", kBase);
  write_text(dir.path() / "listed.yaml",
             "name: listed\n"
             "base: base.yaml\n"
             "vary:\n"
             "  protocol[1].count: [10, 40]\n"
             "  " + kRate + ": [\"1 unit/min\", \"2.5 unit/min\"]\n");
  const fs::path out = dir.path() / "out";
  const auto r = run_msabm("sweep " + (dir.path() / "listed.yaml").string() + " --out " + out.string() +
                           " --jobs 2 --quiet");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);

  const Csv csv = read_csv(out / "sweep_summary.csv");
  REQUIRE(csv.rows.size() == 4);
  // The varied keys name their columns as written; a quantity's header gives its unit.
  const std::string rate_column = kRate + " [unit/min]";
  CHECK(std::find(csv.columns.begin(), csv.columns.end(), "protocol[1].count") != csv.columns.end());
  CHECK(std::find(csv.columns.begin(), csv.columns.end(), rate_column) != csv.columns.end());
  const std::vector<std::string> counts{"10", "10", "40", "40"};  // grid: last key fastest
  const std::vector<std::string> rates{"1", "2.5", "1", "2.5"};
  for (int k = 0; k < 4; ++k) {
    const auto& row = csv.rows[static_cast<std::size_t>(k)];
    INFO("member " << k);
    CHECK(row.at("status") == "ok");
    CHECK(row.at("protocol[1].count") == counts[static_cast<std::size_t>(k)]);
    CHECK(row.at(rate_column) == rates[static_cast<std::size_t>(k)]);
    // The run itself took the value: 5 walkers from the first event plus the varied count.
    CHECK(std::stoi(row.at("counts.p.w")) == 5 + std::stoi(counts[static_cast<std::size_t>(k)]));
    const std::string config = read_text(member(out, k) / "config.yaml");
    CHECK_THAT(config, Catch::Contains("count: " + counts[static_cast<std::size_t>(k)]) &&
                           Catch::Contains(rates[static_cast<std::size_t>(k)] + " unit/min"));
  }
  // Same count, different rate: the field differs, so the state does.
  CHECK(csv.rows[0].at("state_digest") != csv.rows[1].at("state_digest"));
}

TEST_CASE("sweep: a list index out of range or on a map is exit 2 naming the vary line and key",
          "[sweep]") {
  TempDir dir("sweep-list-bad");
  write_text(dir.path() / "base.yaml", kBase);
  write_text(dir.path() / "bad.yaml",
             "name: bad\n"
             "base: base.yaml\n"
             "vary:\n"
             "  protocol[3].count: [10, 40]\n");
  const fs::path out = dir.path() / "out";
  const auto r = run_msabm("sweep " + (dir.path() / "bad.yaml").string() + " --out " + out.string());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("bad.yaml:4:") && Catch::Contains("protocol[3].count") &&
                           Catch::Contains("out of range") && Catch::Contains("2 entries"));
  CHECK_FALSE(fs::exists(out / "members"));

  write_text(dir.path() / "map.yaml",
             "name: map\n"
             "base: base.yaml\n"
             "vary:\n"
             "  patches.p.agents[0].count: [1, 2]\n");
  const auto m = run_msabm("sweep " + (dir.path() / "map.yaml").string() + " --out " + out.string() +
                           " --dry-run");
  CHECK(m.exit_code == 2);
  CHECK_THAT(m.output, Catch::Contains("map.yaml:4:") && Catch::Contains("'patches.p.agents' is not a list"));
}
