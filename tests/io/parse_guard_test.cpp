// The guard around HDF5 parsing a file that may be damaged: a parse that crashes (a fault, a
// stack overflow, an abort) or outlasts its deadline ends the program with exit code 2 and one
// line naming the file. Each case runs in a forked child, as it ends the process.
#include <catch2/catch.hpp>

#include "engine/io/parse_guard.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>

#include "support/command.hpp"

using namespace msabm;
using msabm::testing::TempDir;
namespace fs = std::filesystem;

namespace {

struct Ended {
  int exit_code;     ///< -1 when killed by a signal
  double seconds;
  std::string stderr_text;
};

/// Runs `parse` under a guard for `file` in a forked child; what the child's end looked like.
Ended guarded_in_child(const fs::path& file, const std::function<void()>& parse) {
  const fs::path log = file.string() + ".log";
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::freopen(log.c_str(), "w", stderr);
    {
      const ParseGuard guard(file, "cannot read");
      parse();
    }
    std::_Exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::ifstream in(log);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, seconds, text};
}

// Recursion deep enough to overflow any stack (the limit is not known to the compiler), not a
// tail call.
volatile int g_depth_limit = 1 << 30;
int recurse(int depth) {
  volatile char pad[256] = {};
  pad[0] = static_cast<char>(depth);
  if (depth >= g_depth_limit) return pad[0];
  return recurse(depth + 1) + pad[0];
}

}  // namespace

TEST_CASE("io: a parse that crashes or hangs under a parse guard exits 2 naming the file", "[io][bad]") {
  TempDir dir("io-guard");
  const fs::path file = dir.path() / "result.h5";
  std::ofstream(file) << "bytes";

  const Ended fine = guarded_in_child(file, [] {});
  CHECK(fine.exit_code == 0);
  CHECK(fine.stderr_text.empty());

  for (const int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGABRT}) {
    const Ended crashed = guarded_in_child(file, [sig] { std::raise(sig); });
    INFO("signal " << sig << ": " << crashed.stderr_text);
    CHECK(crashed.exit_code == 2);
    CHECK(crashed.stderr_text == "msabm: error: cannot read " + file.string() +
                                     ": the file is damaged (reading it crashed the HDF5 library)\n");
  }
  const Ended overflow = guarded_in_child(file, [] { recurse(0); });
  CHECK(overflow.exit_code == 2);
  CHECK_THAT(overflow.stderr_text, Catch::Contains("crashed"));

  // A parse that never ends: stopped at the deadline of a small file.
  const Ended hung = guarded_in_child(file, [] {
    for (;;) ::pause();
  });
  CHECK(hung.exit_code == 2);
  CHECK_THAT(hung.stderr_text, Catch::Contains("cannot read " + file.string()) && Catch::Contains("still reading"));
  CHECK(hung.seconds >= kParseGuardBaseSeconds);
  CHECK(hung.seconds < kParseGuardBaseSeconds + 3);
  CHECK(ParseGuard::seconds_for(std::size_t{640} << 20) == Approx(kParseGuardBaseSeconds + 10));
}

TEST_CASE("io: after a parse guard ends, fatal signals are handled as before it", "[io][bad]") {
  TempDir dir("io-guard-after");
  const fs::path file = dir.path() / "c.h5";
  std::ofstream(file) << "bytes";
  for (const int sig : {SIGSEGV, SIGABRT}) {
    struct sigaction before {}, during {}, after {};
    sigaction(sig, nullptr, &before);
    {
      const ParseGuard guard(file, "cannot read");
      sigaction(sig, nullptr, &during);
    }
    sigaction(sig, nullptr, &after);
    CHECK(during.sa_handler != before.sa_handler);
    CHECK(after.sa_handler == before.sa_handler);
  }
}
