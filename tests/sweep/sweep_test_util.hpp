#pragma once
// Shared by the sweep tests: sweep files next to the small base config, the msabm binary, and
// reading the sweep summary.
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/command.hpp"

namespace msabm::testing {

inline const std::string kExe = MSABM_EXE;
inline const std::filesystem::path kSource = MSABM_SOURCE_DIR;
/// A member of this base config runs in about a second.
inline const std::filesystem::path kSmallBase = kSource / "configs/sweeps/small_base.yaml";

/// Writes `text` as dir/name with `base: <absolute small_base.yaml>` prepended.
inline std::filesystem::path write_sweep(const std::filesystem::path& dir, const std::string& name,
                                         const std::string& text) {
  const std::filesystem::path p = dir / name;
  write_text(p, "base: " + kSmallBase.string() + "\n" + text);
  return p;
}

inline CommandResult run_msabm(const std::string& args) {
  return run_command(kExe + " " + args);
}

/// sweep_summary.csv as rows of column -> text (a simple reader: fields without quotes or
/// commas, as the tests' columns are).
struct Csv {
  std::vector<std::string> columns;
  std::vector<std::map<std::string, std::string>> rows;
};

inline Csv read_csv(const std::filesystem::path& p) {
  Csv csv;
  std::istringstream in(read_text(p));
  std::string line;
  const auto split = [](const std::string& l) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (char c : l) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted) {
        out.push_back(field);
        field.clear();
      } else
        field += c;
    }
    out.push_back(field);
    return out;
  };
  if (!std::getline(in, line)) return csv;
  csv.columns = split(line);
  while (std::getline(in, line)) {
    const auto fields = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < csv.columns.size() && i < fields.size(); ++i)
      row[csv.columns[i]] = fields[i];
    csv.rows.push_back(std::move(row));
  }
  return csv;
}

/// Checks that two sweep summaries of the same sweep (run in different ways: locally, under
/// MPI, under Slurm) hold the same members with status ok and the same values in every column
/// but the timings (and `also_differ`).
inline void check_same_results(const Csv& a, const Csv& b,
                               const std::set<std::string>& also_differ = {}) {
  REQUIRE(a.rows.size() == b.rows.size());
  CHECK(a.columns == b.columns);
  const std::set<std::string> timings = {"member_wall_s", "wall_s", "steps_per_s", "peak_rss_bytes",
                                         "agent_updates_per_s"};
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    INFO("member " << i);
    CHECK(a.rows[i].at("status") == "ok");
    CHECK(b.rows[i].at("status") == "ok");
    for (const auto& c : a.columns) {
      const bool timing = timings.count(c) != 0 || c.rfind("wall_s_by_process.", 0) == 0;
      INFO("column " << c);
      if (!timing && also_differ.count(c) == 0) CHECK(a.rows[i].at(c) == b.rows[i].at(c));
    }
  }
}

/// The folder of member k under a sweep's output folder (members/NNNN).
inline std::filesystem::path member_dir(const std::filesystem::path& out, int k) {
  const std::string id = std::to_string(k);
  return out / "members" / (std::string(id.size() < 4 ? 4 - id.size() : 0, '0') + id);
}

inline nlohmann::json read_json(const std::filesystem::path& p) {
  return nlohmann::json::parse(read_text(p));
}

/// Prefix for commands that may load Open MPI under AddressSanitizer (Open MPI's own
/// allocations are reported as leaks), and that may run as root in containers.
inline std::string mpi_env() {
  std::string env = "ASAN_OPTIONS=detect_leaks=0 ";
  if (::geteuid() == 0) env += "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ";
  return env;
}

/// The pid of the process that runs member k of the sweep in `out` (`msabm run ... --out
/// OUT/members/NNNN`, started by `msabm sweep --member k`; found in /proc), or -1.
inline pid_t member_process(const std::filesystem::path& out, int k) {
  const std::vector<std::string> wanted = {"--out", member_dir(out, k).string()};
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline");
    std::vector<std::string> args;
    for (std::string arg; std::getline(in, arg, '\0');) args.push_back(arg);
    for (std::size_t i = 0; i + wanted.size() <= args.size(); ++i) {
      if (std::equal(wanted.begin(), wanted.end(), args.begin() + static_cast<std::ptrdiff_t>(i))) {
        return static_cast<pid_t>(std::stol(name));
      }
    }
  }
  return -1;
}

/// Whether process `pid`'s signal mask `field` of /proc/PID/status ("SigPnd", "ShdPnd",
/// "SigCgt", ...) holds `signal`.
inline bool signal_in_mask(pid_t pid, const std::string& field, int signal) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) {
      const unsigned long long mask = std::stoull(line.substr(field.size() + 1), nullptr, 16);
      return ((mask >> (signal - 1)) & 1ULL) != 0;
    }
  }
  return false;
}

/// Whether `signal` waits, not yet delivered, for process `pid` (e.g. while it is stopped).
inline bool signal_pending(pid_t pid, int signal) {
  return signal_in_mask(pid, "SigPnd", signal) || signal_in_mask(pid, "ShdPnd", signal);
}

/// Polls `done` every 10 ms for up to `seconds`; returns its last answer.
template <class Done>
bool wait_until(double seconds, Done&& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

/// Holds member k of the sweep in `out` (SIGSTOP) while it runs with its SIGTERM handler in
/// place, so that a signal sent to its task finds it still running however fast this machine
/// is; returns its pid, or -1 when it was not seen so within `seconds`. Resume it with SIGCONT.
inline pid_t hold_member(const std::filesystem::path& out, int k, double seconds) {
  pid_t held = -1;
  wait_until(seconds, [&] {
    const pid_t pid = member_process(out, k);
    if (pid <= 0 || !signal_in_mask(pid, "SigCgt", SIGTERM) || ::kill(pid, SIGSTOP) != 0) {
      return false;
    }
    // Once stopped the handler cannot change; it may have gone just before (run finished).
    const bool stopped = wait_until(5, [&] {
      std::ifstream in("/proc/" + std::to_string(pid) + "/status");
      for (std::string line; std::getline(in, line);) {
        if (line.rfind("State:", 0) == 0) return line.find('T') != std::string::npos;
      }
      return true;  // gone
    });
    if (stopped && signal_in_mask(pid, "SigCgt", SIGTERM)) held = pid;
    else ::kill(pid, SIGCONT);
    return held > 0;
  });
  return held;
}

inline bool have_command(const std::string& name) {
  return run_command("command -v " + name + " >/dev/null").exit_code == 0;
}

}  // namespace msabm::testing
