#include "engine/sweep/sweep_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <deque>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/config/error.hpp"
#include "engine/io/output_dir.hpp"
#include "engine/sweep/child_pool.hpp"
#include "engine/sweep/dispatch.hpp"
#include "engine/sweep/member_files.hpp"
#include "engine/sweep/mpi_session.hpp"
#include "engine/sweep/plan.hpp"
#include "engine/sweep/slurm_script.hpp"
#include "engine/sweep/summary_table.hpp"
#include "engine/version.hpp"

namespace msabm::sweep {
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr std::string_view kPlanFile = "sweep_plan.json";
constexpr std::string_view kSweepCopy = "sweep.yaml";
constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitStopped = 3;

fs::path self_exe() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path("msabm") : p;
}

fs::path absolute_path(const fs::path& p) {
  std::error_code ec;
  return fs::absolute(p, ec).lexically_normal();
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string plan_json(const Plan& plan) {
  json j;
  j["sweep"] = plan.name;
  j["sweep_file"] = plan.file.string();
  j["base"] = plan.base.string();
  j["fingerprint"] = plan.fingerprint();
  j["msabm_version"] = kVersion;
  j["sampling"] = plan.sampling_name();
  j["points"] = plan.points;
  j["replicates"] = plan.replicates;
  j["members"] = plan.members.size();
  j["seed"] = plan.seed;
  j["seeds"] = plan.common_seeds ? "common" : "independent";
  json fixed = json::object();
  for (const auto& f : plan.fixed) fixed[f.key] = f.yaml;
  j["set"] = fixed;
  json keys = json::array();
  for (const auto& k : plan.keys)
    keys.push_back({{"key", k.key}, {"kind", k.kind}, {"unit", k.unit}});
  j["varied"] = keys;
  json members = json::array();
  for (const auto& m : plan.members) {
    json values = json::object();
    for (std::size_t k = 0; k < plan.keys.size(); ++k) values[plan.keys[k].key] = m.values[k].yaml;
    members.push_back({{"member", m.id},
                       {"point", m.point},
                       {"replicate", m.replicate},
                       {"seed", m.seed},
                       {"values", values}});
  }
  j["member_list"] = members;
  return j.dump(1) + "\n";
}

/// Makes sure `out` holds this sweep or none, and records it there. With `fresh`, a folder that
/// already holds this sweep is refused (nothing is overwritten without --resume/--overwrite).
void claim_out_dir(const Plan& plan, const fs::path& out, bool fresh) {
  std::error_code ec;
  const fs::path plan_path = out / kPlanFile;
  if (fs::exists(plan_path, ec)) {
    std::string fingerprint, name;
    try {
      const auto j = nlohmann::json::parse(read_file(plan_path));
      fingerprint = j.value("fingerprint", "");
      name = j.value("sweep", "");
    } catch (const nlohmann::json::exception&) {
      throw InputError(fmt::format("output folder '{}' holds a damaged {}; choose another --out",
                                   out.string(), kPlanFile));
    }
    if (fingerprint != plan.fingerprint()) {
      throw InputError(
          fmt::format("output folder '{}' holds another sweep ('{}', different members or seeds); "
                      "choose another --out",
                      out.string(), name));
    }
    if (fresh) {
      throw InputError(
          fmt::format("output folder '{}' already holds this sweep; pass --resume to finish it, "
                      "--overwrite to run "
                      "it again, or choose another --out",
                      out.string()));
    }
    return;
  }
  if (fs::exists(out, ec) && !fs::is_directory(out, ec)) {
    throw InputError(fmt::format("output path '{}' exists and is not a folder", out.string()));
  }
  fs::create_directories(out / "members", ec);
  if (ec)
    throw InputError(
        fmt::format("cannot create output folder '{}': {}", out.string(), ec.message()));
  write_file_atomically(out / kSweepCopy, read_file(plan.file));
  write_file_atomically(plan_path, plan_json(plan));
}

void print_members(const Plan& plan) {
  std::vector<std::string> head = {"member", "point", "replicate", "seed"};
  for (const auto& k : plan.keys) head.push_back(k.key);
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : plan.members) {
    std::vector<std::string> r = {fmt::format("{}", m.id), fmt::format("{}", m.point),
                                  fmt::format("{}", m.replicate), fmt::format("{}", m.seed)};
    for (const auto& v : m.values) r.push_back(v.yaml);
    rows.push_back(std::move(r));
  }
  std::vector<std::size_t> width(head.size());
  for (std::size_t c = 0; c < head.size(); ++c) {
    width[c] = head[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
  }
  const auto print_row = [&](const std::vector<std::string>& r) {
    std::string line;
    for (std::size_t c = 0; c < r.size(); ++c) {
      line += c + 1 < r.size() ? fmt::format("{:<{}}  ", r[c], width[c]) : r[c];
    }
    fmt::print("{}\n", line);
  };
  print_row(head);
  for (const auto& r : rows) print_row(r);
}

std::string design_text(const Plan& plan) {
  return fmt::format("{} member{} ({} point{} x {} replicate{}, {})", plan.members.size(),
                     plan.members.size() == 1 ? "" : "s", plan.points, plan.points == 1 ? "" : "s",
                     plan.replicates, plan.replicates == 1 ? "" : "s", plan.sampling_name());
}

void validate(const Plan& plan, const Registry& registry, bool progress) {
  const bool tty = progress && isatty(STDERR_FILENO) != 0 && plan.points > 1;
  validate_members(plan, registry, [&](int done, int total) {
    if (tty)
      fmt::print(stderr, "\rsweep {}: validating member configs {}/{}", plan.name, done, total);
  });
  if (tty) fmt::print(stderr, "\r{:<70}\r", "");
}

int run_one_member(const Plan& plan, const SweepRequest& req, int k, const fs::path& out,
                   const fs::path& exe, int threads) {
  const int n = static_cast<int>(plan.members.size());
  if (k < 0 || k >= n) {
    throw InputError(
        fmt::format("--member {}: sweep '{}' has members 0 to {}", k, plan.name, n - 1));
  }
  claim_out_dir(plan, out, false);
  const fs::path dir = member_dir(out, plan, k);
  StartMode mode = StartMode::Fresh;
  if (is_finished(dir)) {
    if (req.resume) {
      if (!req.quiet)
        fmt::print("sweep {}: member {} already finished ({})\n", plan.name, k, dir.string());
      return 0;
    }
    if (!req.overwrite) {
      throw InputError(
          fmt::format("member {} already finished in '{}'; pass --resume to skip it or --overwrite "
                      "to run it again",
                      k, dir.string()));
    }
    mode = StartMode::Overwrite;
  } else if (req.resume) {
    mode = resume_mode(dir);
  } else if (has_attempt(dir)) {
    if (!req.overwrite) {
      throw InputError(
          fmt::format("member {} has results of an earlier attempt in '{}'; pass --resume to "
                      "continue it or --overwrite to start it again",
                      k, dir.string()));
    }
    mode = StartMode::Overwrite;
  }

  ChildPool pool(plan, LaunchSettings{exe, out, threads}, 1);
  const StopSignals signals;
  pool.start(k, mode);
  Finished f;
  bool forwarded = false;
  while (true) {
    if (StopSignals::stop_signal() != 0 && !forwarded) {
      forwarded = true;
      pool.signal_all(SIGTERM);
    }
    if (StopSignals::take_checkpoint_request()) pool.signal_all(SIGUSR1);
    auto done = pool.reap();
    if (!done.empty()) {
      f = std::move(done.front());
      break;
    }
    nap();
  }
  rebuild_summary(plan, out);
  if (f.status.state == State::Ok) {
    if (!req.quiet)
      fmt::print("sweep {}: member {} ok in {:.1f} s ({})\n", plan.name, k, f.status.wall_s,
                 dir.string());
    return 0;
  }
  fmt::print(stderr, "sweep {}: member {} {}: {} (log: {})\n", plan.name, k,
             state_name(f.status.state), f.status.error, (dir / kLogFile).string());
  return f.status.state == State::Interrupted ? kExitStopped : kExitFailed;
}

struct Counts {
  int ok = 0, failed = 0, interrupted = 0, pending = 0;
};

Counts count_rows(const Plan& plan, const SummaryTable& table) {
  Counts c;
  for (const auto& m : plan.members) {
    const std::string s = table.row(m.id).value("status", "pending");
    if (s == "ok")
      ++c.ok;
    else if (s == "failed")
      ++c.failed;
    else if (s == "interrupted")
      ++c.interrupted;
    else
      ++c.pending;
  }
  return c;
}

}  // namespace

