// The Slurm job-array script: valid bash (sbatch runs it on a real cluster in real_slurm_test.cpp), and
// run by hand with SLURM_ARRAY_TASK_ID set it runs exactly that task's members; SIGUSR1 (Slurm's
// warning before the time limit) makes the running member checkpoint, and the next attempt
// continues it.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sweep/sweep_test_util.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;

TEST_CASE("sweep: --slurm writes a job-array script that runs each task's members",
          "[sweep][slurm]") {
  TempDir dir("sweep-slurm");
  const fs::path sweep = write_sweep(
      dir.path(), "arr.yaml",
      "name: arr\n"
      "replicates: 2\n"
      "vary:\n  patches.lesion.agents.effector.count: [100, 200, 300, 400]\n"
      "slurm: {tasks: 3, time: \"90 min\", signal_before: \"3 min\", partition: debug,\n"
      "        sbatch: [\"--qos=normal\"]}\n");
  const fs::path out = dir.path() / "out";
  const auto g = run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --slurm");
  INFO(g.output);
  REQUIRE(g.exit_code == 0);
  const fs::path script = out / "arr.sbatch";
  REQUIRE(fs::exists(script));
  const std::string text = read_text(script);
  CHECK_THAT(text, Catch::StartsWith("#!/bin/bash\n"));
  CHECK_THAT(text, Catch::Contains("#SBATCH --array=0-2\n"));  // 8 members: 3 + 3 + 2
  CHECK_THAT(text, Catch::Contains("#SBATCH --time=0-01:30:00\n"));
  CHECK_THAT(text, Catch::Contains("#SBATCH --signal=B:USR1@180\n"));
  CHECK_THAT(text, Catch::Contains("#SBATCH --partition=debug\n"));
  CHECK_THAT(text, Catch::Contains("#SBATCH --qos=normal\n"));
  CHECK_THAT(text, Catch::Contains("--member \"$k\""));
  CHECK(fs::is_directory(out / "slurm"));             // for the tasks' output files
  CHECK_FALSE(fs::exists(out / "members" / "0000"));  // nothing ran

  // Valid bash here; sbatch takes it on a real cluster in real_slurm_test.cpp.
  CHECK(run_command("bash -n " + script.string()).exit_code == 0);

  // Task 1 runs members 3, 4, 5 and nothing else.
  const auto t1 = run_command("SLURM_ARRAY_TASK_ID=1 bash " + script.string());
  INFO(t1.output);
  CHECK(t1.exit_code == 0);
  for (int k = 0; k < 8; ++k) {
    INFO("member " << k);
    CHECK(fs::exists(member_dir(out, k) / "summary.json") == (k >= 3 && k <= 5));
  }
  Csv csv = read_csv(out / "sweep_summary.csv");
  REQUIRE(csv.rows.size() == 8);
  for (int k = 0; k < 8; ++k) {
    CHECK(csv.rows[static_cast<std::size_t>(k)].at("status") ==
          (k >= 3 && k <= 5 ? "ok" : "pending"));
  }
  // A requeued task skips what it finished; the last task runs the last two members.
  const auto again = run_command("SLURM_ARRAY_TASK_ID=1 bash " + script.string());
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Catch::Contains("already finished"));
  CHECK(run_command("SLURM_ARRAY_TASK_ID=2 bash " + script.string()).exit_code == 0);
  CHECK(fs::exists(member_dir(out, 7) / "summary.json"));
  CHECK(run_command("SLURM_ARRAY_TASK_ID=3 bash " + script.string()).exit_code == 2);
  CHECK(run_command("bash " + script.string()).exit_code != 0);  // no task id

  // --summarize rebuilds the same summary from the folders.
  const std::string before = read_text(out / "sweep_summary.csv");
  fs::remove(out / "sweep_summary.csv");
  CHECK(
      run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --summarize").exit_code ==
      0);
  CHECK(read_text(out / "sweep_summary.csv") == before);
}

TEST_CASE(
    "sweep: the Slurm script checkpoints the running member on SIGUSR1 and continues it next time",
    "[sweep][slurm]") {
  TempDir dir("sweep-slurm-usr1");
  const fs::path sweep = write_sweep(dir.path(), "long.yaml",
                                     "name: long\n"
                                     "set: {time.duration: \"6 d\"}\n"
                                     "vary:\n  patches.lesion.agents.effector.count: [100]\n"
                                     "slurm: {requeue: false}\n");
  const fs::path out = dir.path() / "out";
  REQUIRE(run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --slurm").exit_code ==
          0);
  const fs::path script = out / "long.sbatch";
  CHECK_THAT(read_text(script), Catch::Contains("#SBATCH --no-requeue"));
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::setenv("SLURM_ARRAY_TASK_ID", "0", 1);
    const std::string log = (dir.path() / "task.log").string();
    execl("/bin/sh", "sh", "-c", ("exec bash " + script.string() + " >" + log + " 2>&1").c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // The member is held (stopped) with its handlers in place while the task gets the signal, so
  // that it cannot finish first however fast this machine is.
  const pid_t held = hold_member(out, 0, 30);
  if (held <= 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    FAIL("member 0 was not seen running: " << read_text(dir.path() / "task.log"));
  }
  ::kill(pid, SIGUSR1);
  // The script passes SIGTERM on to the member: let the member go once that waits for it.
  CHECK(wait_until(30, [&] { return signal_pending(held, SIGTERM); }));
  ::kill(held, SIGCONT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  INFO(read_text(dir.path() / "task.log"));
  REQUIRE(WIFEXITED(status));
  // A member that finished before the signal proves nothing about the signal: that fails too.
  REQUIRE(WEXITSTATUS(status) == 3);
  CHECK(read_json(member_dir(out, 0) / "status.json").at("status") == "interrupted");
  CHECK(fs::exists(member_dir(out, 0) / "checkpoint.h5"));
  const auto next = run_command("SLURM_ARRAY_TASK_ID=0 bash " + script.string());
  INFO(next.output);
  CHECK(next.exit_code == 0);
  CHECK_THAT(read_text(member_dir(out, 0) / "log.txt"), Catch::Contains("restart from checkpoint"));
  CHECK(read_json(member_dir(out, 0) / "status.json").at("status") == "ok");
}
