// Continuing runs from checkpoints, through the msabm binary: a restart from the half-way
// checkpoint, SIGTERM / SIGUSR1 sent to a running job, and kill -9 at 200 random moments. A continued
// run must end in the same state (summary.json's state_digest) with the same series and
// snapshots (h5diff) as an uninterrupted one.
#include <catch2/catch.hpp>

#include <random>

#include "engine/io/checkpoint_reader.hpp"
#include "engine/io/hdf5_read.hpp"
#include "io/io_support.hpp"

using namespace msabm;
using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {

void require_same_results(const fs::path& a, const fs::path& b) {
  CHECK(summary_of(b)["state_digest"] == summary_of(a)["state_digest"]);
  CHECK(h5diff(a / "result.h5", b / "result.h5", "/series") == 0);
  CHECK(h5diff(a / "result.h5", b / "result.h5", "/snapshots") == 0);
  CHECK(read_text(b / "result.xmf") == read_text(a / "result.xmf"));
}

/// Copies the finished run `a` to `b`, continues `b` from its checkpoint.prev.h5 on 2 threads
/// and requires the same results as `a`.
void continue_copy_from_previous_checkpoint(const fs::path& a, const fs::path& b) {
  fs::copy(a, b, fs::copy_options::recursive);
  const auto resumed = run_msabm("run --restart " + quote(b / "checkpoint.prev.h5") + " --threads 2");
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  require_same_results(a, b);
}

/// Waits until the run is inside its main loop: it has written config.yaml (after its outputs
/// are set up, just before it starts watching for signals), and a moment more.
bool wait_until_running(const fs::path& out, double seconds) {
  if (!wait_for_file(out / "config.yaml", seconds)) return false;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  return true;
}

template <class T>
std::vector<T> read(const fs::path& file, const std::string& path) {
  const h5::Handle f = h5::open_file(file, false);
  return h5::read_vector<T>(f.get(), path);
}

/// The parts of a result.h5 that a restart relies on.
struct Published {
  std::vector<std::int64_t> ticks;
  std::vector<std::uint64_t> walkers;
  std::vector<std::string> snapshots;
};

Published published(const fs::path& file) {
  const h5::Handle f = h5::open_file(file, false);
  const h5::Handle snapshots = h5::open_group(f.get(), "snapshots");
  return {h5::read_vector<std::int64_t>(f.get(), "series/tick"),
          h5::exists(f.get(), "series/counts/p/w") ? h5::read_vector<std::uint64_t>(f.get(), "series/counts/p/w")
                                                    : std::vector<std::uint64_t>{},
          h5::members(snapshots.get())};
}

template <class T>
bool is_prefix(const std::vector<T>& part, const std::vector<T>& whole) {
  return part.size() <= whole.size() && std::equal(part.begin(), part.end(), whole.begin());
}

/// One kill: when, what it left (result.h5 and checkpoints as they were right after it, copied
/// aside before the restart changes them), and how the restart went.
struct Trial {
  double delay = 0;
  fs::path left;  ///< copies of what the killed run left
  bool restarted = false;
  CommandResult restart;
};

/// Kills a small run (a series row every minute, a snapshot every 4, a checkpoint and so a
/// publication of result.h5 every 2) with SIGKILL at `trials` random moments spread over its
/// length, four runs at a time. After every kill, result.h5 opens and holds the uninterrupted
/// run's rows and snapshots up to at least the last checkpoint, every checkpoint opens, and
/// (every `restart_every`-th trial) the restart ends with the same state digest, series and
/// snapshots as the uninterrupted run.
void kill_trials(int trials, int restart_every) {
  TempDir dir("io-kill");
  const fs::path cfg = dir.path() / "k.yaml";
  write_text(cfg, small_config("20 min"));
  const std::vector<std::string> often{"--set", "output.checkpoint_interval=\"2 min\"", "--set",
                                       "output.series_interval=\"1 min\"", "--set",
                                       "output.snapshot_interval=\"4 min\""};
  std::string often_args;
  for (std::size_t i = 0; i < often.size(); i += 2) often_args += " --set '" + often[i + 1] + "'";
  const fs::path reference = dir.path() / "reference";
  // The run's length from the moment it creates its work file (setup done) to its end.
  double run_seconds = 0;
  {
    std::vector<std::string> args{"run", cfg.string(), "--out", reference.string()};
    args.insert(args.end(), often.begin(), often.end());
    Child run(args, dir.path() / "reference.log");
    REQUIRE(wait_for_file(reference / "result.h5.work", 60));
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(run.wait() == 0);
    run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  const auto digest = summary_of(reference)["state_digest"];
  const Published whole = published(reference / "result.h5");
  REQUIRE(whole.ticks.size() == 21);

  // Kills and restarts in four threads (runs and restarts are mostly waits: process start,
  // fsync); the checks below, in this thread (Catch2 and HDF5 are not thread-safe).
  std::vector<Trial> done(static_cast<std::size_t>(trials));
  std::mt19937_64 random(2024);
  // From the start of the work file; runs slow down when several go at a time.
  std::uniform_real_distribution<double> moment(0.0, 1.5 * run_seconds);
  for (Trial& t : done) t.delay = moment(random);
  constexpr int kWorkers = 4;
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      for (int i = w; i < trials; i += kWorkers) {
        Trial& t = done[static_cast<std::size_t>(i)];
        const fs::path out = dir.path() / ("trial" + std::to_string(i));
        t.left = dir.path() / ("left" + std::to_string(i));
        {
          std::vector<std::string> args{"run", cfg.string(), "--out", out.string()};
          args.insert(args.end(), often.begin(), often.end());
          Child run(args, dir.path() / ("trial" + std::to_string(w) + ".log"));
          wait_for_file(out / "result.h5.work", 60);
          std::this_thread::sleep_for(std::chrono::duration<double>(t.delay));
          run.signal(SIGKILL);
          run.wait();
        }
        fs::create_directories(t.left);
        for (const char* name : {"result.h5", "checkpoint.h5", "checkpoint.prev.h5"}) {
          std::error_code ec;
          fs::copy_file(out / name, t.left / name, ec);
        }
        if (i % restart_every == 0 && fs::exists(out / "checkpoint.h5")) {
          t.restart = run_msabm("run --restart " + quote(out / "checkpoint.h5"));
          t.restarted = true;
          fs::copy(out, t.left / "restarted", fs::copy_options::recursive);
        }
        fs::remove_all(out);
      }
    });
  }
  for (std::thread& w : workers) w.join();

  int published_count = 0, with_checkpoint = 0, restarted = 0, mid_run = 0;
  for (int i = 0; i < trials; ++i) {
    const Trial& t = done[static_cast<std::size_t>(i)];
    INFO("trial " << i << ", killed " << t.delay << " s into a run of " << run_seconds << " s (alone)");
    if (!fs::exists(t.left / "result.h5")) {  // killed before the first publication
      CHECK_FALSE(fs::exists(t.left / "checkpoint.h5"));
      continue;
    }
    Published got;
    REQUIRE_NOTHROW(got = published(t.left / "result.h5"));
    ++published_count;
    CHECK(is_prefix(got.ticks, whole.ticks));
    CHECK(is_prefix(got.walkers, whole.walkers));
    CHECK(is_prefix(got.snapshots, whole.snapshots));
    if (fs::exists(t.left / "checkpoint.prev.h5")) CHECK_NOTHROW(read_checkpoint_header(t.left / "checkpoint.prev.h5"));
    if (!fs::exists(t.left / "checkpoint.h5")) continue;
    ++with_checkpoint;
    CheckpointHeader header;
    REQUIRE_NOTHROW(header = read_checkpoint_header(t.left / "checkpoint.h5"));
    // Everything up to the checkpoint is in result.h5.
    REQUIRE_FALSE(got.ticks.empty());
    CHECK(got.ticks.back() >= header.tick);
    CHECK(static_cast<std::int64_t>(got.snapshots.size()) >= header.next_snapshot);
    if (header.tick < whole.ticks.back()) ++mid_run;
    if (!t.restarted) continue;
    INFO(t.restart.output);
    REQUIRE(t.restart.exit_code == 0);
    const fs::path again = t.left / "restarted";
    CHECK_FALSE(fs::exists(again / "result.unreadable.h5"));
    CHECK(summary_of(again)["state_digest"] == digest);
    CHECK(h5diff(reference / "result.h5", again / "result.h5", "/series") == 0);
    CHECK(h5diff(reference / "result.h5", again / "result.h5", "/snapshots") == 0);
    ++restarted;
  }
  WARN(trials << " kills: result.h5 published in " << published_count << ", all readable; with a checkpoint "
                << with_checkpoint << " (" << mid_run << " before the end), all readable; restarted " << restarted
                << " (each checked against the uninterrupted run)");
  // Kills spread over the run: some after a checkpoint and before the end (10-40 % depending on
  // how fast the loaded machine runs the member against the kill times drawn): coverage, not
  // correctness, which every trial above checks.
  CHECK(with_checkpoint >= trials / 20);
  CHECK(mid_run >= trials / 40);
  CHECK(restarted >= with_checkpoint / restart_every / 2);
}

}  // namespace

