// write_file_durably: the bytes on disk are the parts in order, whichever way each part goes
// (large page-aligned parts go to the disk with O_DIRECT where the file system allows it), and
// a failure in the middle of the large part leaves no file behind.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>

#include "engine/io/output_dir.hpp"
#include "support/command.hpp"

using namespace msabm;
namespace fs = std::filesystem;

namespace {

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

/// `size` bytes of a recognisable pattern in page-aligned memory.
std::unique_ptr<char, FreeDeleter> pattern(std::size_t size) {
  // aligned_alloc wants a whole number of alignments.
  const std::size_t rounded = (size + 4095) / 4096 * 4096;
  std::unique_ptr<char, FreeDeleter> p(static_cast<char*>(std::aligned_alloc(4096, rounded)));
  for (std::size_t i = 0; i < size; ++i)
    p.get()[i] = static_cast<char>((i * 131 + i / 4096) & 0xff);
  return p;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("io: durable writes keep the parts' bytes, large aligned parts included", "[io]") {
  testing::TempDir dir("io-durable");
  const fs::path path = dir.path() / "big.bin";
  const std::size_t big = (std::size_t{24} << 20) + 1234;  // aligned bulk plus a ragged tail
  const auto body = pattern(big);
  const std::string head(4096, 'h');  // keeps the body's file offset page-aligned
  const std::string odd(1000, 'o');   // then an offset that is not
  const std::string_view body_view(body.get(), big);
  write_file_durably(path, {head, body_view, odd, body_view});
  const std::string bytes = read_file(path);
  REQUIRE(bytes.size() == head.size() + 2 * big + odd.size());
  CHECK(bytes.compare(0, head.size(), head) == 0);
  CHECK(bytes.compare(head.size(), big, body_view) == 0);
  CHECK(bytes.compare(head.size() + big, odd.size(), odd) == 0);
  CHECK(bytes.compare(head.size() + big + odd.size(), big, body_view) == 0);
}

TEST_CASE("io: a durable write that fails inside a large part leaves no file", "[io]") {
  testing::TempDir dir("io-durable-fail");
  const fs::path path = dir.path() / "big.bin";
  const std::size_t big = std::size_t{24} << 20;
  const auto body = pattern(big);
  rlimit old{};
  getrlimit(RLIMIT_FSIZE, &old);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = old;
  limited.rlim_cur = std::size_t{10} << 20;  // the disk "fills" 10 MiB into the 24 MiB part
  REQUIRE(setrlimit(RLIMIT_FSIZE, &limited) == 0);
  std::string message;
  try {
    write_file_durably(path, {std::string_view(body.get(), big)});
  } catch (const std::system_error& e) {
    message = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  CHECK_THAT(message, Catch::Contains("File too large"));
  CHECK_FALSE(fs::exists(path));
}
