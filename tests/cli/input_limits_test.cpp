// Inputs that would make `msabm check` run for minutes or exhaust memory are refused within
// seconds, exit 2, naming the key (tests/fuzz keeps the inputs the fuzzer and its seeds found).
#include <catch2/catch.hpp>

#include <string>

#include "support/command.hpp"

using namespace msabm::testing;
using Catch::Matchers::Contains;

namespace {
const std::string kExe = MSABM_EXE;
}  // namespace

TEST_CASE("cli: a config over the memory limit is refused naming the key", "[cli][limits]") {
  TempDir dir("limits");
  const auto config = dir.path() / "big.yaml";
  write_text(config, "time: {step: \"1 min\", duration: \"1 h\"}\n"
                     "patches:\n"
                     "  p:\n"
                     "    lattice: {dims: [200, 200, 200]}\n"
                     "    fields: {c: {units: \"unit/um^3\", diffusion: \"100 um^2/min\"}}\n"
                     "    agents: {w: {model: walker, count: 100}}\n");
  // 8e6 voxels: 31 MiB of lattice arrays; with the field 153 MiB
  const auto lattice = run_command("MSABM_MEMORY_LIMIT_MB=16 " + kExe + " check " + config.string());
  CHECK(lattice.exit_code == 2);
  CHECK_THAT(lattice.output, Contains("big.yaml:4:15: key 'patches.p.lattice.dims': a lattice of 8000000 voxels "
                                      "needs about 31 MiB, more than the memory limit of 16 MiB (MSABM_MEMORY_LIMIT_MB)"));
  const auto fields = run_command("MSABM_MEMORY_LIMIT_MB=100 " + kExe + " check " + config.string());
  CHECK(fields.exit_code == 2);
  CHECK_THAT(fields.output, Contains("key 'patches.p.fields': 1 fields on 8000000 voxels needs about 153 MiB"));
  const auto agents = run_command("MSABM_MEMORY_LIMIT_MB=200 " + kExe + " check " + config.string() +
                                  " --set patches.p.agents.w.count=10000000 --set patches.p.lattice.capacity=2");
  CHECK(agents.exit_code == 2);
  CHECK_THAT(agents.output, Contains("key 'patches.p.agents.w.placement': placing 10000000 agents of kind 'w' "
                                     "needs about 229 MiB"));
  // The same config within the limit is valid: the limit, not the config, refused it above.
  const auto fits = run_command("MSABM_MEMORY_LIMIT_MB=300 " + kExe + " check " + config.string());
  INFO(fits.output);
  CHECK(fits.exit_code == 0);
  const auto bad = run_command("MSABM_MEMORY_LIMIT_MB=lots " + kExe + " check " + config.string());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Contains("MSABM_MEMORY_LIMIT_MB='lots': expected a positive whole number of MiB"));
}
