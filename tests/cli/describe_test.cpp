// msabm describe: every registered model is described, every key a model reads (in its examples
// and in every shipped config) has a meaning, docs/parameters.md is what `describe --markdown`
// prints, and `check --print` marks defaults, naming the ones that switch a behaviour off.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "engine/config/error.hpp"
#include "engine/config/tree.hpp"
#include "engine/run/describe.hpp"
#include "engine/run/run_command.hpp"
#include "models/register_models.hpp"
#include "support/command.hpp"

using namespace msabm;
using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {

const std::string kExe = MSABM_EXE;
const fs::path kSource = MSABM_SOURCE_DIR;

Registry all_models() {
  Registry registry;
  register_all_models(registry);
  return registry;
}

bool is_sweep(const fs::path& p) {
  const std::string text = read_text(p);
  return text.rfind("vary:", 0) == 0 || text.find("\nvary:") != std::string::npos;
}

// Calibration specs (scripts/calibrate.py) name a config; they are not one.
bool is_calibration(const fs::path& p) {
  const std::string text = read_text(p);
  return text.rfind("targets:", 0) == 0 || text.find("\ntargets:") != std::string::npos;
}

// A walker that never moves: motility.diffusivity is left at its default 0.
constexpr const char* kStillWalker = R"(time: {step: "1 min", duration: "2 min"}
patches:
  p:
    lattice: {dims: [4, 4, 4]}
    agents:
      w: {model: walker, count: 10}
)";

}  // namespace

TEST_CASE("describe: every key of every registered model and of every shipped config is described",
          "[cli][describe]") {
  const Registry registry = all_models();
  std::vector<ConfigReads> reads;
  for (const auto& entry : fs::recursive_directory_iterator(kSource / "configs")) {
    if (entry.path().extension() != ".yaml" || is_sweep(entry.path()) || is_calibration(entry.path())) continue;
    reads.push_back(read_config(config::Tree::load_file(entry.path()), registry).key_reads());
  }
  CHECK(reads.size() >= 20);
  std::string report;
  for (const auto& gap : describe_gaps(registry, reads)) report += gap + "\n";
  INFO(report);
  CHECK(report.empty());
}

TEST_CASE("describe: the list of models and one model's keys with unit, default, range, meaning",
          "[cli][describe]") {
  const Registry registry = all_models();
  const std::string list = describe_models(registry);
  for (const auto& name : registry.kind_model_names()) CHECK(list.find("  " + name + " ") != std::string::npos);
  for (const char* name : {"white_matter", "body", "compartments", "kind_count", "give_drug", "engine"}) {
    CHECK(list.find(std::string("  ") + name + " ") != std::string::npos);
  }
  const std::string walker = describe_model(registry, "walker");
  CHECK(walker.find("motility.diffusivity  (um^2/min, default 0 um^2/min (off: walkers never move, unless "
                    "motility.persistence_time is set), range [0, inf))\n"
                    "    random-walk diffusivity") != std::string::npos);
  CHECK(walker.find("count  (integer, default 0, range [0, 100000000])") != std::string::npos);
  CHECK(walker.find("placement  (region)\n") != std::string::npos);
  CHECK(describe_model(registry, "engine").find("region.shape  (one of everywhere|box|sphere|shell, default everywhere)") !=
        std::string::npos);
  CHECK(walker.find("(no description)") == std::string::npos);
  // Keys every kind has are described once, under engine.
  CHECK(walker.find("\nmodel  (") == std::string::npos);
  CHECK(describe_model(registry, "engine").find("patches.<name>.agents.<name>.model  (") != std::string::npos);
  CHECK(describe_model(registry, "body").find("drugs.<name>.kill.<name>.ec50  (mg/L, no default, range (0, inf))") !=
        std::string::npos);
  CHECK_THROWS_AS(describe_model(registry, "walkr"), InputError);

  const auto help = run_command(kExe + " --help");
  CHECK(help.output.find("describe") != std::string::npos);
  const auto r = run_command(kExe + " describe walkr");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("no model named 'walkr'") != std::string::npos);
}

TEST_CASE("describe: docs/parameters.md is current (scripts/gen-docs.sh regenerates it)", "[cli][describe]") {
  const auto r = run_command(kExe + " describe --markdown");
  REQUIRE(r.exit_code == 0);
  INFO("docs/parameters.md differs from `msabm describe --markdown`: run scripts/gen-docs.sh");
  CHECK(r.output == read_text(kSource / "docs" / "parameters.md"));
}

TEST_CASE("describe: check --print marks defaults and notes the ones that switch a behaviour off",
          "[cli][describe]") {
  TempDir dir("describe-check");
  const fs::path config = dir.path() / "still.yaml";
  write_text(config, kStillWalker);
  const auto r = run_command(kExe + " check --print " + config.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("msabm: note: patches.p.agents.w.motility.diffusivity is not set: default 0 um^2/min "
                      "(off: walkers never move)") != std::string::npos);
  CHECK(r.output.find("diffusivity: 0 um^2/min  # default (off: walkers never move)") != std::string::npos);
  CHECK(r.output.find("voxel_size: 10 um  # default\n") != std::string::npos);
  CHECK(r.output.find("count: 10\n") != std::string::npos);  // written: no mark

  // The marks are comments: without them the output is the resolved config saved with each run.
  const Registry registry = all_models();
  const ConfigRequest request{config, {}};
  std::string marked = check_config_marked(request, registry).marked_yaml;
  for (std::size_t at; (at = marked.find("  # ")) != std::string::npos;) marked.erase(at, marked.find('\n', at) - at);
  CHECK(marked == check_config(request, registry).resolved_yaml);
  // Given a value, the note goes.
  const auto moving = run_command(kExe + " check " + config.string() +
                                  " --set 'patches.p.agents.w.motility.diffusivity=\"10 um^2/min\"'");
  CHECK(moving.exit_code == 0);
  CHECK(moving.output.find("diffusivity is not set") == std::string::npos);
  // A persistent walk moves the walkers without a diffusivity: no note, no off mark; a
  // persistence time of 0 is no persistent walk, and the note stays.
  const auto persistent = run_command(kExe + " check --print " + config.string() +
                                      " --set 'patches.p.agents.w.motility.persistence_time=\"5 min\"'" +
                                      " --set 'patches.p.agents.w.motility.speed=\"2 um/min\"'");
  INFO(persistent.output);
  CHECK(persistent.exit_code == 0);
  CHECK(persistent.output.find("diffusivity is not set") == std::string::npos);
  CHECK(persistent.output.find("diffusivity: 0 um^2/min  # default\n") != std::string::npos);
  const auto zero = run_command(kExe + " check " + config.string() +
                                " --set 'patches.p.agents.w.motility.persistence_time=\"0 min\"'");
  CHECK(zero.exit_code == 0);
  CHECK(zero.output.find("diffusivity is not set") != std::string::npos);
}