int run_sweep(const SweepRequest& req, const Registry& registry) {
  const Plan plan = load_plan(req.sweep_file);
  const fs::path out_given = req.out    ? *req.out
                             : plan.out ? *plan.out
                                        : fs::path("out") / plan.name;
  const fs::path out = absolute_path(out_given);
  const int threads = req.threads.value_or(plan.threads);
  const fs::path exe = req.exe.empty() ? self_exe() : req.exe;

  if (req.summarize) {
    std::error_code ec;
    if (!fs::exists(out / kPlanFile, ec)) {
      throw InputError(fmt::format("'{}' holds no sweep (no {})", out_given.string(), kPlanFile));
    }
    claim_out_dir(plan, out, false);  // checks it is this sweep
    rebuild_summary(plan, out);
    if (!req.quiet)
      fmt::print("sweep {}: summary rebuilt: {}\n", plan.name, (out_given / kSummaryCsv).string());
    return 0;
  }
  if (req.member) return run_one_member(plan, req, *req.member, out, exe, threads);

  std::unique_ptr<MpiSession> mpi;
  if (!req.dry_run && !req.slurm) mpi = MpiSession::start_if_launched();
  const bool root = !mpi || mpi->rank() == 0;
  const bool distributed = mpi && mpi->size() > 1;

  std::deque<Job> queue;
  int already_done = 0;
  if (root) {
    try {
      validate(plan, registry, !req.quiet);
      if (req.dry_run) {
        fmt::print("sweep {}: {}, base {}; every member config is valid\n", plan.name,
                   design_text(plan), plan.base.string());
        print_members(plan);
        return 0;
      }
      if (req.slurm) {
        claim_out_dir(plan, out, false);
        std::error_code ec;
        fs::create_directories(out / "slurm", ec);
        const fs::path script = out / (plan.name + ".sbatch");
        write_file_atomically(script,
                              slurm_script(plan, plan.file, out, absolute_path(exe), threads));
        fs::permissions(script, fs::perms::owner_exec | fs::perms::group_exec,
                        fs::perm_options::add, ec);
        const SlurmLayout layout = slurm_layout(plan);
        fmt::print("sweep {}: {} in {} array tasks of {} members; submit with:\n  sbatch {}\n",
                   plan.name, design_text(plan), layout.tasks, layout.members_per_task,
                   (out_given / script.filename()).string());
        return 0;
      }
      claim_out_dir(plan, out, !req.resume && !req.overwrite);
      for (const auto& m : plan.members) {
        const fs::path dir = member_dir(out, plan, m.id);
        if (req.resume && is_finished(dir)) {
          ++already_done;
          continue;
        }
        StartMode mode = StartMode::Fresh;
        if (req.resume)
          mode = resume_mode(dir);
        else if (req.overwrite && has_attempt(dir))
          mode = StartMode::Overwrite;
        queue.push_back({m.id, mode});
      }
    } catch (const std::exception&) {
      if (distributed) mpi->broadcast(kExitBadInput);
      throw;
    }
    if (distributed) mpi->broadcast(0);
  } else {
    const int code = mpi->broadcast(0);
    if (code != 0) return code;
  }

  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int jobs = req.jobs.value_or(mpi ? 1 : std::max(1, hardware / threads));
  ChildPool pool(plan, LaunchSettings{exe, out, threads, mpi ? mpi->rank() : -1}, jobs);
  const StopSignals signals;

  if (!root) {
    try {
      mpi->work(pool);
    } catch (const std::exception& e) {
      fmt::print(stderr, "msabm: internal error on rank {}: {}\n", mpi->rank(), e.what());
      mpi->abort(kExitFailed);
    }
    return 0;
  }

  SummaryTable table(plan, out);
  if (req.resume) table.load_from_disk();
  if (!req.quiet) {
    std::string where = distributed
                            ? fmt::format("{} at a time on each of {} MPI ranks", jobs, mpi->size())
                            : fmt::format("{} at a time", jobs);
    fmt::print(stderr, "sweep {}: {}{}; running {} ({}, {} thread{} each); results in {}\n",
               plan.name, design_text(plan),
               already_done > 0 ? fmt::format(", {} finished before", already_done) : "",
               queue.size(), where, threads, threads == 1 ? "" : "s", out_given.string());
  }
  SweepProgress progress(plan.name, static_cast<int>(plan.members.size()), already_done,
                         static_cast<int>(queue.size()), !req.quiet);
  DispatchResult result;
  try {
    const std::unique_ptr<RemoteWorkers> remote = distributed ? mpi->workers() : nullptr;
    result = dispatch(std::move(queue), pool, remote.get(), table, progress);
  } catch (const std::exception& e) {
    if (distributed) {
      fmt::print(stderr, "msabm: internal error on rank 0: {}\n", e.what());
      mpi->abort(kExitFailed);
    }
    throw;
  }

  const Counts c = count_rows(plan, table);
  const fs::path summary = out_given / kSummaryCsv;
  if (result.stopped) {
    fmt::print(
        stderr,
        "sweep {}: stopped by {}: {} ok, {} failed, {} interrupted, {} not started; continue with: "
        "msabm sweep {} --out {} --resume\n",
        plan.name, result.stop_signal == SIGINT ? "SIGINT" : "SIGTERM", c.ok, c.failed,
        c.interrupted, c.pending, req.sweep_file.string(), out_given.string());
    return kExitStopped;
  }
  if (c.failed + c.interrupted + c.pending > 0) {
    fmt::print(stderr, "sweep {}: {} of {} members ok, {} failed{}; summary in {}\n", plan.name,
               c.ok, plan.members.size(), c.failed + c.interrupted + c.pending,
               " (see their status.json and log.txt; rerun them with --resume)", summary.string());
    return kExitFailed;
  }
  if (!req.quiet) {
    fmt::print(stderr, "sweep {}: all {} members ok; summary in {}\n", plan.name,
               plan.members.size(), summary.string());
  }
  return 0;
}

}  // namespace msabm::sweep
