#include "engine/run/run_log.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace msabm {

namespace {

bool same_file(int fd, const std::filesystem::path& path) {
  struct stat a {};
  struct stat b {};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

RunLog::RunLog(const std::filesystem::path& folder) {
  const std::filesystem::path path = folder / kRunLogFile;
  file_ = std::fopen(path.c_str(), "a");
  is_stderr_ = file_ != nullptr && same_file(STDERR_FILENO, path);
}

RunLog::~RunLog() {
  if (file_ != nullptr) std::fclose(file_);
}

void RunLog::write(std::string_view line) {
  if (file_ == nullptr) return;
  if (is_stderr_) std::fflush(stderr);  // keep the order of lines sharing the file
  fmt::print(file_, "{}\n", line);
  std::fflush(file_);
}

void RunLog::note(std::string_view line) {
  fmt::print(stderr, "{}\n", line);
  std::fflush(stderr);
  if (!is_stderr_) write(line);
}

}  // namespace msabm
