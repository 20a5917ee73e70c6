// `--set` reaching one entry of a list (a protocol event, an exchange of a kind), in the form
// the config errors print: the run changes accordingly, a wrong index or a node that is not a
// list is bad input (exit 2) naming the key.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "support/command.hpp"
#include "support/list_entries_config.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {

const std::string kExe = MSABM_EXE;

const std::string& kConfig = kListEntriesConfig;

CommandResult run_msabm(const std::string& args) { return run_command(kExe + " " + args); }

nlohmann::json summary(const fs::path& out) {
  return nlohmann::json::parse(read_text(out / "summary.json"));
}

}  // namespace

TEST_CASE("cli: --set on a list entry changes that entry of the run", "[cli]") {
  TempDir dir("cli-list-set");
  const fs::path cfg = dir.path() / "c.yaml";
  write_text(cfg, kConfig);
  const auto plain = run_msabm("run " + cfg.string() + " --quiet --out " + (dir.path() / "a").string());
  REQUIRE(plain.exit_code == 0);
  CHECK(summary(dir.path() / "a")["counts"]["p"]["w"].get<int>() == 15);

  const auto set = run_msabm("run " + cfg.string() + " --quiet --set 'protocol[1].count=40' --out " +
                             (dir.path() / "b").string());
  INFO(set.output);
  REQUIRE(set.exit_code == 0);
  CHECK(summary(dir.path() / "b")["counts"]["p"]["w"].get<int>() == 45);  // 5 + 40
  // The other event kept its count, and the resolved config shows the override.
  CHECK_THAT(read_text(dir.path() / "b" / "config.yaml"), Catch::Contains("count: 40") &&
                                                              Catch::Contains("count: 5"));

  // A secretion rate inside a kind's exchange list: the field (and so the digest) changes.
  const auto rate = run_msabm("run " + cfg.string() +
                              " --quiet --set 'patches.p.agents.prey.exchange[0].secretion=\"3 unit/min\"' --out " +
                              (dir.path() / "c").string());
  INFO(rate.output);
  REQUIRE(rate.exit_code == 0);
  CHECK_THAT(read_text(dir.path() / "c" / "config.yaml"), Catch::Contains("3 unit/min"));
  CHECK(summary(dir.path() / "c")["state_digest"] != summary(dir.path() / "a")["state_digest"]);
}

TEST_CASE("cli: --set with a wrong list index or on a node that is not a list exits 2", "[cli]") {
  TempDir dir("cli-list-bad");
  const fs::path cfg = dir.path() / "c.yaml";
  write_text(cfg, kConfig);
  const auto range = run_msabm("check " + cfg.string() + " --set 'protocol[2].count=1'");
  CHECK(range.exit_code == 2);
  CHECK_THAT(range.output, Catch::Contains("protocol[2].count") &&
                               Catch::Contains("out of range") && Catch::Contains("2 entries"));
  const auto not_list = run_msabm("check " + cfg.string() + " --set 'time[0]=1'");
  CHECK(not_list.exit_code == 2);
  CHECK_THAT(not_list.output, Catch::Contains("time[0]") && Catch::Contains("'time' is not a list"));
  const auto bad_value = run_msabm("check " + cfg.string() + " --set 'protocol[0].count=-3'");
  CHECK(bad_value.exit_code == 2);
  CHECK_THAT(bad_value.output, Catch::Contains("protocol[0].count"));
  // Bad input never touches the output folder.
  const auto run = run_msabm("run " + cfg.string() + " --set 'protocol[9].count=1' --out " +
                             (dir.path() / "never").string());
  CHECK(run.exit_code == 2);
  CHECK_FALSE(fs::exists(dir.path() / "never"));
}