TEST_CASE("io: a run with a table, a run-time patch, quiet fields and parameter changes restarts bit-identically",
          "[io][restart]") {
  // Through the binary: the compartments table in /series and snapshots, a patch created from a
  // template and then removed (series columns appear and go to 0), days before day 0, a kill
  // rate scaled for a while, fields at their own period going quiet, idle ticks jumped over.
  TempDir dir("io-restart-engine");
  const fs::path cfg = dir.path() / "course.yaml";
  write_text(cfg, R"(
seed: 4
time: {step: "10 min", duration: "6 d", day_zero: "2 d", sort_interval: "1 h"}
compartments:
  table: traffic
  rows: 20
  initial: {blood: "10 cells", node: "30 cells"}
  flows: [{from: blood, to: node, rate: "1 1/d"}, {from: node, to: blood, rate: "0.3 1/d"}]
  period: "6 h"
patches:
  site:
    lattice: {dims: [12, 12, 12], voxel_size: "10 um", capacity: 2}
    fields:
      signal: {diffusion: "500 um^2/min", decay: "0.02 1/min", initial: "1 1/um^3", quiet_below: "1e-6 1/um^3"}
      solver: {period: "30 min"}
    agents:
      prey: {model: target, count: 100}
      hunter:
        model: walker
        count: 40
        motility: {diffusivity: "0.1 um^2/min", period: "1 h"}
        contact: {prey: prey, kill_rate: "0.0005 1/min", period: "1 h"}
patch_templates:
  extra:
    lattice: {dims: [6, 6, 6], voxel_size: "10 um"}
    agents:
      prey: {model: target, count: 10}
      hunter: {model: walker, count: 5, motility: {diffusivity: "0.1 um^2/min", period: "1 h"},
               contact: {prey: prey, kill_rate: "0.001 1/min", period: "1 h"}}
readouts:
  in_node: {model: table_total, table: traffic, column: node}
protocol:
  - {at: "-1 d", action: create_patch, template: extra, name: extra1}
  - {at: "-1 d", action: scale_parameter, parameter: site.hunter.kill_rate, factor: 4, for: "2 d"}
  - {at: "0 d", every: "1 d", times: 2, action: add_agents, patch: site, kind: prey, count: 5}
  - {at: "3 d", action: remove_patch, patch: extra1}
output: {progress: false, series_interval: "6 h", snapshot_interval: "1 d", checkpoint_interval: "1 d",
         checkpoint_wall_interval: "0 min", compression: 1}
)");
  const fs::path a = dir.path() / "a";
  const auto whole = run_msabm("run " + quote(cfg) + " --out " + quote(a));
  INFO(whole.output);
  REQUIRE(whole.exit_code == 0);
  const auto summary = summary_of(a);
  CHECK(summary["ticks_run"].get<double>() < 0.5 * summary["steps"].get<double>());  // idle ticks jumped
  CHECK(read<double>(a / "result.h5", "/series/tables/traffic/node").size() == 25);
  const auto extra = read<std::uint64_t>(a / "result.h5", "/series/counts/extra1/hunter");
  REQUIRE(extra.size() == 25);
  CHECK(extra[0] == 0);   // before day -1 (day 1 of the run)
  CHECK(extra[8] > 0);    // day 2 of the run
  CHECK(extra[24] == 0);  // removed on protocol day 3 (day 5 of the run)
  // Continue from the checkpoint of day 5 of the run: extra1 still alive, its removal (protocol
  // day 3) due at that very tick.
  continue_copy_from_previous_checkpoint(a, dir.path() / "b");
}

