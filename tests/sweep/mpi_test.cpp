// A sweep under `mpirun -n 3` (Open MPI on this machine): members spread over the ranks with
// results identical to a local run.
#include <catch2/catch.hpp>

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

  const Csv b = read_csv(mpi / "sweep_summary.csv");
  check_same_results(read_csv(local / "sweep_summary.csv"), b);
  // The work was shared: members ran on more than one rank.
  std::set<int> ranks;
  for (std::size_t k = 0; k < b.rows.size(); ++k) {
    ranks.insert(read_json(member_dir(mpi, static_cast<int>(k)) / "status.json").at("rank").get<int>());
  }
  CHECK(ranks.size() >= 2);
}
