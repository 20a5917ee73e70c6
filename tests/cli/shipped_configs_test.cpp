// Every config shipped under configs/ is valid and raises no warning (`msabm check`, `msabm
// sweep --dry-run` for sweep files, `scripts/calibrate.py --check` for calibration specs), and
// every benchmark config runs for a short while, so a change to a model or a key never leaves a
// shipped file broken.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "support/command.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {
const std::string kExe = MSABM_EXE;
const fs::path kConfigs = fs::path(MSABM_SOURCE_DIR) / "configs";

/// Sweep files have a top-level `vary:`, calibration specs `targets:` (configs never do).
bool has_top_key(const fs::path& p, const std::string& key) {
  const std::string text = read_text(p);
  return text.rfind(key, 0) == 0 || text.find("\n" + key) != std::string::npos;
}
}  // namespace

TEST_CASE("cli: every shipped config checks, every sweep expands", "[cli][configs]") {
  int configs = 0, sweeps = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kConfigs)) {
    if (entry.path().extension() != ".yaml") continue;
    const bool sweep = has_top_key(entry.path(), "vary:");
    // Calibration specs (configs/calibration/): their keys, units and bounds against their config.
    const std::string command =
        has_top_key(entry.path(), "targets:")
            ? "/usr/bin/python3 " MSABM_SOURCE_DIR "/scripts/calibrate.py --check --msabm " + kExe + " "
            : kExe + (sweep ? " sweep --dry-run " : " check ");
    const auto r = run_command(command + entry.path().string());
    INFO(entry.path().string() << ":\n" << r.output);
    CHECK(r.exit_code == 0);
    // Shipped configs mean what they say: none raises a warning (tests/cli/warnings_test.cpp
    // raises each one on purpose).
    CHECK_THAT(r.output, !Catch::Contains("msabm: warning"));
    ++(sweep ? sweeps : configs);
  }
  CHECK(configs >= 7);
  CHECK(sweeps >= 2);
}

TEST_CASE("cli: every benchmark config runs a few simulated minutes", "[cli][configs]") {
  TempDir dir("bench-configs");
  int runs = 0;
  for (const auto& entry : fs::directory_iterator(kConfigs / "bench")) {
    if (entry.path().extension() != ".yaml") continue;
    const fs::path out = dir.path() / entry.path().stem();
    const auto r = run_command(kExe + " run " + entry.path().string() + " --quiet --threads 2 --out " + out.string() +
                               " --set 'time.duration=\"3 min\"'");
    INFO(entry.path().string() << ":\n" << r.output);
    CHECK(r.exit_code == 0);
    CHECK(fs::exists(out / "summary.json"));
    ++runs;
  }
  CHECK(runs >= 3);
}
