// `msabm info` describes result files and checkpoints for a person.
#include <catch2/catch.hpp>

#include "io/io_support.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;

TEST_CASE("io: msabm info describes a result file and a checkpoint", "[io][info]") {
  TempDir dir("io-info");
  write_text(dir.path() / "tiny.yaml", small_config("30 min"));
  const fs::path out = dir.path() / "out";
  REQUIRE(run_msabm("run " + quote(dir.path() / "tiny.yaml") + " --out " + quote(out) +
                " --threads 1 --set 'output.checkpoint_interval=\"30 min\"'").exit_code == 0);

  const auto result = run_msabm("info " + quote(out / "result.h5"));
  INFO(result.output);
  CHECK(result.exit_code == 0);
  for (const char* text : {"msabm result file", "tiny (seed 11, 1 thread)", "finished", "series      7 rows, t = 0 .. 30 min",
                           "snapshots   4, t = 0 .. 30 min", "lattice p   16 x 14 x 12 voxels of 10 um, origin (-80, 0, 5) um",
                           "chemokine [1/um^3]", "prey", "agents p/w", "kills"}) {
    CHECK_THAT(result.output, Catch::Contains(text));
  }

  const auto checkpoint = run_msabm("info " + quote(out / "checkpoint.h5"));
  INFO(checkpoint.output);
  CHECK(checkpoint.exit_code == 0);
  for (const char* text : {"msabm checkpoint", "tiny (seed 11)", "time        30 of 30 min", "patches/p/kinds/prey",
                           "patches/p/fields/chemokine", "values (2688 field, 1/um^3)",
                           "processes/contact.p.w", "total_kills (1 process)", "names [p.w.kill_rate]", "live_patches [0 p -]", "state digest"}) {
    CHECK_THAT(checkpoint.output, Catch::Contains(text));
  }
  const auto digest = summary_of(out)["state_digest"].get<std::string>();
  CHECK_THAT(checkpoint.output, Catch::Contains(digest));

  // A run's folder: its result file and its checkpoint; a folder without msabm output: exit 2.
  const auto folder = run_msabm("info " + quote(out));
  CHECK(folder.exit_code == 0);
  CHECK_THAT(folder.output, Catch::Contains("msabm result file") && Catch::Contains("msabm checkpoint"));
  fs::create_directories(dir.path() / "empty");
  const auto empty = run_msabm("info " + quote(dir.path() / "empty"));
  CHECK(empty.exit_code == 2);
  CHECK_THAT(empty.output, Catch::Contains("without msabm output"));
}
