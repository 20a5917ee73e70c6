// Readouts declared in YAML (engine/run/readout_config.hpp, crossing_readout.hpp): counts of a
// kind (in a state, in a region), a field's and a voxel array's mean/max/min/total in a region and
// a table column (one row or all), against values counted by hand on a 4x4x4 lattice; the time a
// readout first crosses a threshold against closed forms (a field's exponential decay, a removal
// at a known time), restored with a checkpoint; bad entries fail at load naming file:line and key.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "engine/fields/field_set.hpp"
#include "engine/io/checkpoint_reader.hpp"
#include "engine/io/checkpoint_writer.hpp"
#include "io/io_support.hpp"
#include "support/test_models.hpp"

using namespace msabm;

namespace {

// 4x4x4 voxels of 10 um with room for one agent each; 32 prey fill the 32 voxels with centres
// at x = 5 and 15 um (placement box x in [0, 20] um). The region `x0` (x in [0, 10] um) holds
// the 16 voxels with centres at x = 5 um.
const char* const kHandCounted = R"(
seed: 5
time: {step: "1 min", duration: "10 min", sort_interval: "0 min"}
test_blood: {patch: p, kind: cell, entry: 0, clones: 3, cells_per_clone: 50, entry_region: {shape: everywhere}}
patches:
  p:
    lattice: {dims: [4, 4, 4], voxel_size: "10 um", capacity: 1}
    fields:
      c: {units: "molecules/um^3", diffusion: "1 um^2/min", initial: "2 molecules/um^3"}
    contents: {m: {model: test_marks, kind: prey}}
    agents:
      prey: {model: target, count: 32, placement: {shape: box, min: ["0 um", "0 um", "0 um"], max: ["20 um", "40 um", "40 um"]}}
      cell: {model: test_cell, count: 0, leave: 0, leave_to: {table: blood}}
readouts:
  prey_all: {model: kind_count, patch: p, kind: prey}
  prey_x0: {model: kind_count, patch: p, kind: prey, region: &x0 {shape: box, min: ["0 um", "0 um", "0 um"], max: ["10 um", "40 um", "40 um"]}}
  prey_x0_state1: {model: kind_count, patch: p, kind: prey, state: 1, region: *x0}
  prey_sphere_state1: {model: kind_count, patch: p, kind: prey, state: 1, region: {shape: sphere, centre: ["5 um", "5 um", "20 um"], radius: "10.1 um"}}
  cells_moving: {model: kind_count, patch: p, kind: cell, state: moving}
  c_mean: {model: field, patch: p, field: c, measure: mean, region: {shape: box, min: ["0 um", "0 um", "0 um"], max: ["20 um", "40 um", "40 um"]}}
  c_max: {model: field, patch: p, field: c, measure: max, region: *x0}
  c_min: {model: field, patch: p, field: c, measure: min}
  c_integral: {model: field, patch: p, field: c, measure: integral, region: *x0}
  marks_x0: {model: voxel_array, patch: p, array: marks, region: *x0}
  marks_mean: {model: voxel_array, patch: p, array: marks, measure: mean}
  blood_101: {model: table_total, table: blood, column: cells, key: 101}
  blood_999: {model: table_total, table: blood, column: cells, key: 999}
  blood_all: {model: table_total, table: blood, column: cells}
)";

double readout(const Simulation& sim, const std::string& name) {
  const Readout* r = sim.find_readout(name);
  REQUIRE(r != nullptr);
  return r->measure(sim);
}

std::string units_of(const Simulation& sim, const std::string& name) { return sim.find_readout(name)->units; }

void run_ticks(Simulation& sim, std::int64_t until) {
  while (sim.tick() < until) sim.advance(until);
}

}  // namespace