TEST_CASE("io: a run restarted from its half-way checkpoint is bit-identical", "[io][restart]") {
  TempDir dir("io-restart");
  const fs::path cfg = dir.path() / "small.yaml";
  write_text(cfg, small_config("60 min"));
  const fs::path a = dir.path() / "a";
  REQUIRE(run_msabm("run " + quote(cfg) + " --out " + quote(a)).exit_code == 0);
  // Checkpoints every 30 min: checkpoint.prev.h5 holds t = 30 min, checkpoint.h5 the end.
  REQUIRE(run_msabm("info " + quote(a / "checkpoint.prev.h5")).output.find("30 of 60 min") != std::string::npos);

  // Continue in a copy of the folder: the rows and snapshots after 30 min are taken again.
  const fs::path b = dir.path() / "b";
  continue_copy_from_previous_checkpoint(a, b);
  CHECK_THAT(run_msabm("info " + quote(b / "result.h5")).output, Catch::Contains("restarts 1"));

  // Continue into a new folder: it holds what follows the checkpoint, equal to a's tail.
  const fs::path c = dir.path() / "c";
  REQUIRE(run_msabm("run --restart " + quote(a / "checkpoint.prev.h5") + " --out " + quote(c)).exit_code == 0);
  CHECK(summary_of(c)["state_digest"] == summary_of(a)["state_digest"]);
  for (const char* snap : {"/snapshots/000004", "/snapshots/000005", "/snapshots/000006"}) {
    CHECK(h5diff(a / "result.h5", c / "result.h5", snap) == 0);
  }
  const auto time_a = read<double>(a / "result.h5", "series/time");
  const auto time_c = read<double>(c / "result.h5", "series/time");
  REQUIRE(time_c.size() == 6);  // 35 .. 60 min
  CHECK(std::equal(time_c.begin(), time_c.end(), time_a.end() - 6));
  const auto w_a = read<std::uint64_t>(a / "result.h5", "series/counts/p/w");
  const auto w_c = read<std::uint64_t>(c / "result.h5", "series/counts/p/w");
  CHECK(std::equal(w_c.begin(), w_c.end(), w_a.end() - 6));

  // The config may be repeated beside --restart, but must be the checkpoint's.
  CHECK(run_msabm("run " + quote(cfg) + " --restart " + quote(a / "checkpoint.prev.h5") + " --out " +
              quote(dir.path() / "d")).exit_code == 0);
  const auto other = run_msabm("run " + quote(cfg) + " --seed 12 --restart " + quote(a / "checkpoint.prev.h5") +
                           " --out " + quote(dir.path() / "e"));
  CHECK(other.exit_code == 2);
  CHECK_THAT(other.output, Catch::Contains("differs from the config of checkpoint"));
  CHECK_FALSE(fs::exists(dir.path() / "e"));
  const auto set = run_msabm("run --set seed=4 --restart " + quote(a / "checkpoint.prev.h5"));
  CHECK(set.exit_code == 2);
  CHECK(run_msabm("run").exit_code == 2);
}

