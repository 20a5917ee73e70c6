// The shipped autoimmune scenarios, shortened: an anti-adhesion treatment (entry_blocked.yaml)
// demyelinates less than the untreated lesion with the same seed, and the untreated run is
// bit-identical at 1 and 2 threads and across a checkpoint restart.
#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include "engine/config/tree.hpp"
#include "engine/io/checkpoint_reader.hpp"
#include "engine/io/checkpoint_writer.hpp"
#include "engine/io/output_settings.hpp"
#include "engine/io/run_identity.hpp"
#include "engine/run/build_simulation.hpp"
#include "models/register_models.hpp"

using namespace msabm;
namespace fs = std::filesystem;

namespace {

const fs::path kConfigs = fs::path(MSABM_SOURCE_DIR) / "configs" / "tissue";

std::unique_ptr<Simulation> scenario(const std::string& file, const std::string& duration, int threads) {
  Registry registry;
  register_all_models(registry);
  config::Tree tree = config::Tree::load_file(kConfigs / file);
  tree.apply_override("time.duration=\"" + duration + "\"");
  config::Reader reader(std::move(tree));
  auto sim = build_simulation(reader.root(), registry, BuildOptions{std::nullopt, threads});
  (void)read_output_settings(reader.root().section("output"), *sim);  // read, as msabm run does; no files here
  reader.finish();
  return sim;
}

double readout(const Simulation& sim, const char* name) {
  const Readout* r = sim.find_readout(name);
  REQUIRE(r != nullptr);
  return r->measure(sim);
}

/// Runs to the end; returns the largest demyelinated volume seen (mm^3), sampled each 6 h.
double peak_demyelination(Simulation& sim) {
  double peak = 0;
  std::int64_t next = 0;
  while (!sim.finished()) {
    sim.step();
    if (sim.tick() >= next) {
      peak = std::max(peak, readout(sim, "lesion.demyelinated_volume"));
      next = sim.tick() + 360;
    }
  }
  return std::max(peak, readout(sim, "lesion.demyelinated_volume"));
}

}  // namespace

TEST_CASE("autoimmune lesion: blocking adhesion tenfold demyelinates less than the untreated lesion (same seed)",
          "[tissue][autoimmune][scenario]") {
  // Twenty days: the effectors have entered and killed for over a week in the untreated lesion
  // (at ten days the trigger, the same in both, still dominates), while
  // the same trigger without them stays a small focus.
  auto untreated = scenario("autoimmune_lesion.yaml", "20 d", 2);
  auto treated = scenario("entry_blocked.yaml", "20 d", 2);
  const double peak_untreated = peak_demyelination(*untreated);
  const double peak_treated = peak_demyelination(*treated);
  const double lost_untreated = 1 - readout(*untreated, "lesion.myelin");
  const double lost_treated = 1 - readout(*treated, "lesion.myelin");
  const double t_cells_untreated = readout(*untreated, "lesion.cd8.entered") + readout(*untreated, "lesion.th1.entered");
  const double t_cells_treated = readout(*treated, "lesion.cd8.entered") + readout(*treated, "lesion.th1.entered");
  INFO("peak demyelinated volume untreated " << peak_untreated << " mm^3, treated " << peak_treated << " mm^3");
  INFO("myelin lost untreated " << lost_untreated << ", treated " << lost_treated);
  INFO("CD8 + Th1 entered untreated " << t_cells_untreated << ", treated " << t_cells_treated);
  CHECK(t_cells_untreated > 20);
  CHECK(t_cells_treated < 0.3 * t_cells_untreated);
  CHECK(lost_treated < 0.5 * lost_untreated);
  CHECK(readout(*treated, "lesion.cd8.kills") < readout(*untreated, "lesion.cd8.kills"));
}

TEST_CASE("autoimmune lesion: same state digest at 1 and 2 threads and across a checkpoint restart",
          "[tissue][autoimmune][determinism][restart]") {
  const std::string duration = "5 d";
  auto one = scenario("autoimmune_lesion.yaml", duration, 1);
  const fs::path dir = fs::temp_directory_path() / ("msabm-autoimmune-restart-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path checkpoint = dir / "checkpoint.h5";
  // Half-way, a checkpoint; the 1-thread run goes on to the end.
  while (!one->finished() && one->tick() < 2 * 1440 + 17) one->step();
  write_checkpoint_file(checkpoint, *one, RunIdentity{"autoimmune_lesion", "", 1}, CheckpointExtras{});
  while (!one->finished()) one->step();
  CHECK(readout(*one, "lesion.th1.entered") > 0);  // the immune processes ran

  auto two = scenario("autoimmune_lesion.yaml", duration, 2);
  while (!two->finished()) two->step();
  CHECK(two->state_digest() == one->state_digest());

  auto resumed = scenario("autoimmune_lesion.yaml", duration, 2);
  restore_checkpoint(checkpoint, *resumed);
  while (!resumed->finished()) resumed->step();
  CHECK(resumed->state_digest() == one->state_digest());
  fs::remove_all(dir);
}
