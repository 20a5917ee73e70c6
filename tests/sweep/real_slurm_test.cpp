// The job-array script under a real Slurm: a single-node cluster on loopback (Debian's slurm-wlm
// and munge, started by local_slurm.sh in a temporary folder) runs a sweep submitted with
// sbatch, with the same results as a local run; and a member stopped by Slurm at its time limit
// is requeued and continues from its checkpoint to the uninterrupted run's final state.
// Skipped (reported as skipped by ctest) only where the cluster cannot start, with the reason.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <future>
#include <sstream>
#include <thread>

#include "sweep/sweep_test_util.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {

const std::string kClusterScript = (kSource / "tests/sweep/local_slurm.sh").string();

/// The cluster of local_slurm.sh in `dir`, stopped at scope exit.
class LocalSlurm {
 public:
  explicit LocalSlurm(const fs::path& dir) : dir_(dir) {
    const CommandResult r = run_command(kClusterScript + " start " + dir_.string());
    exit_code_ = r.exit_code;
    output_ = r.output;
  }
  ~LocalSlurm() { run_command(kClusterScript + " stop " + dir_.string()); }
  LocalSlurm(const LocalSlurm&) = delete;
  LocalSlurm& operator=(const LocalSlurm&) = delete;

  /// local_slurm.sh's exit code: 0 started, 77 cannot run here (output_ says why).
  [[nodiscard]] int exit_code() const { return exit_code_; }
  [[nodiscard]] const std::string& output() const { return output_; }

  /// A Slurm client command (sbatch, scontrol, ...) against this cluster.
  [[nodiscard]] CommandResult run(const std::string& command) const {
    return run_command("SLURM_CONF=" + (dir_ / "slurm.conf").string() + " " + command);
  }

 private:
  fs::path dir_;
  int exit_code_ = -1;
  std::string output_;
};

/// One record of `scontrol -o show job`: an array task (or the still pending rest of the array).
struct JobRecord {
  std::string state;      // JobState
  int restarts = 0;       // times Slurm requeued it
  std::string exit_code;  // "status:signal"
};

std::string field(const std::string& line, const std::string& key) {
  const auto at = line.find(" " + key + "=");
  if (at == std::string::npos) return {};
  const auto begin = at + key.size() + 2;
  return line.substr(begin, line.find(' ', begin) - begin);
}

std::vector<JobRecord> job_records(const LocalSlurm& slurm, const std::string& job) {
  std::vector<JobRecord> records;
  std::istringstream lines(slurm.run("scontrol -o show job " + job).output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("JobId=", 0) != 0) continue;
    const std::string restarts = field(line, "Restarts");
    records.push_back({field(line, "JobState"), restarts.empty() ? 0 : std::stoi(restarts),
                       field(line, "ExitCode")});
  }
  return records;
}

bool finished(const std::string& state) {
  for (const char* s : {"PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED",
                        "REQUEUE_FED", "REQUEUE_HOLD", "RESIZING", "SUSPENDED", "STAGE_OUT",
                        "SIGNALING"}) {
    if (state == s) return false;
  }
  return !state.empty();
}