TEST_CASE("io: SIGTERM stops a run with a checkpoint (exit 3), SIGUSR1 checkpoints and goes on",
          "[io][restart]") {
  TempDir dir("io-signal");
  const fs::path cfg = dir.path() / "long.yaml";
  write_text(cfg, small_config("1500 min", "") );
  const std::string no_checkpoints = "--set 'output.checkpoint_interval=\"0 min\"'";
  const fs::path reference = dir.path() / "reference";
  REQUIRE(run_msabm("run " + quote(cfg) + " " + no_checkpoints + " --out " + quote(reference)).exit_code == 0);

  const fs::path stopped = dir.path() / "stopped";
  {
    Child run({"run", cfg.string(), "--set", "output.checkpoint_interval=\"0 min\"", "--out", stopped.string()},
              dir.path() / "stopped.log");
    REQUIRE(run.started());
    REQUIRE(wait_until_running(stopped, 60));
    run.signal(SIGTERM);
    CHECK(run.wait() == 3);
  }
  const std::string log = read_text(dir.path() / "stopped.log");
  INFO(log);
  CHECK_THAT(log, Catch::Contains("stopped by SIGTERM"));
  REQUIRE(fs::exists(stopped / "checkpoint.h5"));
  CHECK_FALSE(fs::exists(stopped / "summary.json"));
  CHECK_THAT(run_msabm("info " + quote(stopped / "result.h5")).output, Catch::Contains("interrupted"));
  const auto info = run_msabm("info " + quote(stopped / "checkpoint.h5"));
  CHECK(info.exit_code == 0);
  CHECK_THAT(info.output, !Catch::Contains("1500 of 1500 min"));
  const auto resumed = run_msabm("run --restart " + quote(stopped / "checkpoint.h5"));
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  require_same_results(reference, stopped);

  const fs::path usr1 = dir.path() / "usr1";
  {
    Child run({"run", cfg.string(), "--set", "output.checkpoint_interval=\"0 min\"", "--out", usr1.string()},
              dir.path() / "usr1.log");
    REQUIRE(wait_until_running(usr1, 60));
    run.signal(SIGUSR1);
    CHECK(run.wait() == 0);
  }
  REQUIRE(fs::exists(usr1 / "checkpoint.h5"));
  CHECK(summary_of(usr1)["state_digest"] == summary_of(reference)["state_digest"]);
  const fs::path again = dir.path() / "again";
  REQUIRE(run_msabm("run --restart " + quote(usr1 / "checkpoint.h5") + " --out " + quote(again)).exit_code == 0);
  CHECK(summary_of(again)["state_digest"] == summary_of(reference)["state_digest"]);
}

