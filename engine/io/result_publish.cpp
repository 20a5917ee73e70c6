#include "engine/io/result_publish.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/fs.h>
#endif

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

#include "engine/io/hdf5_file_image.hpp"
#include "engine/io/output_dir.hpp"

namespace msabm {

namespace fs = std::filesystem;

namespace {

/// Closes its descriptor.
struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

/// Copies all of `in` to the empty `out`; returns 0 or the errno of the failure.
int copy_bytes(int in, int out) {
#if defined(FICLONE)
  if (::ioctl(out, FICLONE, in) == 0) return 0;  // shares the blocks (btrfs, XFS, bcachefs)
#endif
  for (;;) {  // an in-kernel copy
    const ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, std::size_t{1} << 30, 0);
    if (n == 0) return 0;
    if (n > 0) continue;
    if (errno == EINTR) continue;
    if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP) return errno;
    break;
  }
  // Neither: through a buffer, from where the kernel copy stopped.
  std::vector<char> buffer(std::size_t{1} << 20);
  for (;;) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n == 0) return 0;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(out, buffer.data() + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return w < 0 ? errno : EIO;
      done += w;
    }
  }
}

/// Rewrites the copy's first block with its superblock marked as a closed file's.
int mark_closed(int out) {
  std::string head(h5::kSuperblockHeadBytes, '\0');
  const ssize_t n = ::pread(out, head.data(), head.size(), 0);
  if (n < 0) return errno;
  head.resize(static_cast<std::size_t>(n));
  h5::mark_superblock_closed(head);
  return ::pwrite(out, head.data(), head.size(), 0) == n ? 0 : (errno != 0 ? errno : EIO);
}

fs::path folder_of(const fs::path& path) { return path.parent_path().empty() ? fs::path(".") : path.parent_path(); }

}  // namespace

void publish_copy(const fs::path& from, const fs::path& to) {
  const fs::path tmp = to.string() + ".tmp";
  int err = 0;
  {
    const Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.fd < 0) throw std::system_error(errno, std::generic_category(), "cannot read " + from.string());
    const Fd out(::open(tmp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (out.fd < 0) throw std::system_error(errno, std::generic_category(), "cannot create " + tmp.string());
    err = copy_bytes(in.fd, out.fd);
    if (err == 0) err = mark_closed(out.fd);
    if (err == 0 && ::fsync(out.fd) != 0) err = errno;
  }
  if (err == 0 && std::rename(tmp.c_str(), to.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    throw std::system_error(err, std::generic_category(), "cannot publish " + to.string());
  }
  sync_to_disk(folder_of(to));
}

void publish_move(const fs::path& from, const fs::path& to) {
  sync_to_disk(from);
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot rename " + from.string() + " to " + to.string());
  }
  sync_to_disk(folder_of(to));
}

}  // namespace msabm
