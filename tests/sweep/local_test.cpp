// Local sweeps through the command line: members as child processes, a failed member recorded
// while the others finish, --resume running only what is missing, interrupted members
// continuing from their checkpoints, one member by hand, and the summary files.
#include <catch2/catch.hpp>

#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "sweep/sweep_test_util.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {

const std::string kCount = "patches.lesion.agents.effector.count";

// 4 points x 2 replicates of the small base config (each well under a second).
const std::string kEight =
    "name: eight\n"
    "replicates: 2\n"
    "vary:\n"
    "  " +
    kCount + ": [100, 200, 300, 400]\n";

/// out/members/NNNN (four digits for sweeps of up to 10000 members).
fs::path member(const fs::path& out, int k) {
  const std::string s = std::to_string(k);
  return out / "members" / (std::string(4 - std::min<std::size_t>(4, s.size()), '0') + s);
}

std::string status_of(const fs::path& dir) {
  return read_json(dir / "status.json").at("status").get<std::string>();
}

/// Reads a string column of sweep_summary.h5 with the HDF5 C API.
std::vector<std::string> h5_strings(const fs::path& file, const std::string& column) {
  std::vector<std::string> out;
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  const hid_t d = H5Dopen2(f, ("members/" + column).c_str(), H5P_DEFAULT);
  REQUIRE(d >= 0);
  const hid_t space = H5Dget_space(d);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  std::vector<char*> data(n);
  REQUIRE(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) >= 0);
  for (char* s : data) out.emplace_back(s != nullptr ? s : "");
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, data.data());
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(d);
  H5Fclose(f);
  return out;
}

std::string python_with_matplotlib() {
  for (const char* py : {"python3", "/usr/bin/python3"}) {
    if (run_command(std::string(py) + " -c 'import matplotlib' >/dev/null 2>&1").exit_code == 0)
      return py;
  }
  return {};
}

}  // namespace

TEST_CASE(
    "sweep: --jobs 2 with one member failing: the rest finish, the summary marks it, --resume "
    "reruns only it",
    "[sweep]") {
  TempDir dir("sweep-local");
  const fs::path sweep = write_sweep(dir.path(), "eight.yaml", kEight);
  const fs::path out = dir.path() / "out";
  // Member 3's folder holds stale results, so its run refuses to start (exit 2).
  fs::create_directories(member(out, 3));
  write_text(member(out, 3) / "summary.json", "stale\n");

  const auto r = run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --jobs 2");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Catch::Contains("member 3 failed"));
  CHECK_THAT(r.output, Catch::Contains("7 of 8 members ok"));

  Csv csv = read_csv(out / "sweep_summary.csv");
  REQUIRE(csv.rows.size() == 8);
  for (const char* col :
       {"member", "point", "replicate", "seed", "status", "exit_code", "error", "member_wall_s",
        "counts.lesion.effector", "counts.lesion.target", "state_digest", "steps", "wall_s"}) {
    CHECK(std::find(csv.columns.begin(), csv.columns.end(), col) != csv.columns.end());
  }
  CHECK(std::find(csv.columns.begin(), csv.columns.end(), kCount) != csv.columns.end());
  for (int k = 0; k < 8; ++k) {
    const auto& row = csv.rows[static_cast<std::size_t>(k)];
    CHECK(row.at("member") == std::to_string(k));
    CHECK(row.at(kCount) == std::to_string(100 * (k / 2 + 1)));
    if (k == 3) {
      CHECK(row.at("status") == "failed");
      CHECK(row.at("exit_code") == "2");
      CHECK_THAT(row.at("error"), Catch::Contains("already holds results"));
      CHECK(row.at("state_digest").empty());
    } else {
      CHECK(row.at("status") == "ok");
      CHECK(row.at("state_digest").size() == 16);
      CHECK(fs::exists(member(out, k) / "result.h5"));
      CHECK(fs::exists(member(out, k) / "config.yaml"));
      CHECK(fs::exists(member(out, k) / "member.yaml"));
    }
  }
  const auto statuses = h5_strings(out / "sweep_summary.h5", "status");
  REQUIRE(statuses.size() == 8);
  CHECK(statuses[3] == "failed");
  CHECK(statuses[0] == "ok");
  CHECK(status_of(member(out, 3)) == "failed");
  // `msabm info` on the sweep's folder describes its summary.
  const auto info = run_msabm("info " + out.string());
  INFO(info.output);
  CHECK(info.exit_code == 0);
  CHECK_THAT(info.output, Catch::Contains("msabm sweep summary") && Catch::Contains("members     8 =") &&
                              Catch::Contains("state_digest"));

  // Running it again without --resume is refused and changes nothing.
  const auto again = run_msabm("sweep " + sweep.string() + " --out " + out.string());
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.output, Catch::Contains("--resume"));

  // Remove the obstacle; --resume runs member 3 only.
  fs::remove(member(out, 3) / "summary.json");
  const auto before = fs::last_write_time(member(out, 0) / "summary.json");
  const std::string log0 = read_text(member(out, 0) / "log.txt");
  const auto resumed =
      run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --jobs 2 --resume");
  INFO(resumed.output);
  CHECK(resumed.exit_code == 0);
  CHECK_THAT(resumed.output, Catch::Contains("7 finished before; running 1"));
  CHECK(fs::last_write_time(member(out, 0) / "summary.json") == before);
  CHECK(read_text(member(out, 0) / "log.txt") == log0);
  csv = read_csv(out / "sweep_summary.csv");
  for (const auto& row : csv.rows) CHECK(row.at("status") == "ok");
  CHECK(status_of(member(out, 3)) == "ok");

  // A finished sweep resumes to nothing.
  const auto nothing =
      run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --resume");
  CHECK(nothing.exit_code == 0);
  CHECK_THAT(nothing.output, Catch::Contains("running 0"));

  // Another sweep cannot resume into this folder.
  const fs::path other = write_sweep(dir.path(), "other.yaml", "name: eight\nreplicates: 3\n");
  const auto wrong = run_msabm("sweep " + other.string() + " --out " + out.string() + " --resume");
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.output, Catch::Contains("another sweep"));

  // The summary plots (when matplotlib is available).
  const std::string py = python_with_matplotlib();
  if (py.empty()) {
    WARN("python3 with matplotlib not found: viz/plot_sweep.py not tested");
  } else {
    const auto plot =
        run_command(py + " " + (kSource / "viz/plot_sweep.py").string() + " " + out.string() +
                    " --y counts.lesion.target --out " + (dir.path() / "plot.png").string());
    INFO(plot.output);
    CHECK(plot.exit_code == 0);
    CHECK(fs::exists(dir.path() / "plot.png"));
  }
}

