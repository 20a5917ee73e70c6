// A sweep under `mpirun -n 3` (Open MPI on this machine): members spread over the ranks with
// results identical to a local run.
#include <catch2/catch.hpp>

#include <set>

#include "sweep/sweep_test_util.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;

TEST_CASE("sweep: mpirun -n 3 runs the sweep over the ranks with the same results as locally",
          "[sweep][mpi]") {
  // scripts/install-deps.sh installs openmpi-bin: without mpirun the set-up is broken, which
  // must not pass as a success.
  if (!have_command("mpirun")) FAIL("mpirun not found: run scripts/install-deps.sh (it installs openmpi-bin)");
  TempDir dir("sweep-mpi");
  const fs::path sweep = kSource / "configs/sweeps/small.yaml";
  const fs::path local = dir.path() / "local";
  const fs::path mpi = dir.path() / "mpi";
  const auto l =
      run_msabm("sweep " + sweep.string() + " --out " + local.string() + " --jobs 2 --quiet");
  REQUIRE(l.exit_code == 0);
  // Loopback only: shared memory between the ranks on this machine, TCP (if used) on lo.
  const auto m = run_command(
      mpi_env() +
      "mpirun --oversubscribe -n 3 --mca btl self,vader,tcp --mca btl_tcp_if_include lo " +
      "--mca oob_tcp_if_include lo " + kExe + " sweep " + sweep.string() + " --out " +
      mpi.string());
  INFO(m.output);
  REQUIRE(m.exit_code == 0);
  CHECK_THAT(m.output, Catch::Contains("on each of 3 MPI ranks"));

  const Csv a = read_csv(local / "sweep_summary.csv");
  const Csv b = read_csv(mpi / "sweep_summary.csv");
  REQUIRE(a.rows.size() == b.rows.size());
  CHECK(a.columns == b.columns);
  // Everything but timings is identical.
  const std::set<std::string> timings = {"member_wall_s", "wall_s", "steps_per_s", "peak_rss_bytes",
                                         "agent_updates_per_s"};
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    CHECK(a.rows[i].at("status") == "ok");
    for (const auto& c : a.columns) {
      const bool timing = timings.count(c) != 0 || c.rfind("wall_s_by_process.", 0) == 0;
      if (!timing) CHECK(a.rows[i].at(c) == b.rows[i].at(c));
    }
  }
  // The work was shared: members ran on more than one rank.
  std::set<int> ranks;
  for (std::size_t k = 0; k < b.rows.size(); ++k) {
    const std::string id = std::to_string(k);
    const fs::path status =
        mpi / "members" / (std::string(4 - id.size(), '0') + id) / "status.json";
    ranks.insert(read_json(status).at("rank").get<int>());
  }
  CHECK(ranks.size() >= 2);
}
