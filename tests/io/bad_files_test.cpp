// Checkpoints and result files that cannot be used: truncated, damaged, from another program
// or format version, not HDF5, not msabm's. Each is refused with exit code 2 and a one-line
// reason; nothing crashes and no output folder is touched.
#include <catch2/catch.hpp>

#include "engine/io/checkpoint_seal.hpp"

#include <fstream>

#include "engine/io/hdf5_read.hpp"
#include "engine/io/hdf5_write.hpp"
#include "io/io_support.hpp"

using namespace msabm;
using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {

struct Good {
  TempDir dir{"io-bad"};
  fs::path checkpoint, result;
  Good() {
    write_text(dir.path() / "c.yaml", small_config("30 min"));
    REQUIRE(run_msabm("run " + quote(dir.path() / "c.yaml") + " --out " + quote(dir.path() / "run") +
                  " --set 'output.checkpoint_interval=\"10 min\"'").exit_code == 0);
    checkpoint = dir.path() / "run" / "checkpoint.h5";
    result = dir.path() / "run" / "result.h5";
  }
  fs::path copy(const std::string& name) const {
    const fs::path p = dir.path() / name;
    fs::copy_file(checkpoint, p, fs::copy_options::overwrite_existing);
    return p;
  }
};

std::string bytes_of(const fs::path& p) { return read_text(p); }

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// `msabm run --restart FILE` must exit 2 saying `reason`, and leave `out` alone.
void refused(const Good& g, const fs::path& file, const std::string& reason) {
  const fs::path out = g.dir.path() / "never";
  const auto r = run_msabm("run --restart " + quote(file) + " --out " + quote(out));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("cannot restart from"));
  CHECK_THAT(r.output, Catch::Contains(reason));
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(out));
}

/// Changes an attribute as another program version would have written it, with a valid seal.
void set_string_attribute(const fs::path& file, const std::string& name, const std::string& value) {
  {
    const h5::Handle f = h5::open_file(file, true);
    h5::set_attribute(f.get(), name, value);
  }
  reseal_checkpoint(file);
}

}  // namespace

TEST_CASE("io: bad checkpoints are refused with exit 2 and a clear message", "[io][bad]") {
  const Good g;
  REQUIRE(run_msabm("info " + quote(g.checkpoint)).exit_code == 0);

  const std::string bytes = bytes_of(g.checkpoint);
  const fs::path truncated = g.dir.path() / "truncated.h5";
  write_bytes(truncated, bytes.substr(0, bytes.size() / 2));
  refused(g, truncated, "truncated");

  const fs::path text = g.dir.path() / "text.h5";
  write_text(text, "seed: 1\n");
  refused(g, text, "not an HDF5 file");
  refused(g, g.dir.path() / "missing.h5", "no such file");
  refused(g, g.result, "it is a result file");

  const fs::path old = g.copy("old.h5");
  set_string_attribute(old, "program_version", "0.0.1");
  refused(g, old, "written by msabm 0.0.1");

  const fs::path format = g.copy("format.h5");
  {
    const h5::Handle f = h5::open_file(format, true);
    h5::set_attribute(f.get(), "format_version", std::int64_t{99});
  }
  reseal_checkpoint(format);
  refused(g, format, "format version 99");

  const fs::path other = g.copy("other.h5");
  set_string_attribute(other, "format", "something-else");
  refused(g, other, "not an msabm checkpoint");

  // Damaged agent data: HDF5 reads it without complaint, the state digest does not match.
  const fs::path damaged = g.copy("damaged.h5");
  haddr_t offset = 0;
  {
    const h5::Handle f = h5::open_file(damaged, false);
    const h5::Handle d = h5::open_dataset(f.get(), "state/patches/p/kinds/w/voxel");
    offset = H5Dget_offset(d.get());
  }
  REQUIRE(offset != HADDR_UNDEF);
  std::string changed = bytes_of(damaged);
  changed[offset + 4] = static_cast<char>(changed[offset + 4] ^ 0x01);
  write_bytes(damaged, changed);
  refused(g, damaged, "checksum");  // the seal catches it before HDF5 reads anything
  // Sealed again (as if damaged before it was written), the state digest still catches it.
  reseal_checkpoint(damaged);
  refused(g, damaged, "digest");
}

TEST_CASE("io: damage anywhere in a checkpoint never crashes the program", "[io][bad]") {
  const Good g;
  const std::string bytes = bytes_of(g.checkpoint);
  int refusals = 0;
  for (int i = 1; i < 20; ++i) {
    std::string changed = bytes;
    const std::size_t at = bytes.size() * static_cast<std::size_t>(i) / 20;
    for (std::size_t k = at; k < std::min(bytes.size(), at + 8); ++k) changed[k] = static_cast<char>(~changed[k]);
    const fs::path p = g.dir.path() / "flipped.h5";
    write_bytes(p, changed);
    const auto r = run_msabm("run --restart " + quote(p) + " --out " + quote(g.dir.path() / "flipped"));
    INFO("bytes " << at << " of " << bytes.size() << ": " << r.output);
    CHECK((r.exit_code == 0 || r.exit_code == 2));  // 0 only when the bytes were unused
    if (r.exit_code == 2) ++refusals;
    fs::remove_all(g.dir.path() / "flipped");
  }
  CHECK(refusals > 0);
}

TEST_CASE("io: msabm info refuses files it cannot read with exit 2", "[io][bad]") {
  const Good g;
  const fs::path text = g.dir.path() / "notes.h5";
  write_text(text, "hello\n");
  const auto r = run_msabm("info " + quote(text));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("not an HDF5 file"));
  const std::string bytes = bytes_of(g.result);
  const fs::path truncated = g.dir.path() / "truncated.h5";
  write_bytes(truncated, bytes.substr(0, bytes.size() / 3));
  const auto t = run_msabm("info " + quote(truncated));
  CHECK(t.exit_code == 2);
  CHECK_THAT(t.output, Catch::Contains("truncated"));
  CHECK(run_msabm("info " + quote(g.dir.path() / "none.h5")).exit_code == 2);
}
