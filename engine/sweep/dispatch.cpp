#include "engine/sweep/dispatch.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <ctime>

namespace msabm::sweep {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;
volatile std::sig_atomic_t g_checkpoint_requests = 0;
int g_installed = 0;
struct sigaction g_previous[3];
constexpr int kSignals[3] = {SIGTERM, SIGINT, SIGUSR1};

void on_signal(int sig) {
  if (sig == SIGUSR1) {
    g_checkpoint_requests = 1;
  } else if (g_stop_signal == 0) {
    g_stop_signal = sig;
  }
}

std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

StopSignals::StopSignals() {
  if (g_installed++ > 0) return;
  g_stop_signal = 0;
  g_checkpoint_requests = 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a signal wakes the poll loop's sleep
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &sa, &g_previous[i]);
}

StopSignals::~StopSignals() {
  if (--g_installed > 0) return;
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &g_previous[i], nullptr);
}

int StopSignals::stop_signal() {
  return g_stop_signal;
}

bool StopSignals::take_checkpoint_request() {
  if (g_checkpoint_requests == 0) return false;
  g_checkpoint_requests = 0;
  return true;
}

void nap() {
  const timespec t{0, 20'000'000};  // 20 ms
  ::nanosleep(&t, nullptr);
}

// ---- progress ----

SweepProgress::SweepProgress(std::string name, int members, int already_done, int to_run,
                             bool enabled)
    : name_(std::move(name)),
      members_(members),
      already_done_(already_done),
      to_run_(to_run),
      enabled_(enabled),
      tty_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

std::string SweepProgress::line(std::size_t running) const {
  const int finished = ok_ + failed_ + interrupted_;
  const auto pending = std::max<long long>(0, to_run_ - finished - static_cast<long long>(running));
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string eta = "ETA -";
  if (finished > 0 && to_run_ > finished) {
    eta = "ETA " + clock_text(elapsed / finished * (to_run_ - finished));
  } else if (to_run_ <= finished) {
    eta = "finished";
  }
  std::string text = fmt::format("sweep {}: {}/{} done", name_, already_done_ + ok_, members_);
  if (failed_ > 0) text += fmt::format(", {} failed", failed_);
  if (interrupted_ > 0) text += fmt::format(", {} interrupted", interrupted_);
  return text + fmt::format(", {} running, {} pending, elapsed {}, {}", running, pending,
                            clock_text(elapsed), eta);
}

void SweepProgress::note(const std::string& text) {
  if (line_open_) fmt::print(stderr, "\r{:<100}\r", "");
  line_open_ = false;
  fmt::print(stderr, "{}\n", text);
}

void SweepProgress::finished(const Finished& f) {
  switch (f.status.state) {
    case State::Ok:
      ++ok_;
      break;
    case State::Interrupted:
      ++interrupted_;
      break;
    default:
      ++failed_;
      break;
  }
  if (f.status.state == State::Failed) {
    note(fmt::format("sweep {}: member {} failed: {}", name_, f.member, f.status.error));
  } else if (enabled_ && !tty_) {
    note(fmt::format("sweep {}: member {} {} ({:.1f} s{})", name_, f.member,
                     state_name(f.status.state), f.status.wall_s,
                     f.status.rank >= 0 ? fmt::format(", rank {}", f.status.rank) : ""));
  }
}

void SweepProgress::update(std::size_t running, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_).count();
  if (!force && since < (tty_ ? 0.5 : 30.0)) return;
  last_ = now;
  if (tty_) {
    fmt::print(stderr, "\r{:<100}", line(running));
    line_open_ = true;
  } else {
    fmt::print(stderr, "{}\n", line(running));
  }
}

void SweepProgress::done(std::size_t running) {
  if (!enabled_) return;
  update(running, true);
  if (tty_) fmt::print(stderr, "\n");
  line_open_ = false;
}

// ---- the dispatcher ----

DispatchResult dispatch(std::deque<Job> queue, ChildPool& pool, RemoteWorkers* remote,
                        SummaryTable& table, SweepProgress& progress) {
  DispatchResult result;
  bool forwarded = false;
  const auto running = [&] { return pool.running() + (remote ? remote->running() : 0); };
  table.write();
  progress.update(0, true);
  while (true) {
    const int stop = StopSignals::stop_signal();
    if (stop != 0 && !forwarded) {
      forwarded = true;
      result.stopped = true;
      result.stop_signal = stop;
      progress.note(
          fmt::format("sweep: {} received: running members write a checkpoint and stop; "
                      "no new member starts",
                      stop == SIGINT ? "SIGINT" : "SIGTERM"));
      pool.signal_all(SIGTERM);
    }
    if (StopSignals::take_checkpoint_request()) pool.signal_all(SIGUSR1);

    bool busy = false;
    while (stop == 0 && pool.has_room() && !queue.empty()) {
      pool.start(queue.front().member, queue.front().mode);
      queue.pop_front();
      busy = true;
    }
    std::vector<Finished> finished = pool.reap();
    if (remote) remote->poll(queue, stop != 0, finished);
    for (auto& f : finished) {
      progress.finished(f);
      table.set(f.member, std::move(f.row));
      busy = true;
    }
    table.write_if_due();
    progress.update(running());
    const bool queue_done = queue.empty() || stop != 0;
    if (queue_done && pool.running() == 0 && (!remote || remote->all_done())) break;
    if (!busy) nap();
  }
  table.write();
  progress.done(0);
  return result;
}

}  // namespace msabm::sweep