/// Submits `script` and returns its job id (REQUIREs success).
std::string submit(const LocalSlurm& slurm, const fs::path& script) {
  const CommandResult r = slurm.run("sbatch --parsable " + script.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::string id = r.output.substr(0, r.output.find_first_of(";\n"));
  REQUIRE_FALSE(id.empty());
  return id;
}

/// Waits until every one of the job's `tasks` array tasks has ended, calling on_poll(records)
/// on the way; FAILs after `limit`.
template <class OnPoll>
std::vector<JobRecord> wait_for(const LocalSlurm& slurm, const std::string& job, std::size_t tasks,
                                std::chrono::seconds limit, OnPoll&& on_poll) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    const auto records = job_records(slurm, job);
    on_poll(records);
    bool done = records.size() == tasks;
    for (const auto& r : records) done = done && finished(r.state);
    if (done) return records;
    if (std::chrono::steady_clock::now() > deadline) {
      FAIL("job " << job << " did not end within " << limit.count() << " s:\n"
                  << slurm.run("scontrol -o show job " + job).output);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

/// True (after saying why) where the cluster cannot start here: ctest then reports the test
/// skipped (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt). Any other failure to start fails.
bool cannot_start(const LocalSlurm& slurm) {
  if (slurm.exit_code() == 77) {
    WARN("msabm-skip: a local Slurm cannot start here: " << slurm.output());
    return true;
  }
  INFO(slurm.output());
  REQUIRE(slurm.exit_code() == 0);
  return false;
}

}  // namespace

TEST_CASE("sweep: sbatch runs the job-array script on a real Slurm with the local run's results",
          "[sweep][slurm][real_slurm]") {
  TempDir dir("real-slurm");
  const LocalSlurm slurm(dir.path() / "cluster");
  if (cannot_start(slurm)) return;

  // 12 members of about a second, one per array task, two at a time on this machine's 2 CPUs.
  const fs::path sweep = kSource / "configs/sweeps/small.yaml";
  const fs::path out = dir.path() / "slurm-out";
  const auto g = run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --slurm");
  INFO(g.output);
  REQUIRE(g.exit_code == 0);
  const std::string job = submit(slurm, out / "small.sbatch");
  const fs::path local = dir.path() / "local";
  auto local_run = std::async(std::launch::async, [&] {
    return run_msabm("sweep " + sweep.string() + " --out " + local.string() + " --quiet");
  });

  const auto records = wait_for(slurm, job, 12, std::chrono::seconds(300), [](const auto&) {});
  for (const auto& r : records) {
    INFO(read_text(dir.path() / "cluster/slurmctld.log"));
    CHECK(r.state == "COMPLETED");
    CHECK(r.exit_code == "0:0");
    CHECK(r.restarts == 0);
  }
  REQUIRE(local_run.get().exit_code == 0);
  // Each task wrote its log where the script says, and ran on the cluster's node.
  int logs = 0;
  for (const auto& e : fs::directory_iterator(out / "slurm")) {
    CHECK_THAT(read_text(e.path()), Catch::Contains("msabm sweep small: task"));
    ++logs;
  }
  CHECK(logs == 12);
  check_same_results(read_csv(local / "sweep_summary.csv"), read_csv(out / "sweep_summary.csv"));
  for (int k = 0; k < 12; ++k) {
    CHECK(read_json(member_dir(out, k) / "summary.json").at("state_digest") ==
          read_json(member_dir(local, k) / "summary.json").at("state_digest"));
  }
}

TEST_CASE("sweep: a member stopped by Slurm at its time limit is requeued and continues from its "
          "checkpoint",
          "[sweep][slurm][real_slurm]") {
  TempDir dir("real-slurm-limit");
  const LocalSlurm slurm(dir.path() / "cluster");
  if (cannot_start(slurm)) return;

  // Slurm checks time limits every 30 s: with a 1 min limit and the signal asked for 55 s before
  // it, the task gets SIGUSR1 5 to 35 s after it starts. The test holds the member (stopped,
  // with its signal handlers in place) until the signal has reached it, so that the member is
  // still running when its time is up however fast this machine is.
  const fs::path sweep = write_sweep(dir.path(), "limit.yaml",
                                     "name: limit\n"
                                     "threads: 1\n"
                                     "set: {time.duration: \"6 d\"}\n"
                                     "vary:\n  patches.lesion.agents.effector.count: [300]\n"
                                     "slurm: {time: \"1 min\", signal_before: \"55 s\"}\n");
  const fs::path out = dir.path() / "slurm-out";
  REQUIRE(run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --slurm").exit_code ==
          0);
  const std::string job = submit(slurm, out / "limit.sbatch");
  // The uninterrupted run, on the other CPU meanwhile.
  const fs::path local = dir.path() / "local";
  auto local_run = std::async(std::launch::async, [&] {
    return run_msabm("sweep " + sweep.string() + " --out " + local.string() + " --quiet");
  });

  const pid_t held = hold_member(out, 0, 120);
  if (held <= 0) FAIL("member 0 was not seen running under Slurm");
  // The batch script passes Slurm's SIGUSR1 on to the member as SIGTERM.
  const bool signalled = wait_until(90, [&] { return signal_pending(held, SIGTERM); });
  ::kill(held, SIGCONT);
  REQUIRE(signalled);

  // Slurm starts a requeued job again once its credential has expired (cred_expire, 20 s in
  // local_slurm.sh; starting it earlier fails with "Job credential revoked"). The test gives the
  // second attempt time to finish (as an administrator would), without moving its start.
  bool extended = false;
  const auto records =
      wait_for(slurm, job, 1, std::chrono::seconds(300), [&](const std::vector<JobRecord>& rs) {
        if (!extended && rs.size() == 1 && rs[0].state == "PENDING" && rs[0].restarts > 0) {
          const auto u = slurm.run("scontrol update jobid=" + job + " TimeLimit=10");
          INFO(u.output);
          CHECK(u.exit_code == 0);
          extended = true;
        }
      });
  const std::string task_log = read_text(out / "slurm" / (job + "_0.out"));
  INFO(task_log);
  INFO(read_text(member_dir(out, 0) / "log.txt"));
  INFO("slurmctld.log:\n" << read_text(dir.path() / "cluster/slurmctld.log"));
  INFO("slurmd.log:\n" << read_text(dir.path() / "cluster/slurmd.log"));
  CHECK(records[0].state == "COMPLETED");
  CHECK(records[0].restarts == 1);
  // The first attempt was stopped by the signal, wrote its checkpoint and requeued itself.
  CHECK_THAT(task_log, Catch::Contains("unfinished members continue from their checkpoints"));
  CHECK_THAT(read_text(member_dir(out, 0) / "log.txt"),
             Catch::Contains("restart from checkpoint"));
  CHECK(read_json(member_dir(out, 0) / "status.json").at("status") == "ok");
  REQUIRE(local_run.get().exit_code == 0);
  CHECK(read_json(member_dir(out, 0) / "summary.json").at("state_digest") ==
        read_json(member_dir(local, 0) / "summary.json").at("state_digest"));
  // `ticks_run` counts the ticks this attempt ran (a restarted run reports fewer); the state
  // digest above shows that the state is the same.
  check_same_results(read_csv(local / "sweep_summary.csv"), read_csv(out / "sweep_summary.csv"),
                     {"ticks_run"});
}