TEST_CASE("readouts: kinds, states, fields, voxel arrays and tables in regions, counted by hand", "[readouts]") {
  for (const int threads : {1, 2}) {
    auto sim = testing::test_simulation(kHandCounted, threads);
    Patch& p = *sim->find_patch("p");
    AgentKind& prey = *p.find_kind("prey");
    REQUIRE(prey.size() == 32);
    CHECK(readout(*sim, "prey_all") == 32);
    CHECK(readout(*sim, "prey_x0") == 16);
    CHECK(readout(*sim, "prey_x0_state1") == 0);

    // State 1 for the prey in the row y index 0: in x0 that is (0, 0, k) for k = 0..3.
    for (std::size_t i = 0; i < prey.size(); ++i) {
      if (p.lattice().coords(prey.voxels()[i])[1] == 0) prey.states()[i] = 1;
    }
    CHECK(readout(*sim, "prey_x0_state1") == 4);
    // Centres within 10.1 um of (5, 5, 20) um: (5, 5, 15) and (5, 5, 25) (and (15, 5, 15/25) are
    // 11.2 um away): two prey in state 1.
    CHECK(readout(*sim, "prey_sphere_state1") == 2);
    CHECK(readout(*sim, "cells_moving") == 0);

    // The field by hand: c = 1 + i + j (x and y indices).
    FieldSet& f = *p.fields();
    auto c = f.values(f.index_of("c"));
    for (VoxelIndex v = 0; v < p.lattice().voxel_count(); ++v) {
      c[v] = 1.0 + p.lattice().coords(v)[0] + p.lattice().coords(v)[1];
    }
    CHECK(readout(*sim, "c_mean") == 3.0);  // i in {0, 1}, j in 0..3: 1 + 0.5 + 1.5
    CHECK(readout(*sim, "c_max") == 4.0);   // x0: i = 0, j = 3
    CHECK(readout(*sim, "c_min") == 1.0);   // everywhere: i = j = 0
    CHECK(readout(*sim, "c_integral") == 4 * (1 + 2 + 3 + 4) * 1000.0);  // x0: 4 k x j = 0..3, (10 um)^3
    CHECK(units_of(*sim, "c_mean") == "molecules/um^3");
    CHECK(units_of(*sim, "c_integral") == "molecules");

    // test_marks adds 1 per prey to its voxel at tick 0 (every 5 ticks).
    sim->step();
    CHECK(readout(*sim, "marks_x0") == 16);
    CHECK(readout(*sim, "marks_mean") == 32.0 / 64.0);

    CHECK(readout(*sim, "blood_101") == 50);
    CHECK(readout(*sim, "blood_999") == 0);  // no such row (yet)
    CHECK(readout(*sim, "blood_all") == 150);
    CHECK(units_of(*sim, "blood_all") == "cells");
  }
}

namespace {

// A uniform field decaying at k = 0.01 1/min (no diffusion across a uniform field; the spectral
// scheme is exact in time): c(t) = exp(-k t), below 1/2 from t* = ln 2 / k = 69.3 min. Checked
// every c minutes, the crossing is the first multiple of c past t*. The prey are all removed by
// an event at 4 h, which the check of that tick sees.
const char* const kDecay = R"(
seed: 2
time: {step: "1 min", duration: "5 h", day_zero: "1 h", sort_interval: "0 min"}
patches:
  p:
    lattice: {dims: [3, 3, 3], voxel_size: "10 um", capacity: 1}
    fields:
      c: {units: "1/um^3", diffusion: "10 um^2/min", decay: "0.01 1/min", initial: "1 1/um^3", boundary: {type: no_flux}}
      solver: {scheme: spectral}
    agents:
      prey: {model: target, count: 10}
readouts:
  c: {model: field, patch: p, field: c}
  half: {model: crossing_time, readout: c, below: "0.5 1/um^3"}
  half_7min_h: {model: crossing_time, readout: c, below: "0.5 1/um^3", check_every: "7 min", units: h}
  fifth_from_day0: {model: crossing_time, readout: c, below: "0.2 1/um^3", from: "0 h", units: min}
  never_up: {model: crossing_time, readout: c, above: "1.5 1/um^3"}
  started_below: {model: crossing_time, readout: c, below: "5 1/um^3"}
  prey: {model: kind_count, patch: p, kind: prey}
  cleared: {model: crossing_time, readout: prey, below: 1, check_every: "10 min", units: d}
protocol:
  - {at: "3 h", action: remove_agents, patch: p, kind: prey, fraction: 1}
)";

}  // namespace

