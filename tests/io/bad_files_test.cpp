// Checkpoints and result files that cannot be used: truncated, damaged, from another program
// or format version, not HDF5, not msabm's. Each is refused with exit code 2 and a one-line
// reason; nothing crashes and no output folder is touched.
#include <catch2/catch.hpp>

#include "engine/io/checkpoint_seal.hpp"

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

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

namespace {

/// A damaged copy of a file: its name and bytes.
struct Damage {
  std::string what;
  std::string bytes;
};

/// Truncations, random byte flips and zeroed blocks of `bytes`, each different from it.
std::vector<Damage> damages_of(const std::string& bytes, std::uint64_t seed) {
  std::vector<Damage> out;
  const std::size_t n = bytes.size();
  auto add = [&](std::string what, std::string changed) {
    if (changed != bytes) out.push_back({std::move(what), std::move(changed)});
  };
  for (std::size_t keep : {std::size_t{0}, std::size_t{8}, std::size_t{100}, std::size_t{2048}, n - 24, n - 1}) {
    add("truncated to " + std::to_string(keep), bytes.substr(0, keep));
  }
  for (std::size_t k = 1; k < 12; ++k) add("truncated to " + std::to_string(n * k / 12), bytes.substr(0, n * k / 12));
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<std::size_t> anywhere(0, n - 1), head(0, std::min<std::size_t>(n, 4096) - 1);
  std::uniform_int_distribution<int> mask(1, 255);
  for (int i = 0; i < 45; ++i) {
    // A third in the first block (superblock, root group), the rest anywhere.
    const std::size_t at = i % 3 == 0 ? head(random) : anywhere(random);
    std::string changed = bytes;
    changed[at] = static_cast<char>(changed[at] ^ mask(random));
    add("byte " + std::to_string(at) + " flipped", std::move(changed));
  }
  for (std::size_t k = 0; k < 12; ++k) {
    const std::size_t at = n * k / 12;
    const std::size_t length = std::min<std::size_t>(k % 2 == 0 ? 512 : 4096, n - at);
    std::string changed = bytes;
    std::fill_n(changed.begin() + static_cast<std::ptrdiff_t>(at), length, '\0');
    add(std::to_string(length) + " bytes zeroed at " + std::to_string(at), std::move(changed));
  }
  return out;
}

struct Outcome {
  int exit_code;
  double seconds;
  std::string output;
};

Outcome timed(const std::string& args) {
  const auto t0 = std::chrono::steady_clock::now();
  // Under the sanitize preset, HDF5's leaks on damaged files (tests/lsan.supp) are recognised
  // by the frames above its allocator. Debian's libhdf5 has no frame pointers, so LSan's fast
  // unwinder stops at the allocator; the slow one (DWARF) reaches the suppressed frames. Only
  // here: it slows every allocation, and only these runs feed HDF5 damaged metadata by the
  // hundred. Ignored by builds without ASan.
  auto r = run_command("ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0\" " + kExe + " " + args);
  return {r.exit_code, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), r.output};
}

/// `msabm info` on every damage of `good`: exit 2 saying which file, within 10 s, or exit 0
/// (the damage changed nothing that info reads). Returns how many exited 0 with an output that
/// differs from the undamaged file's (damage read as data). Four at a time (mostly process
/// starts); the checks afterwards, in this thread.
int check_info_on_damages(const fs::path& good, const fs::path& dir, std::uint64_t seed, bool always_refused) {
  const auto damages = damages_of(bytes_of(good), seed);
  constexpr std::size_t kWorkers = 4;
  std::vector<Outcome> outcomes(damages.size());
  std::vector<fs::path> paths;
  std::vector<Outcome> sound;
  for (std::size_t w = 0; w < kWorkers; ++w) {
    paths.push_back(dir / ("damaged" + std::to_string(w) + good.extension().string()));
    fs::copy_file(good, paths.back(), fs::copy_options::overwrite_existing);
    sound.push_back(timed("info " + quote(paths.back())));
    REQUIRE(sound.back().exit_code == 0);
  }
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      for (std::size_t i = w; i < damages.size(); i += kWorkers) {
        write_bytes(paths[w], damages[i].bytes);
        outcomes[i] = timed("info " + quote(paths[w]));
      }
    });
  }
  for (std::thread& w : workers) w.join();
  int misread = 0, refusals = 0;
  for (std::size_t i = 0; i < damages.size(); ++i) {
    const Outcome& r = outcomes[i];
    const fs::path& p = paths[i % kWorkers];
    INFO(good.filename().string() << ", " << damages[i].what << ": exit " << r.exit_code << " after " << r.seconds
                                  << " s: " << r.output);
    CHECK(r.seconds < 10.0);
    if (always_refused) CHECK(r.exit_code == 2);
    CHECK((r.exit_code == 0 || r.exit_code == 2));
    if (r.exit_code == 2) {
      ++refusals;
      CHECK_THAT(r.output, Catch::Contains(p.string()));
      CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
    } else if (r.exit_code == 0 && r.output != sound[i % kWorkers].output) {
      ++misread;
    }
  }
  CHECK(refusals >= static_cast<int>(damages.size()) / 4);
  return misread;
}

}  // namespace

TEST_CASE("io: truncated, flipped or zeroed bytes anywhere in result, checkpoint or sweep files: exit 2 within seconds",
          "[io][bad][damage]") {
  const Good g;
  // A checkpoint's seal covers every byte: any change is refused before HDF5 parses it.
  CHECK(check_info_on_damages(g.checkpoint, g.dir.path(), 1, true) == 0);
  const int result_misread = check_info_on_damages(g.result, g.dir.path(), 2, false);
  // sweep_summary.h5 of a two-member sweep.
  write_text(g.dir.path() / "tiny.yaml", "base: " + (g.dir.path() / "c.yaml").string() + "\nname: tiny\nreplicates: 2\n");
  REQUIRE(run_msabm("sweep " + quote(g.dir.path() / "tiny.yaml") + " --out " + quote(g.dir.path() / "sweep")).exit_code == 0);
  const int summary_misread = check_info_on_damages(g.dir.path() / "sweep" / "sweep_summary.h5", g.dir.path(), 3, false);
  WARN("damage read as data without an error: result.h5 " << result_misread << ", sweep_summary.h5 " << summary_misread);

  // A run continued from its checkpoint beside a damaged result.h5: it goes on (the file set
  // aside, or its damage unread) or stops with exit 2, never hangs or crashes.
  const std::string result_bytes = bytes_of(g.result);
  const auto damages = damages_of(result_bytes, 4);
  for (std::size_t i = 0; i < damages.size(); i += 10) {
    const fs::path run = g.dir.path() / "again";
    fs::remove_all(run);
    fs::copy(g.dir.path() / "run", run, fs::copy_options::recursive);
    write_bytes(run / "result.h5", damages[i].bytes);
    const Outcome r = timed("run --restart " + quote(run / "checkpoint.prev.h5"));
    INFO(damages[i].what << ": exit " << r.exit_code << " after " << r.seconds << " s: " << r.output);
    CHECK((r.exit_code == 0 || r.exit_code == 2));
    CHECK(r.seconds < 15.0);
    if (r.exit_code == 2) CHECK_THAT(r.output, Catch::Contains("result.h5"));
  }
}
