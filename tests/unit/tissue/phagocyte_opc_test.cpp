// Phagocytosis against its rate law and capacity, and the gates of OPC differentiation.
#include <catch2/catch.hpp>

#include <cmath>

#include "support/simulation_from_yaml.hpp"
#include "unit/tissue/tissue_test_util.hpp"

using namespace msabm;
using testing::readout;
using testing::voxel_array;

namespace {

/// Phagocytes in a 6^3 block whose myelin has all become debris (set after build).
std::unique_ptr<Simulation> phagocyte_box(const std::string& capacity, int count) {
  auto sim = testing::simulation_from_yaml(R"(
time: {step: "1 h", duration: "1 d", sort_interval: "0 min"}
patches:
  p:
)" + testing::white_matter_block(6, "", "        myelin_volume_fraction: 0.4\n") + R"(
    agents:
      microglia:
        model: phagocyte
        count: )" + std::to_string(count) + R"(
        phagocytosis: {uptake: "3200 um^3/d", surveilling_share: 1, capacity: ")" + capacity +
                                           R"(", digestion_half_life: "1e9 d"}
)");
  Patch& p = *sim->find_patch("p");
  auto myelin = voxel_array(p, "myelin");
  auto debris = voxel_array(p, "debris");
  for (std::size_t v = 0; v < myelin.size(); ++v) {
    debris[v] = 1.0;
    myelin[v] = 0.0;
  }
  return sim;
}

double total(std::span<const double> a) {
  double s = 0;
  for (double x : a) s += x;
  return s;
}

}  // namespace

TEST_CASE("tissue: phagocytes clear debris at their uptake rate until full", "[tissue]") {
  // One voxel-unit of myelin is 0.4 x (20 um)^3 = 3200 um^3: each cell takes one unit a day.
  auto sim = phagocyte_box("1e6 um^3", 20);
  testing::run_to_end(*sim);
  Patch& p = *sim->find_patch("p");
  const double cleared = 216.0 - total(voxel_array(p, "debris"));
  CHECK(cleared == Approx(20.0).epsilon(1e-6));
  CHECK(readout(*sim, "p.phagocytosed_volume") == Approx(20.0 * 8000 * 1e-9).epsilon(1e-6));

  auto full = phagocyte_box("800 um^3", 20);  // a quarter of a unit each
  testing::run_to_end(*full);
  const AgentKind& mg = *full->find_patch("p")->find_kind("microglia");
  for (float load : mg.column(testing::column_of<float>(mg, "load"))) CHECK(load == Approx(0.25).epsilon(1e-6));
  CHECK(216.0 - total(voxel_array(*full->find_patch("p"), "debris")) == Approx(5.0).epsilon(1e-6));
}

TEST_CASE("tissue: phagocytes that took up myelin present antigen", "[tissue]") {
  auto sim = phagocyte_box("1e6 um^3", 10);
  sim->step();
  const AgentKind& mg = *sim->find_patch("p")->find_kind("microglia");
  for (float a : mg.column(testing::column_of<float>(mg, "antigen"))) CHECK(a > 0);
}

namespace {

/// Bare axons everywhere (no myelin), OPCs activated by a uniform PDGF, with debris and TNF as
/// given; new oligodendrocytes may appear.
std::unique_ptr<Simulation> opc_box(double debris_level, const std::string& tnf, bool renew = false) {
  auto sim = testing::simulation_from_yaml(R"(
time: {step: "1 h", duration: "6 d", sort_interval: "0 min"}
patches:
  p:
)" + testing::white_matter_block(6,
                                 "      pdgf: {units: \"molecules/um^3\", diffusion: \"1000 um^2/min\", initial: \"10 molecules/um^3\"}\n"
                                 "      tnf: {units: \"molecules/um^3\", diffusion: \"1000 um^2/min\", initial: \"" + tnf + "\"}\n",
                                 "        myelin: {breakdown_half_life: \"1e9 d\"}\n") + R"(
    agents:
      oligodendrocyte: {model: oligodendrocyte, count: 0}
      opc:
        model: opc
        count: 30
        activation: {rate: "100 1/d", pdgf_ec50: "0.1 molecules/um^3"}
        division: {cycle: "1e6 d"}
        differentiation: {rate: "5 1/d", debris_below: 0.1, inflammation_below: 0.3,
                          tnf_ec50: "0.03 molecules/um^3", delay: "1 d", self_renewal: )" +
                                           (renew ? "true" : "false") + R"(}
)");
  Patch& p = *sim->find_patch("p");
  auto myelin = voxel_array(p, "myelin");
  auto debris = voxel_array(p, "debris");
  for (std::size_t v = 0; v < myelin.size(); ++v) {
    myelin[v] = 0.0;
    debris[v] = debris_level;
  }
  return sim;
}

}  // namespace

TEST_CASE("tissue: OPCs differentiate only when debris is cleared and inflammation is low", "[tissue]") {
  auto open = opc_box(0.0, "0 molecules/um^3");
  testing::run_to_end(*open);
  const double made = readout(*open, "p.oligodendrocyte.new") + readout(*open, "p.oligodendrocyte.mature_new");
  CHECK(made > 20);  // most of the 30 OPCs became oligodendrocytes ...
  CHECK(made + readout(*open, "p.opc.activated") + readout(*open, "p.opc.differentiating") +
            readout(*open, "p.opc.quiescent") == 30);  // ... one for one
  CHECK(readout(*open, "p.remyelin") > 0);               // and began to remyelinate

  auto debris = opc_box(0.5, "0 molecules/um^3");
  testing::run_to_end(*debris);
  CHECK(readout(*debris, "p.opc.differentiating") == 0);
  CHECK(readout(*debris, "p.oligodendrocyte.new") == 0);
  CHECK(readout(*debris, "p.opc.activated") == 30);

  auto inflamed = opc_box(0.0, "1 molecules/um^3");
  testing::run_to_end(*inflamed);
  CHECK(readout(*inflamed, "p.opc.differentiating") == 0);
  CHECK(readout(*inflamed, "p.oligodendrocyte.new") == 0);
}

TEST_CASE("tissue: OPCs that divide asymmetrically keep their pool while making oligodendrocytes", "[tissue]") {
  auto sim = opc_box(0.0, "0 molecules/um^3", true);
  testing::run_to_end(*sim);
  const double made = readout(*sim, "p.oligodendrocyte.new") + readout(*sim, "p.oligodendrocyte.mature_new");
  CHECK(sim->find_patch("p")->find_kind("opc")->size() == 30);  // no symmetric division configured
  CHECK(made > 30);  // more than one oligodendrocyte per progenitor over 6 days
}

TEST_CASE("tissue: a new oligodendrocyte remyelinates no more than its sheaths cover", "[tissue]") {
  auto sim = opc_box(0.0, "0 molecules/um^3");
  testing::run_to_end(*sim);
  Patch& p = *sim->find_patch("p");
  const double made = readout(*sim, "p.oligodendrocyte.new") + readout(*sim, "p.oligodendrocyte.mature_new");
  // 30 internodes of 100 um (the defaults) over 53 axons x 20 um of axon per voxel.
  const double per_cell = 30.0 * 100.0 / (53.0 * 20.0);
  const double remyelinated = total(voxel_array(p, "remyelin"));
  CHECK(remyelinated <= made * per_cell * (1 + 1e-6));
  CHECK(remyelinated > 0);
  for (double r : voxel_array(p, "remyelin")) CHECK(r <= 1.0 + 1e-12);
}
