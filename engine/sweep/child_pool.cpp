#include "engine/sweep/child_pool.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <ctime>

#include "engine/io/output_dir.hpp"

extern char** environ;

namespace msabm::sweep {
namespace fs = std::filesystem;

namespace {

/// `msabm run` exit code for "stopped by a signal after writing a checkpoint" (engine/cli/cli.hpp).
constexpr int kRunInterrupted = 3;
/// `msabm run` exit code for bad input.
constexpr int kRunBadInput = 2;

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

std::string now_text() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string_view mode_name(StartMode mode) {
  switch (mode) {
    case StartMode::Fresh:
      return "start";
    case StartMode::Overwrite:
      return "start over";
    case StartMode::Restart:
      return "restart from checkpoint";
  }
  return "start";
}

/// Owns posix_spawn's attribute objects.
struct SpawnSetup {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attr{};
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

}  // namespace

ChildPool::ChildPool(const Plan& plan, LaunchSettings settings, int capacity)
    : plan_(plan),
      settings_(std::move(settings)),
      capacity_(std::max(1, capacity)),
      host_(host_name()) {}

ChildPool::~ChildPool() {
  for (const auto& c : children_) ::kill(c.pid, SIGTERM);
  for (const auto& c : children_) {
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

pid_t ChildPool::spawn(int member, StartMode mode) {
  const Member& m = plan_.members.at(static_cast<std::size_t>(member));
  const fs::path dir = member_dir(settings_.out, plan_, member);
  fs::create_directories(dir);
  write_member_file(plan_, m, dir, settings_.exe, settings_.threads);
  write_status(dir, member, MemberStatus{State::Running, -1, "", 0, host_, settings_.rank});

  const fs::path log_path = dir / kLogFile;
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0)
    throw std::system_error(errno, std::generic_category(), "cannot write " + log_path.string());
  const std::vector<std::string> args = run_arguments(plan_, m, dir, settings_.threads, mode);
  std::string header =
      fmt::format("==== msabm sweep '{}' member {}: {} on {} at {}\n====", plan_.name, member,
                  mode_name(mode), host_, now_text());
  for (const auto& a : args) header += " " + a;
  header += "\n";
  [[maybe_unused]] const auto written = ::write(log, header.data(), header.size());

  std::vector<std::string> argv_text = {settings_.exe.string()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  SpawnSetup setup;
  posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&setup.actions, log, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, log, STDERR_FILENO);
  // The member handles SIGTERM/SIGINT/SIGUSR1 itself, even when this process ignores them.
  sigset_t defaults, empty;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGUSR1);
  sigemptyset(&empty);
  posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  posix_spawnattr_setsigmask(&setup.attr, &empty);
  posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, argv[0], &setup.actions, &setup.attr, argv.data(), environ);
  ::close(log);
  if (rc != 0) {
    throw std::system_error(rc, std::generic_category(), "cannot start " + settings_.exe.string());
  }
  return pid;
}

void ChildPool::start(int member, StartMode mode) {
  const auto begin = std::chrono::steady_clock::now();
  try {
    children_.push_back({spawn(member, mode), member, mode, begin});
  } catch (const std::exception& e) {
    Finished f;
    f.member = member;
    f.status = MemberStatus{
        State::Failed, -1, fmt::format("could not start: {}", e.what()), 0, host_, settings_.rank};
    const fs::path dir = member_dir(settings_.out, plan_, member);
    try {
      write_status(dir, member, f.status);
    } catch (const std::exception&) {
      // The folder itself is unusable; the summary still records the failure.
    }
    f.row = member_row(plan_, plan_.members.at(static_cast<std::size_t>(member)), f.status, dir);
    not_started_.push_back(std::move(f));
  }
}

Finished ChildPool::finish(const Child& child, int wait_status) {
  const fs::path dir = member_dir(settings_.out, plan_, child.member);
  std::error_code ec;
  MemberStatus s;
  s.host = host_;
  s.rank = settings_.rank;
  s.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - child.start).count();
  if (WIFEXITED(wait_status)) {
    s.exit_code = WEXITSTATUS(wait_status);
    if (s.exit_code == 0 && fs::exists(dir / kSummaryFile, ec)) {
      s.state = State::Ok;
    } else if (s.exit_code == kRunInterrupted) {
      s.state = State::Interrupted;
      s.error = "stopped by a signal after writing a checkpoint";
    } else {
      s.state = stopping_ ? State::Interrupted : State::Failed;
      s.error = error_from_log(dir / kLogFile);
      if (s.exit_code == 0) s.error = "finished without writing summary.json";
      if (s.error.empty()) s.error = fmt::format("exit code {}", s.exit_code);
    }
  } else {
    const int sig = WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0;
    if (stopping_ && (sig == SIGTERM || sig == SIGINT || sig == SIGKILL)) {
      s.state = State::Interrupted;
      s.error = fmt::format("stopped by signal {} ({})", sig, strsignal(sig));
    } else {
      s.state = State::Failed;
      s.error = fmt::format("killed by signal {} ({})", sig, strsignal(sig));
    }
  }
  try {
    write_status(dir, child.member, s);
  } catch (const std::exception&) {
    // Recorded in the summary all the same.
  }
  return {child.member, s,
          member_row(plan_, plan_.members.at(static_cast<std::size_t>(child.member)), s, dir)};
}

std::vector<Finished> ChildPool::reap() {
  std::vector<Finished> done = std::move(not_started_);
  not_started_.clear();
  for (std::size_t i = 0; i < children_.size();) {
    int status = 0;
    const pid_t r = ::waitpid(children_[i].pid, &status, WNOHANG);
    if (r == 0 || (r < 0 && errno == EINTR)) {
      ++i;
      continue;
    }
    const Child child = children_[i];
    children_.erase(children_.begin() + static_cast<std::ptrdiff_t>(i));
    if (r < 0) status = 0x7f00;  // lost (should not happen): reported as failed
    // A checkpoint the run cannot use (bad input) is not worth another try: start over.
    if (!stopping_ && child.mode == StartMode::Restart && WIFEXITED(status) &&
        WEXITSTATUS(status) == kRunBadInput) {
      start(child.member, StartMode::Overwrite);
      continue;
    }
    done.push_back(finish(child, status));
  }
  return done;
}

void ChildPool::signal_all(int signal) {
  if (signal == SIGTERM || signal == SIGINT) stopping_ = true;
  for (const auto& c : children_) ::kill(c.pid, signal);
}

}  // namespace msabm::sweep
