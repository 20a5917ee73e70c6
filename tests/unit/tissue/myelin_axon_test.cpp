// The white-matter voxel rules in isolation: myelin breakdown after oligodendrocyte death, axon
// transection at its hazard with Wallerian loss along the whole line, stress relaxation.
#include <catch2/catch.hpp>

#include <cmath>

#include "support/simulation_from_yaml.hpp"
#include "unit/tissue/tissue_test_util.hpp"

using namespace msabm;
using testing::readout;
using testing::voxel_array;

namespace {

/// Four days of an 8^3 block with oligodendrocytes at white-matter density (myelin breakdown
/// half-life 2 d), all of which die at day 0 when `kill_all`.
std::unique_ptr<Simulation> oligodendrocyte_block(bool kill_all) {
  return testing::simulation_from_yaml(R"(
time: {step: "1 h", duration: "4 d", sort_interval: "0 min"}
patches:
  p:
)" + testing::white_matter_block(8, "", "        myelin: {period: \"1 h\", breakdown_half_life: \"2 d\"}\n") + R"(
    agents:
      oligodendrocyte: {model: oligodendrocyte, density: "55000 1/mm^3"}
)" + (kill_all ? R"(protocol:
  - {at: "0 d", action: remove_agents, patch: p, kind: oligodendrocyte, fraction: 1}
)" : ""));
}

}  // namespace

TEST_CASE("tissue: myelin of dead oligodendrocytes breaks down into debris at its half-life", "[tissue]") {
  // Every oligodendrocyte dies at day 0: each owned voxel's myelin decays as exp(-ln2 t / t_bd)
  // exactly (first-order breakdown at a 1 h period), and what it loses is debris.
  auto sim = oligodendrocyte_block(true);
  testing::run_to_end(*sim);
  Patch& p = *sim->find_patch("p");
  const auto myelin = voxel_array(p, "myelin");
  const auto debris = voxel_array(p, "debris");
  const auto owners = voxel_array(p, "oligodendrocyte_owners0");
  const double expected = std::exp(-std::log(2.0) * 4.0 / 2.0);  // 0.25
  std::size_t owned = 0;
  for (std::size_t v = 0; v < myelin.size(); ++v) {
    if (owners[v] > 0) {
      ++owned;
      CHECK(myelin[v] == Approx(expected).epsilon(1e-9));
    } else {
      CHECK(myelin[v] == 1.0);  // nobody's: nothing to lose
    }
    CHECK(myelin[v] + debris[v] == Approx(1.0).epsilon(1e-12));
  }
  CHECK(owned > myelin.size() * 9 / 10);
  CHECK(p.find_kind("oligodendrocyte")->size() == 0);
}

TEST_CASE("tissue: living oligodendrocytes keep their myelin", "[tissue]") {
  auto sim = oligodendrocyte_block(false);
  testing::run_to_end(*sim);
  CHECK(readout(*sim, "p.myelin") == 1.0);
  CHECK(readout(*sim, "p.debris_volume") == 0.0);
}

TEST_CASE("tissue: axons are transected at their hazard and lost along the whole line", "[tissue]") {
  // A uniform TNF level at its EC50 (h = 1/2), no decay: hazard per axon = transection x 1/2 x
  // line length (10 voxels of 20 um = 0.2 mm) = 0.1 /d; over 5 d each axon survives with
  // probability exp(-0.5).
  auto sim = testing::simulation_from_yaml(R"(
time: {step: "1 d", duration: "5 d", sort_interval: "0 min"}
patches:
  p:
)" + testing::white_matter_block(10,
                                 "      tnf: {units: \"molecules/um^3\", diffusion: \"1000 um^2/min\", initial: \"0.3 molecules/um^3\"}\n",
                                 "        axons: {period: \"1 d\", transection: \"1 1/mm*d\", tnf_ec50: \"0.3 molecules/um^3\"}\n"
                                 "        myelin: {period: \"1 d\"}\n"));
  Patch& p = *sim->find_patch("p");
  const AgentKind& axon = *p.find_kind("axon");
  REQUIRE(axon.size() == 100);  // one line per (y, z)
  const auto axons = voxel_array(p, "axons");
  const double total0 = 100.0 * 53;
  std::vector<double> before(axons.begin(), axons.end());
  for (int day = 0; day < 5; ++day) {
    sim->step();
    for (std::size_t v = 0; v < axons.size(); ++v) {
      CHECK(axons[v] <= before[v]);  // transection is permanent
      before[v] = axons[v];
    }
  }
  // Wallerian degeneration: every voxel of a line holds the line's count; lost axons' myelin is debris.
  const Lattice& lat = p.lattice();
  const auto myelin = voxel_array(p, "myelin");
  const auto debris = voxel_array(p, "debris");
  double lost = 0;
  for (int k = 0; k < 10; ++k) {
    for (int j = 0; j < 10; ++j) {
      const double line = axons[lat.index(0, j, k)];
      for (int i = 0; i < 10; ++i) {
        const VoxelIndex v = lat.index(i, j, k);
        CHECK(axons[v] == line);
        CHECK(myelin[v] == Approx(line / 53.0).epsilon(1e-12));
        CHECK(myelin[v] + debris[v] == Approx(1.0).epsilon(1e-12));
      }
      lost += 53 - line;
    }
  }
  const double p_lost = 1.0 - std::exp(-0.5);
  const double sd = std::sqrt(total0 * p_lost * (1 - p_lost));
  CHECK(std::abs(lost - total0 * p_lost) < 4 * sd);
  CHECK(readout(*sim, "p.axons_transected") == lost);
  CHECK(readout(*sim, "p.axon_loss") == Approx(lost / total0).epsilon(1e-12));
}

TEST_CASE("tissue: oligodendrocyte stress relaxes toward the cytokine drive with its time constant", "[tissue]") {
  // Constant TNF at 3 x EC50 (h = 3/4): s(t) = 0.75 (1 - exp(-t / tau)).
  auto sim = testing::simulation_from_yaml(R"(
time: {step: "6 h", duration: "3 d", sort_interval: "0 min"}
patches:
  p:
)" + testing::white_matter_block(6, "      tnf: {units: \"molecules/um^3\", diffusion: \"1000 um^2/min\", initial: \"0.9 molecules/um^3\"}\n",
                                "        myelin: {period: \"6 h\"}\n") + R"(
    agents:
      oligodendrocyte:
        model: oligodendrocyte
        count: 50
        decide: {period: "6 h"}
        stress: {time_constant: "2 d", tnf_ec50: "0.3 molecules/um^3", stressed_above: 0.5}
)");
  testing::run_to_end(*sim);
  const AgentKind& ol = *sim->find_patch("p")->find_kind("oligodendrocyte");
  const auto stress = ol.column(testing::column_of<float>(ol, "stress"));
  const double expected = 0.75 * (1.0 - std::exp(-3.0 / 2.0));
  REQUIRE(ol.size() == 50);  // no death configured
  for (float s : stress) CHECK(s == Approx(expected).epsilon(1e-5));
  for (std::uint8_t st : ol.states()) CHECK(st == 1);  // stressed (s > 0.5)
}
