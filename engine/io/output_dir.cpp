#include "engine/io/output_dir.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>

#include "engine/config/error.hpp"

namespace msabm {

void prepare_output_dir(const std::filesystem::path& dir, bool overwrite) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    throw InputError(fmt::format("output path '{}' exists and is not a folder", dir.string()));
  }
  if (!overwrite) {
    // An interrupted run (a checkpoint and no summary): continuing it is what was meant, and
    // --overwrite would delete its checkpoint.
    if (fs::exists(dir / kCheckpointFile, ec) && !fs::exists(dir / kSummaryFile, ec)) {
      throw InputError(fmt::format(
          "output folder '{}' holds an interrupted run; continue it with: msabm run --restart {} "
          "(or pass --overwrite to start again, which deletes its checkpoint)",
          dir.string(), (dir / kCheckpointFile).string()));
    }
    for (std::string_view name : {kSummaryFile, kResultFile, kCheckpointFile, kResultXdmfFile}) {
      if (fs::exists(dir / name, ec)) {
        throw InputError(fmt::format(
            "output folder '{}' already holds results ({}); pass --overwrite to replace them or "
            "choose another --out", dir.string(), name));
      }
    }
  }
  fs::create_directories(dir, ec);
  if (ec) {
    throw InputError(fmt::format("cannot create output folder '{}': {}", dir.string(), ec.message()));
  }
}

namespace {

/// Writes all of `bytes` at the current offset; returns 0 or the errno of the failure.
int write_all(int fd, const char* bytes, std::size_t size) {
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, bytes + written, size - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    written += static_cast<std::size_t>(n);
  }
  return 0;
}

/// Writes the aligned bulk of a large part with O_DIRECT (straight from memory to the disk:
/// no copy into the page cache, which for a checkpoint of 10^7 agents costs more than the disk
/// itself, and no cache filled with a file nobody reads back soon). Returns how many bytes it
/// wrote; 0 when the part, the offset or the file system does not allow it (the caller then
/// writes everything the ordinary way).
std::size_t write_direct(int fd, std::string_view part, std::size_t offset, int& err) {
#if defined(O_DIRECT)
  constexpr std::size_t kAlign = 4096;  // covers every logical block size in use
  constexpr std::size_t kWorthIt = std::size_t{8} << 20;
  const auto address = reinterpret_cast<std::uintptr_t>(part.data());
  const std::size_t bulk = part.size() / kAlign * kAlign;
  if (bulk < kWorthIt || address % kAlign != 0 || offset % kAlign != 0) return 0;
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_DIRECT) != 0) return 0;
  err = write_all(fd, part.data(), bulk);
  ::fcntl(fd, F_SETFL, flags);
  if (err == EINVAL) {  // the file system refused after all: rewind, go the ordinary way
    err = ::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0 ? errno : 0;
    return 0;
  }
  return bulk;
#else
  (void)fd, (void)part, (void)offset, (void)err;
  return 0;
#endif
}

}  // namespace

void write_file_durably(const std::filesystem::path& path,
                        std::initializer_list<std::string_view> parts) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot create " + path.string());
  int err = 0;
  std::size_t offset = 0;
  for (const std::string_view part : parts) {
    if (err != 0) break;
    const std::size_t direct = write_direct(fd, part, offset, err);
    if (err == 0) err = write_all(fd, part.data() + direct, part.size() - direct);
    offset += part.size();
  }
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(path.c_str());
    throw std::system_error(err, std::generic_category(), "cannot write " + path.string());
  }
}

void sync_to_disk(const std::filesystem::path& path) {
  std::error_code ec;
  const int flags = std::filesystem::is_directory(path, ec) ? O_RDONLY | O_DIRECTORY : O_RDONLY;
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + path.string());
  const int status = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (status != 0) throw std::system_error(err, std::generic_category(), "cannot flush " + path.string());
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  write_file_durably(tmp, {text});
  std::filesystem::rename(tmp, path);
}

}  // namespace msabm