TEST_CASE("io: kill -9 at 200 random moments: result.h5 and checkpoints always open, restarts end bit-identical",
          "[io][restart]") {
  kill_trials(200, 4);
}

// Every trial restarted (about four times as long): run by .ci/run.
TEST_CASE("io: kill -9 at 200 random moments, every trial restarted", "[.][io][restart][kill-all]") {
  kill_trials(200, 1);
}

TEST_CASE("io: --extend continues a finished run, bit-identical to a run that long from the start",
          "[io][restart]") {
  TempDir dir("io-extend");
  const fs::path cfg = dir.path() / "small.yaml";
  // Series every 7 min and snapshots every 25 min: neither divides 60, so the 60-min run has an
  // end-of-run row and snapshot that the 100-min run does not; checkpoints every 30 min put
  // the last one at the end.
  write_text(cfg, small_config("60 min"));
  write_text(dir.path() / "long.yaml", small_config("100 min"));
  const std::string outputs = " --set 'output.series_interval=\"7 min\"' --set 'output.snapshot_interval=\"25 min\"'";
  const fs::path a = dir.path() / "a", b = dir.path() / "b";
  REQUIRE(run_msabm("run " + quote(cfg) + " --out " + quote(a) + outputs).exit_code == 0);
  REQUIRE(run_msabm("run " + quote(dir.path() / "long.yaml") + " --out " + quote(b) + outputs).exit_code == 0);
  const fs::path c = dir.path() / "c";  // the finished 60-min run, for the message below
  fs::copy(a, c, fs::copy_options::recursive);
  const auto extended = run_msabm("run --restart " + quote(a / "checkpoint.h5") + " --extend '40 min' --threads 2");
  INFO(extended.output);
  REQUIRE(extended.exit_code == 0);
  CHECK(summary_of(a)["state_digest"] == summary_of(b)["state_digest"]);
  CHECK(summary_of(a)["simulated_time_min"].get<double>() == 100.0);
  CHECK(h5diff(a / "result.h5", b / "result.h5", "/series") == 0);
  CHECK(h5diff(a / "result.h5", b / "result.h5", "/snapshots") == 0);
  CHECK(read_text(a / "result.xmf") == read_text(b / "result.xmf"));
  CHECK_THAT(run_msabm("info " + quote(a / "result.h5")).output, Catch::Contains("length      100 min"));

  // Restarting a finished run says so (and completes nothing more); --extend needs --restart
  // and a positive time.
  const auto again = run_msabm("run --restart " + quote(c / "checkpoint.h5"));
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Catch::Contains("had reached its end") && Catch::Contains("--extend"));
  CHECK(run_msabm("run " + quote(cfg) + " --extend '1 h' --out " + quote(dir.path() / "x")).exit_code == 2);
  // A folder with a checkpoint and no summary holds an interrupted run: msabm says how to go on.
  fs::remove(c / "summary.json");
  const auto into = run_msabm("run " + quote(cfg) + " --out " + quote(c));
  CHECK(into.exit_code == 2);
  CHECK_THAT(into.output, Catch::Contains("interrupted run") && Catch::Contains("msabm run --restart"));
  const auto bad = run_msabm("run --restart " + quote(a / "checkpoint.h5") + " --extend '3 um'");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("--extend '3 um'"));
}
