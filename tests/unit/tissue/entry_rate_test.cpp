// Entry from blood across the venule wall, and egress: the mean number crossing per period against
// capture x blood x adhesion x adhesion_factor x (1 + h(chemokine)), and exact accounting of
// every lymphocyte (initial + entered + born = present + died + left + differentiated) with the
// egress table keyed by clone.
#include <catch2/catch.hpp>

#include <cmath>

#include "unit/tissue/lymphocyte_test_support.hpp"

using namespace msabm;
using namespace msabm::testing;

namespace {

// A 5 x 5 x 4 block of 20 um voxels with a venule along z through the centre: 4 wall voxels,
// each with the 4 sheath voxels around it to land in.
const std::string kVenule = R"(        venules: [{from: ["50 um", "50 um", "0 um"], to: ["50 um", "50 um", "80 um"], radius: "5 um", sheath: "12 um"}]
)";
constexpr double kWallVoxels = 4;

std::string entry_config(const std::string& chemokine_field, const std::string& chemokine_entry) {
  return tissue_yaml(R"({step: "1 h", duration: "20 d", sort_interval: "0 min"})", "[5, 5, 4]",
                     chemokine_field + R"(
    agents:
      th:
        model: t_cell
        clones: {first_id: 7, count: 5}
        decide: {period: "1 h"}
        entry: {blood: "1000 cells/uL", capture: "5e4 um^3/min", period: "1 h")" +
                         chemokine_entry + R"(}
        death: {primed: "0 1/d", reactivated: "0 1/d"}
        egress: {rate: "0 1/d"}
)",
                     kVenule + "        bbb: {baseline_adhesion: 0.4}\n");
}

/// Runs `periods` entry periods of 1 h and checks the count against the closed form.
void check_entry(Simulation& sim, double chemokine_term, double factor, int periods) {
  const double blood = 1000 / 1e9;  // cells/um^3
  const double per_period = 5e4 * blood * 0.4 * factor * (1 + chemokine_term) * 60 * kWallVoxels;
  const std::int64_t start = sim.tick();
  run_ticks(sim, periods);
  REQUIRE(sim.tick() - start == periods);
  const double entered = readout(sim, "p.th.entered");
  const double expected = per_period * periods;
  INFO("entered " << entered << ", expected " << expected);
  CHECK(std::abs(entered - expected) < 3 * std::sqrt(expected));  // Poisson: variance = mean
  CHECK(readout(sim, "p.th.refused") == 0);
  CHECK(static_cast<double>(kind_of(sim, "th").size()) == entered);
}

}  // namespace

TEST_CASE("entry: cells cross at capture x blood x adhesion x adhesion_factor x (1 + h(chemokine))",
          "[tissue][entry]") {
  // A uniform chemokine that neither decays nor spreads: h = c / (c + EC50) = 0.02 / 0.03.
  const std::string field = R"(
    fields:
      cxcl10: {units: "molecules/um^3", diffusion: "100 um^2/min", decay: "0 1/min", initial: "0.02 molecules/um^3"}
      solver: {period: "1 h"})";
  const std::string with_chemokine = R"(, chemokine: cxcl10, chemokine_ec50: "0.01 molecules/um^3")";
  SECTION("without chemokine") {
    auto sim = simulation_from_yaml(entry_config("", ""));
    check_entry(*sim, 0.0, 1.0, 240);
  }
  SECTION("with a chemokine next to the wall") {
    auto sim = simulation_from_yaml(entry_config(field, with_chemokine));
    check_entry(*sim, 0.02 / 0.03, 1.0, 240);
  }
  SECTION("with adhesion blocked to a tenth (the parameter a treatment sets)") {
    auto sim = simulation_from_yaml(entry_config(field, with_chemokine));
    Simulation& s = *sim;
    s.parameters().set(s.parameters().handle("p.th.adhesion_factor"), 0.1, 0, ParameterStore::kForever);
    check_entry(s, 0.02 / 0.03, 0.1, 480);
  }
  SECTION("no blood, no entry") {
    auto sim = simulation_from_yaml(entry_config(field, with_chemokine));
    Simulation& s = *sim;
    s.parameters().set(s.parameters().handle("p.th.blood"), 0.0, 0, ParameterStore::kForever);
    run_ticks(s, 100);
    CHECK(readout(s, "p.th.entered") == 0);
  }
}

