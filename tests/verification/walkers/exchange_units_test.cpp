// Verification of secretion and uptake units (models/walkers/exchange.cpp): a rate given in any
// amount per time lands in the field's declared units per voxel volume, and uptake acts as the
// implicit first-order loss of the configured rate constant per agent.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>

#include "engine/fields/field_set.hpp"
#include "support/simulation_from_yaml.hpp"

using namespace msabm;

namespace {

// 3 secreting and 3 consuming agents in voxel (2, 2, 2) of a 5^3 lattice of 10 um voxels
// (1000 um^3), no diffusion and no decay, 10 one-minute steps.
const char* const kExchange = R"(
seed: 1
time: {step: "1 min", duration: "10 min", sort_interval: "0 min"}
patches:
  p:
    lattice: {dims: [5, 5, 5], voxel_size: "10 um", capacity: 10}
    fields:
      count_signal: {units: "molecules/um^3", diffusion: "0 um^2/min"}
      molar_signal: {units: "nM", diffusion: "0 um^2/min"}
      consumed: {units: "molecules/um^3", diffusion: "0 um^2/min", initial: "5 molecules/um^3"}
    agents:
      source:
        model: target
        count: 3
        placement: {shape: sphere, centre: ["25 um", "25 um", "25 um"], radius: "1 um"}
        exchange:
          - {field: count_signal, secretion: "200 molecules/min"}
          - {field: molar_signal, secretion: "1e-21 mol/min"}
      sink:
        model: target
        count: 3
        placement: {shape: sphere, centre: ["25 um", "25 um", "25 um"], radius: "1 um"}
        exchange:
          - {field: consumed, uptake: "0.1 1/min"}
)";

}  // namespace

TEST_CASE("exchange: secretion and uptake in the field's declared units", "[verification][walkers][exchange]") {
  auto sim = testing::simulation_from_yaml(kExchange);
  const Patch& patch = sim->patches()[0];
  const fields::FieldSet& f = *patch.fields();
  const VoxelIndex centre = patch.lattice().index(2, 2, 2);
  REQUIRE(patch.find_kind("source")->voxels()[2] == centre);
  REQUIRE(patch.find_kind("sink")->voxels()[2] == centre);
  int steps = 0;
  while (!sim->finished()) {
    sim->step();
    ++steps;
  }
  REQUIRE(steps == 10);
  const int counted = f.index_of("count_signal");
  const int molar = f.index_of("molar_signal");
  const int consumed = f.index_of("consumed");
  // 3 agents x 200 molecules/min x 10 min = 6000 molecules in 1000 um^3: 6 molecules/um^3.
  CHECK(f.total_mass(counted) == Approx(6000.0).epsilon(1e-12));
  CHECK(f.value(counted, centre) == Approx(6.0).epsilon(1e-12));
  CHECK(f.value(counted, patch.lattice().index(2, 2, 3)) == 0.0);
  // 3 x 1e-21 mol/min x 10 min = 3e-20 mol in 1000 um^3 = 1e-12 L: 3e-8 M = 30 nM.
  CHECK(f.value(molar, centre) == Approx(30.0).epsilon(1e-12));
  // Uptake: the three rate constants add (0.3 1/min on the voxel), applied implicitly each
  // step: 5 / (1 + 0.3)^10. Elsewhere untouched.
  CHECK(f.value(consumed, centre) == Approx(5.0 / std::pow(1.3, 10)).epsilon(1e-12));
  CHECK(f.value(consumed, patch.lattice().index(0, 0, 0)) == 5.0);
}