TEST_CASE("sweep: a member gives the same state as running its config by hand", "[sweep]") {
  TempDir dir("sweep-hand");
  const fs::path sweep = write_sweep(dir.path(), "eight.yaml", kEight);
  const fs::path out = dir.path() / "out";
  // --member K runs just that member; the summary lists the rest as pending.
  const auto r = run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --member 5");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const Csv csv = read_csv(out / "sweep_summary.csv");
  REQUIRE(csv.rows.size() == 8);
  for (int k = 0; k < 8; ++k)
    CHECK(csv.rows[static_cast<std::size_t>(k)].at("status") == (k == 5 ? "ok" : "pending"));
  CHECK_FALSE(fs::exists(member(out, 4)));
  // Again: refused without --resume, skipped with it.
  CHECK(run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --member 5").exit_code ==
        2);
  CHECK(run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --member 5 --resume")
            .exit_code == 0);
  CHECK(run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --member 8").exit_code ==
        2);

  // The command in member.yaml reproduces it.
  const nlohmann::json summary = read_json(member(out, 5) / "summary.json");
  const std::string yaml = read_text(member(out, 5) / "member.yaml");
  const auto seed = summary.at("seed").get<std::uint64_t>();
  CHECK_THAT(yaml, Catch::Contains("seed: " + std::to_string(seed)));
  const fs::path by_hand = dir.path() / "by_hand";
  const auto run = run_msabm("run " + kSmallBase.string() + " --seed " + std::to_string(seed) +
                             " --set " + kCount + "=300 --out " + by_hand.string() + " --quiet");
  REQUIRE(run.exit_code == 0);
  CHECK(read_json(by_hand / "summary.json").at("state_digest") == summary.at("state_digest"));
}

TEST_CASE("sweep: SIGTERM checkpoints running members and --resume continues them bit-identically",
          "[sweep]") {
  TempDir dir("sweep-stop");
  // Two members long enough (a few seconds) to be stopped midway.
  const fs::path sweep = write_sweep(dir.path(), "long.yaml",
                                     "name: long\n"
                                     "set: {time.duration: \"6 d\"}\n"
                                     "vary:\n  " +
                                         kCount + ": [100, 200]\n");
  const fs::path out = dir.path() / "out";
  const fs::path log = dir.path() / "sweep.log";
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const std::string cmd = kExe + " sweep " + sweep.string() + " --out " + out.string() +
                            " --jobs 2 >" + log.string() + " 2>&1";
    execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until both members are running (their result files exist), then stop the sweep.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline &&
         !(fs::exists(member(out, 0) / "result.h5") && fs::exists(member(out, 1) / "result.h5"))) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  INFO(read_text(log));
  REQUIRE(WIFEXITED(status));
  const bool finished_anyway = WEXITSTATUS(status) == 0;  // a very fast machine
  if (!finished_anyway) {
    CHECK(WEXITSTATUS(status) == 3);
    CHECK_THAT(read_text(log), Catch::Contains("--resume"));
    CHECK(status_of(member(out, 0)) == "interrupted");
    CHECK(fs::exists(member(out, 0) / "checkpoint.h5"));
    CHECK(read_csv(out / "sweep_summary.csv").rows[0].at("status") == "interrupted");
  }
  const auto resumed =
      run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --jobs 2 --resume");
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  if (!finished_anyway)
    CHECK_THAT(read_text(member(out, 0) / "log.txt"), Catch::Contains("restart from checkpoint"));

  // The same as an uninterrupted run of member 0.
  const nlohmann::json summary = read_json(member(out, 0) / "summary.json");
  const fs::path direct = dir.path() / "direct";
  const auto run = run_msabm("run " + kSmallBase.string() + " --seed " +
                             std::to_string(summary.at("seed").get<std::uint64_t>()) +
                             " --set 'time.duration=\"6 d\"' --set " + kCount + "=100 --out " +
                             direct.string() + " --quiet");
  REQUIRE(run.exit_code == 0);
  CHECK(read_json(direct / "summary.json").at("state_digest") == summary.at("state_digest"));
}
