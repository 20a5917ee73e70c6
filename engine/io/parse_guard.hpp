#pragma once
// A guard around HDF5 parsing a file that msabm did not just write itself (result.h5,
// checkpoint.h5, sweep_summary.h5, or anything a user passes). HDF5 1.10 can loop forever,
// recurse until the stack overflows, or crash on some damaged metadata (a damaged global heap
// or B-tree is enough), and no checksum covers every byte it parses (the global heap, which
// holds variable-length strings, has none). While a guard lives, a parse that outlasts its
// deadline, or a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT), prints one line naming the
// file and ends the program with exit code 2, as any other unreadable input does. A timer
// thread and signal handlers, not a child process: the file stays open in this process
// afterwards (a continued run keeps writing it), and nothing is parsed twice.
//
// The deadline is generous for a sound file (parsing what msabm reads of one takes
// milliseconds): kParseGuardBaseSeconds, plus a second per kParseGuardBytesPerSecond of file.
#include <cstddef>
#include <filesystem>
#include <string>

namespace msabm {

inline constexpr double kParseGuardBaseSeconds = 5.0;
inline constexpr double kParseGuardBytesPerSecond = 64.0 * 1024 * 1024;

class ParseGuard {
 public:
  /// Guards parsing `path`; `context` starts the message, e.g. "cannot read" or "cannot
  /// restart from". Guards nest: an inner guard (the same file read again) changes nothing.
  ParseGuard(const std::filesystem::path& path, const std::string& context);
  ~ParseGuard();
  ParseGuard(const ParseGuard&) = delete;
  ParseGuard& operator=(const ParseGuard&) = delete;

  /// The deadline for a file of `bytes` bytes, in seconds.
  static double seconds_for(std::size_t bytes);

 private:
  bool outer_ = false;
};

}  // namespace msabm
