#pragma once
// Shared by the io tests: small configs, running msabm as a child process (to signal or kill
// it), and comparing HDF5 groups with h5diff.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/command.hpp"

extern char** environ;

namespace msabm::testing {

inline const std::string kExe = MSABM_EXE;

/// A small run with every kind of state: a diffusing field with a source, a static and a
/// motile kind with per-agent variables, births, deaths, kills and a protocol event. Output
/// intervals are short so that a minute-long run writes many rows, snapshots and checkpoints.
inline std::string small_config(const std::string& duration = "60 min",
                                const std::string& output = "") {
  return "seed: 11\n"
         "time: {step: \"1 min\", duration: \"" + duration + "\", sort_interval: \"10 min\"}\n"
         "patches:\n"
         "  p:\n"
         "    lattice: {dims: [16, 14, 12], voxel_size: \"10 um\", origin: [\"-80 um\", \"0 um\", \"5 um\"], capacity: 2}\n"
         "    fields:\n"
         "      chemokine:\n"
         "        diffusion: \"100 um^2/min\"\n"
         "        decay: \"0.01 1/min\"\n"
         "        sources: [{position: [\"0 um\", \"70 um\", \"65 um\"], rate: \"100 1/min\"}]\n"
         "    agents:\n"
         "      prey: {model: target, count: 150}\n"
         "      w:\n"
         "        model: walker\n"
         "        count: 500\n"
         "        motility: {diffusivity: \"10 um^2/min\"}\n"
         "        chemotaxis: {bias: 0.3, gradient: {type: field, field: chemokine}}\n"
         "        contact: {prey: prey, kill_rate: \"0.05 1/min\"}\n"
         "        population: {division_rate: \"0.01 1/min\", death_rate: \"0.01 1/min\", period: \"2 min\"}\n"
         "protocol:\n"
         "  - {at: \"20 min\", action: add_agents, patch: p, kind: w, count: 50}\n"
         "output: {progress: false, series_interval: \"5 min\", snapshot_interval: \"10 min\", "
         "checkpoint_interval: \"30 min\", checkpoint_wall_interval: \"0 min\", compression: 1" +
         (output.empty() ? std::string() : ", " + output) + "}\n";
}

inline CommandResult run_msabm(const std::string& args) { return run_command(kExe + " " + args); }

inline std::string quote(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

inline nlohmann::json summary_of(const std::filesystem::path& out) {
  return nlohmann::json::parse(read_text(out / "summary.json"));
}

/// h5diff exit code comparing `object` (e.g. "/series") in two files: 0 identical, 1 different.
inline int h5diff(const std::filesystem::path& a, const std::filesystem::path& b, const std::string& object) {
  return run_command("h5diff -r " + quote(a) + " " + quote(b) + " " + object + " " + object + " >/dev/null").exit_code;
}

/// msabm running in the background, its output going to a file.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args, const std::filesystem::path& log) {
    std::vector<std::string> all{kExe};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, kExe.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Child() {
    if (pid_ > 0 && !done_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  [[nodiscard]] bool started() const { return pid_ > 0; }
  void signal(int sig) const {
    if (pid_ > 0) ::kill(pid_, sig);  // never kill(-1): that signals every process of the user
  }
  /// True when the child has ended (without waiting).
  bool poll() {
    if (done_) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      done_ = true;
      status_ = status;
    }
    return done_;
  }
  /// Waits for the end; returns the exit code, or 128 + signal when killed.
  int wait() {
    if (!done_) {
      ::waitpid(pid_, &status_, 0);
      done_ = true;
    }
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  }

 private:
  pid_t pid_ = -1;
  bool done_ = false;
  int status_ = 0;
};

/// Waits until `path` exists (or `seconds` pass); false on time-out.
inline bool wait_for_file(const std::filesystem::path& path, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (std::filesystem::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

}  // namespace msabm::testing
