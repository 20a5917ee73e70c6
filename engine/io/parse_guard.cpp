#include "engine/io/parse_guard.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

namespace msabm {

namespace {

constexpr std::array<int, 5> kFatalSignals{SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// What the handlers print: formatted before parsing starts, as a signal handler may only
// write(2) and _exit(2).
char g_crash_message[2048];
std::size_t g_crash_length = 0;
char g_timeout_message[2048];
std::size_t g_timeout_length = 0;

// The handlers run on their own stack: a parse that recursed until the stack overflowed has none.
alignas(16) char g_signal_stack[64 * 1024];

struct GuardState {
  int depth = 0;
  std::array<struct sigaction, kFatalSignals.size()> previous{};
  stack_t previous_stack{};
  std::mutex mutex;
  std::condition_variable wake;
  bool done = false;
  std::thread timer;
};
GuardState g_state;

void copy_message(const std::string& text, char* buffer, std::size_t capacity, std::size_t& length) {
  length = std::min(text.size(), capacity);
  std::memcpy(buffer, text.data(), length);
}

[[noreturn]] void print_and_exit(const char* message, std::size_t length) {
  std::size_t written = 0;
  while (written < length) {
    const ssize_t n = ::write(STDERR_FILENO, message + written, length - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::_exit(2);
}

extern "C" void on_fatal_signal(int /*signal*/) { print_and_exit(g_crash_message, g_crash_length); }

}  // namespace

double ParseGuard::seconds_for(std::size_t bytes) {
  return kParseGuardBaseSeconds + static_cast<double>(bytes) / kParseGuardBytesPerSecond;
}

ParseGuard::ParseGuard(const std::filesystem::path& path, const std::string& context) {
  if (g_state.depth++ > 0) return;
  outer_ = true;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  const double seconds = seconds_for(ec ? 0 : static_cast<std::size_t>(size));
  copy_message(fmt::format("msabm: error: {} {}: the file is damaged (reading it crashed the HDF5 library)\n",
                           context, path.string()),
               g_crash_message, sizeof g_crash_message, g_crash_length);
  copy_message(fmt::format("msabm: error: {} {}: the file is damaged (the HDF5 library was still reading it "
                           "after {:.0f} s)\n", context, path.string(), seconds),
               g_timeout_message, sizeof g_timeout_message, g_timeout_length);

  stack_t stack{};
  stack.ss_sp = g_signal_stack;
  stack.ss_size = sizeof g_signal_stack;
  sigaltstack(&stack, &g_state.previous_stack);
  struct sigaction action {};
  action.sa_handler = on_fatal_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_ONSTACK;
  for (std::size_t i = 0; i < kFatalSignals.size(); ++i) sigaction(kFatalSignals[i], &action, &g_state.previous[i]);

  g_state.done = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  g_state.timer = std::thread([deadline] {
    std::unique_lock lock(g_state.mutex);
    if (!g_state.wake.wait_until(lock, deadline, [] { return g_state.done; })) {
      print_and_exit(g_timeout_message, g_timeout_length);
    }
  });
}

ParseGuard::~ParseGuard() {
  --g_state.depth;
  if (!outer_) return;
  {
    const std::lock_guard lock(g_state.mutex);
    g_state.done = true;
  }
  g_state.wake.notify_all();
  g_state.timer.join();
  for (std::size_t i = 0; i < kFatalSignals.size(); ++i) sigaction(kFatalSignals[i], &g_state.previous[i], nullptr);
  sigaltstack(&g_state.previous_stack, nullptr);
}

}  // namespace msabm