TEST_CASE("readouts: crossing times against closed forms, and across a restart", "[readouts][crossing]") {
  auto sim = testing::test_simulation(kDecay);
  CHECK(std::isnan(readout(*sim, "half")));
  run_ticks(*sim, sim->total_ticks());
  const double k = 0.01, day_zero = 60.0;
  const double t_half = std::log(2.0) / k;  // 69.3 min after the start
  // Times are relative to day 0 (1 h after the start).
  CHECK(readout(*sim, "half") == std::ceil(t_half) - day_zero);
  CHECK(readout(*sim, "half_7min_h") == Approx((std::ceil(t_half / 7) * 7 - day_zero) / 60.0));
  CHECK(units_of(*sim, "half_7min_h") == "h");
  // Watched from day 0 (1 h after the start): exp(-k t) < 0.2 from t = ln 5 / k = 160.9 min.
  CHECK(readout(*sim, "fifth_from_day0") == std::ceil(std::log(5.0) / k) - day_zero);
  CHECK(std::isnan(readout(*sim, "never_up")));
  CHECK(std::isnan(readout(*sim, "started_below")));  // below from the start: not a crossing
  // The removal fires at the start of its tick (3 h after day 0), before the check of that tick.
  CHECK(readout(*sim, "cleared") == Approx(3.0 / 24.0));
  CHECK(units_of(*sim, "cleared") == "d");

  // The watch is process state: a run restarted between check and crossing reports the same.
  testing::TempDir dir("crossing-restart");
  auto first = testing::test_simulation(kDecay);
  run_ticks(*first, 65);
  CHECK(std::isnan(readout(*first, "half")));
  const auto path = dir.path() / "checkpoint.h5";
  write_checkpoint_file(path, *first, RunIdentity{"test", "seed: 2\n", 1}, CheckpointExtras{});
  auto second = testing::test_simulation(kDecay);
  restore_checkpoint(path, *second);
  run_ticks(*second, second->total_ticks());
  CHECK(second->state_digest() == sim->state_digest());
  CHECK(readout(*second, "half") == readout(*sim, "half"));
  CHECK(readout(*second, "cleared") == readout(*sim, "cleared"));
}

TEST_CASE("readouts: bad entries fail at load with file:line and the key", "[readouts][config]") {
  const std::string base = R"(
time: {step: "1 min", duration: "10 min"}
patches:
  p:
    lattice: {dims: [4, 4, 4], voxel_size: "10 um"}
    fields:
      c: {units: "1/um^3", diffusion: "1 um^2/min"}
    agents:
      prey: {model: target, count: 3}
      cell: {model: test_cell, count: 0, leave_to: {patch: p, kind: cell, entry_region: {shape: everywhere}}}
readouts:
  prey: {model: kind_count, patch: p, kind: prey}
)";
  auto fails_with = [&](const std::string& entry, const std::string& key, const std::string& text) {
    const std::string yaml = base + "  bad: " + entry + "\n";
    try {
      testing::test_simulation(yaml);
      FAIL("accepted: " << entry);
    } catch (const ConfigError& e) {
      INFO(e.what());
      CHECK_THAT(e.what(), Catch::Contains("test.yaml:13:") && Catch::Contains("readouts.bad" + key) &&
                               Catch::Contains(text));
    }
  };
  fails_with("{model: kind_count, patch: q, kind: prey}", ".patch", "no patch named 'q' (patches: p)");
  fails_with("{model: kind_count, patch: p, kind: prey2}", ".kind", "has no agent kind 'prey2' (kinds: prey, cell)");
  fails_with("{model: kind_count, patch: p, kind: cell, state: sleeping}", ".state",
             "no state 'sleeping' (states: resting, moving)");
  fails_with("{model: kind_count, patch: p, kind: cell, state: 2}", ".state", "not one of 0..1");
  fails_with("{model: kind_count, patch: p, kind: prey, state: hungry}", ".state", "names no states");
  fails_with(R"({model: kind_count, patch: p, kind: prey, region: {shape: sphere, centre: ["100 um", "0 um", "0 um"], radius: "5 um"}})",
             ".region", "holds no voxel centre of patch 'p'");
  fails_with(R"({model: field, patch: p, field: d})", ".field", "no field 'd' (fields: c)");
  fails_with(R"({model: field, patch: p, field: c, measure: median})", ".measure", "median");
  fails_with(R"({model: voxel_array, patch: p, array: myelin})", ".array", "no voxel array 'myelin'");
  fails_with(R"({model: table_total, table: blood, column: cells})", ".table", "no systemic table named 'blood'");
  fails_with(R"({model: crossing_time, readout: preys, below: 1})", ".readout", "no readout named 'preys'");
  fails_with(R"({model: crossing_time, readout: prey, below: 1, above: 2})", "", "exactly one of");
  fails_with(R"({model: crossing_time, readout: prey, below: 1, units: um})", ".units", "not a unit of time");
  fails_with(R"({model: crossing_time, readout: prey, below: 1, check_every: "1.5 min"})", ".check_every",
             "multiple");
  fails_with(R"({model: counter, patch: p})", ".model", "counter");
}
