#pragma once
// log.txt in a run's output folder: what ran (config name and the hash of the resolved config,
// threads, seed, version), the warnings, progress lines, the wall time by process and how the
// run ended. Appended, so a restarted run adds to the log of the run it continues.
//
// A sweep member's stdout and stderr already go to its folder's log.txt: when stderr is that
// file, what is printed on stderr (warnings, progress) lands there once and is not written again.
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace msabm {

inline constexpr std::string_view kRunLogFile = "log.txt";

class RunLog {
 public:
  /// Opens (appends to) `folder`/log.txt; a log that cannot be opened is skipped silently (the
  /// run itself must not fail for it).
  explicit RunLog(const std::filesystem::path& folder);
  ~RunLog();
  RunLog(const RunLog&) = delete;
  RunLog& operator=(const RunLog&) = delete;

  /// A line for the log only.
  void write(std::string_view line);
  /// A line for stderr and the log (once when the log is stderr).
  void note(std::string_view line);
  /// True when stderr already writes into this log (a sweep member).
  [[nodiscard]] bool is_stderr() const { return is_stderr_; }

 private:
  std::FILE* file_ = nullptr;
  bool is_stderr_ = false;
};

}  // namespace msabm
