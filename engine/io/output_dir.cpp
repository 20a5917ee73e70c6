#include "engine/io/output_dir.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
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

void write_file_durably(const std::filesystem::path& path,
                        std::initializer_list<std::string_view> parts) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot create " + path.string());
  int err = 0;
  for (const std::string_view part : parts) {
    std::size_t written = 0;
    while (written < part.size() && err == 0) {
      const ssize_t n = ::write(fd, part.data() + written, part.size() - written);
      if (n < 0 && errno != EINTR) err = errno;
      if (n > 0) written += static_cast<std::size_t>(n);
    }
  }
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(path.c_str());
    throw std::system_error(err, std::generic_category(), "cannot write " + path.string());
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  write_file_durably(tmp, {text});
  std::filesystem::rename(tmp, path);
}

}  // namespace msabm