TEST_CASE("entry: every lymphocyte is accounted for, and the egress table is keyed by clone", "[tissue][entry]") {
  // T cells enter, walk, meet presenting cells, divide, die and leave; B cells enter, take up
  // the debris of a dead patch of oligodendrocytes, are helped by T cells and become plasma cells.
  auto sim = simulation_from_yaml(tissue_yaml(R"({step: "10 min", duration: "12 d", sort_interval: "1 d"})", "[5, 5, 4]",
                                              R"(
    agents:
      oligodendrocyte: {model: oligodendrocyte, count: 100}
      apc: {model: phagocyte, count: 20, activation: {rate: "0 1/h"}, phagocytosis: {uptake: "0 um^3/d"}}
      th:
        model: t_cell
        count: 30
        clones: {first_id: 100, count: 6, myelin_reactive_share: 0.5}
        entry: {blood: "1000 cells/uL", capture: "5e4 um^3/min", period: "1 h"}
        reactivation: {rate: "1 1/h", active_time: "1 d", presenters: [apc]}
        division: {rate: "2 1/d", max_per_voxel: 6}
        death: {primed: "0.5 1/d", reactivated: "0.3 1/d"}
        egress: {rate: "0.5 1/d"}
        motility: {diffusivity: "5 um^2/min", period: "10 min"}
      b:
        model: b_cell
        clones: {first_id: 500, count: 4, myelin_reactive_share: 1}
        entry: {blood: "1000 cells/uL", capture: "2e4 um^3/min", period: "1 h"}
        antigen: {uptake: "1 1/h", debris_above: 0.01, display: "2 d"}
        help: {rate: "2 1/h", by: [th]}
        plasma: {rate: "1 1/d", becomes: plasma}
        death: {resting: "0.3 1/d", activated: "0.3 1/d"}
        egress: {rate: "0.3 1/d"}
        motility: {diffusivity: "5 um^2/min", period: "10 min"}
      plasma: {model: plasma_cell, death: {rate: "0 1/d"}}
protocol:
  - {at: "0 d", action: remove_agents, patch: p, kind: oligodendrocyte, fraction: 1}
)",
                                              kVenule + "        myelin: {breakdown_half_life: \"1 d\"}\n"));
  for (float& a : column_of<float>(kind_of(*sim, "apc"), "antigen")) a = 1e9F;
  const double initial_th = static_cast<double>(kind_of(*sim, "th").size());
  REQUIRE(initial_th == 30);
  auto check_books = [&] {
    const double th_present = static_cast<double>(kind_of(*sim, "th").size());
    CHECK(initial_th + readout(*sim, "p.th.entered") + readout(*sim, "p.th.born") ==
          th_present + readout(*sim, "p.th.died") + readout(*sim, "p.th.left"));
    const double b_present = static_cast<double>(kind_of(*sim, "b").size());
    CHECK(readout(*sim, "p.b.entered") ==
          b_present + readout(*sim, "p.b.died") + readout(*sim, "p.b.left") + readout(*sim, "p.b.differentiated"));
    CHECK(static_cast<double>(kind_of(*sim, "plasma").size()) == readout(*sim, "p.b.differentiated"));
  };
  while (!sim->finished()) {
    run_ticks(*sim, 144);  // a day
    check_books();
  }
  // Every process happened, so the books are not balanced by all terms being zero.
  for (const char* name : {"p.th.entered", "p.th.born", "p.th.died", "p.th.left", "p.b.entered", "p.b.died", "p.b.left",
                           "p.b.differentiated"}) {
    INFO(name);
    CHECK(readout(*sim, name) > 0);
  }
  // The egress tables: one row per clone that left, keys from the kind's clone list, counts
  // summing to the cells that left.
  for (const auto& [kind, first, count] : {std::tuple{"th", 100, 6}, std::tuple{"b", 500, 4}}) {
    const SystemicTable& table = *sim->find_table(std::string("p.") + kind + ".egress");
    CHECK(table.key_name() == "clone");
    std::int64_t sum = 0;
    for (std::size_t r = 0; r < table.rows(); ++r) {
      CHECK(table.keys()[r] >= static_cast<std::uint64_t>(first));
      CHECK(table.keys()[r] < static_cast<std::uint64_t>(first + count));
      sum += table.counts(0)[r];
    }
    CHECK(table.rows() > 1);
    CHECK(static_cast<double>(sum) == readout(*sim, std::string("p.") + kind + ".left"));
  }
}
