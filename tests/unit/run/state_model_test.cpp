// The state description: a model's new state is hashed, checkpointed, restored and listed with
// no edit in engine/io; a run with two patches, a systemic table, transfers both ways, a
// run-time patch, a period changed at run time and a parameter changed by events continues
// bit for bit after a restart, whatever the thread count; transfers conserve cells.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <vector>

#include "engine/io/checkpoint_reader.hpp"
#include "engine/io/checkpoint_writer.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/io/result_writer.hpp"
#include "io/io_support.hpp"
#include "support/test_models.hpp"

using namespace msabm;
namespace fs = std::filesystem;

namespace {

const char* const kTwoPlaces = R"(
seed: 5
time: {step: "1 min", duration: "120 min", sort_interval: "10 min"}
test_blood:
  patch: lesion
  kind: tcell
  clones: 3
  cells_per_clone: 40
  entry: 2
  period: "10 min"
  entry_region: {shape: box, min: ["0 um", "0 um", "0 um"], max: ["30 um", "120 um", "120 um"]}
patches:
  lesion:
    lattice: {dims: [12, 12, 12], voxel_size: "10 um", capacity: 2}
    contents: {m: {model: test_marks, kind: tcell}}
    fields: {cytokine: {diffusion: "100 um^2/min", decay: "0.05 1/min", initial: "1 1/um^3"}}
    agents:
      tcell:
        model: test_cell
        count: 30
        leave: 0.02
        leave_to: {patch: node, kind: tcell, entry_region: {shape: everywhere}}
        coarsen_after: 30
        coarse_period: 3
  node:
    lattice: {dims: [8, 8, 8], voxel_size: "10 um", capacity: 4}
    agents:
      tcell: {model: test_cell, count: 0, leave: 0.05, leave_to: {table: blood}}
patch_templates:
  site:
    lattice: {dims: [6, 6, 6], voxel_size: "10 um", capacity: 1}
    agents:
      tcell: {model: test_cell, count: 10, leave: 0.1, leave_to: {table: blood}}
readouts:
  blood_cells: {model: table_total, table: blood, column: cells}
  lesion_tcells: {model: kind_count, patch: lesion, kind: tcell}
protocol:
  - {at: "30 min", action: create_patch, template: site, name: site1}
  - {at: "40 min", action: scale_parameter, parameter: test_blood.entry, factor: 0.5, for: "30 min"}
  - {at: "10 min", when: {readout: blood_cells, below: 112, check_every: "5 min"}, action: set_parameter,
     parameter: test_blood.entry, value: 3}
)";

/// Cells in every patch plus cells counted in the table.
double cells_everywhere(const Simulation& sim) {
  double n = sim.find_table("blood")->total(0);
  for (const Patch& p : sim.patches()) n += static_cast<double>(p.find_kind("tcell")->size());
  return n;
}

void run_ticks(Simulation& sim, std::int64_t until) {
  while (sim.tick() < until) sim.advance(until);
}

fs::path checkpoint_of(const Simulation& sim, const fs::path& dir) {
  const fs::path path = dir / "checkpoint.h5";
  write_checkpoint_file(path, sim, RunIdentity{"test", "seed: 5\n", 1}, CheckpointExtras{});
  return path;
}

}  // namespace

TEST_CASE("state: a test model's own state is hashed, checkpointed, restored and listed", "[state]") {
  testing::TempDir dir("state-model");
  auto sim = testing::test_simulation(kTwoPlaces);
  run_ticks(*sim, 60);
  auto* marks = sim->find_patch("lesion")->component<testing::MarksComponent>();
  REQUIRE(marks != nullptr);
  REQUIRE(marks->history.size() == 12);  // every 5 min from tick 0 to 55

  const std::string before = sim->state_digest();
  marks->history.back() += 1;  // one number of the component's own state
  CHECK(sim->state_digest() != before);
  marks->history.back() -= 1;
  const double drug = sim->find_table("blood")->amounts(1)[2];
  sim->find_table("blood")->amounts(1)[2] = drug * 1.5;  // the table
  CHECK(sim->state_digest() != before);
  sim->find_table("blood")->amounts(1)[2] = drug;
  REQUIRE(sim->state_digest() == before);

  const fs::path path = checkpoint_of(*sim, dir.path());
  auto restored = testing::test_simulation(kTwoPlaces);
  restore_checkpoint(path, *restored);
  CHECK(restored->state_digest() == before);
  CHECK(restored->find_patch("lesion")->component<testing::MarksComponent>()->history == marks->history);
  CHECK(restored->find_patch("site1") != nullptr);  // the run-time patch came back
  CHECK(restored->find_table("blood")->rows() == 3);

  // `msabm info` (which knows none of these models) lists them from the file alone.
  const auto info = testing::run_msabm("info " + testing::quote(path));
  INFO(info.output);
  REQUIRE(info.exit_code == 0);
  for (const char* text : {"patches/lesion/marks_history", "history (12 process)", "tables/blood",
                           "cells (3 table, cells)", "drug (3 table, mg)", "processes/test_blood.exchange",
                           "entered (1 process, cells)", "marks (1728 voxel)", "patches/site1/kinds/tcell",
                           "clone (", "names [test_blood.entry]", "live_patches [0 lesion -;1 node -;3 site1 site]"}) {
    CHECK_THAT(info.output, Catch::Contains(text));
  }
}

TEST_CASE("state: a model's voxel array is hashed, snapshotted and survives a restart", "[state][restart]") {
  testing::TempDir dir("state-voxel-array");
  auto sim = testing::test_simulation(kTwoPlaces);
  run_ticks(*sim, 60);
  Patch& lesion = *sim->find_patch("lesion");
  const auto find_marks = [](Patch& p) -> std::vector<double>& {
    for (auto& a : p.voxel_state().arrays()) {
      if (a.name == "marks") return a.values;
    }
    FAIL("no voxel array 'marks'");
    throw std::logic_error("unreachable");
  };
  std::vector<double>& marks = find_marks(lesion);
  double total = 0;
  for (double m : marks) total += m;
  REQUIRE(total > 0);  // test_marks counted T cells in their voxels

  // One voxel's value changes the digest, and putting it back restores it.
  const std::string before = sim->state_digest();
  marks[100] += 0.5;
  CHECK(sim->state_digest() != before);
  marks[100] -= 0.5;
  REQUIRE(sim->state_digest() == before);

  // A checkpoint brings the array back exactly, and the restored run goes on like the first.
  const fs::path path = checkpoint_of(*sim, dir.path());
  auto restored = testing::test_simulation(kTwoPlaces);
  restore_checkpoint(path, *restored);
  CHECK(find_marks(*restored->find_patch("lesion")) == marks);
  CHECK(restored->state_digest() == before);
  run_ticks(*sim, 90);
  run_ticks(*restored, 90);
  CHECK(find_marks(*restored->find_patch("lesion")) == find_marks(*sim->find_patch("lesion")));

  // A snapshot holds it as a lattice image, [nz, ny, nx] in voxel index order.
  {
    ResultWriter w = ResultWriter::create(dir.path(), *sim, RunIdentity{"test", "seed: 5\n", 1}, 1);
    w.write_snapshot(*sim);
    w.close("finished");
  }
  const h5::Handle file = h5::open_file(dir.path() / "result.h5", false);
  CHECK(h5::read_vector<double>(file.get(), "snapshots/000000/lesion/lattice/marks") ==
        find_marks(*sim->find_patch("lesion")));
}

TEST_CASE("state: a route into a full patch is refused and counted, and never overfills it", "[state][transfers]") {
  // 40 cells leave "lesion" for "node" with probability 0.1 per minute for 20 min (~80 tries);
  // node has 27 voxels of capacity 1, `empty` of them free. Exactly `empty` arrive; every other
  // try is refused and counted, and the refused cell stays where it was.
  for (const int empty : {0, 5}) {
    const std::string yaml = fmt::format(R"(
seed: 3
time: {{step: "1 min", duration: "20 min", sort_interval: "0 min"}}
patches:
  lesion:
    lattice: {{dims: [4, 4, 4], voxel_size: "10 um", capacity: 2}}
    agents:
      tcell: {{model: test_cell, count: 40, leave: 0.1, leave_to: {{patch: node, kind: tcell, entry_region: {{shape: everywhere}}}}}}
  node:
    lattice: {{dims: [3, 3, 3], voxel_size: "10 um", capacity: 1}}
    agents:
      tcell: {{model: test_cell, count: {}, leave: 0, leave_to: {{patch: lesion, kind: tcell, entry_region: {{shape: everywhere}}}}}}
)",
                                         27 - empty);
    auto sim = testing::test_simulation(yaml);
    while (!sim->finished()) sim->step();
    REQUIRE(sim->routes()[0].name == "lesion.tcell.leave");
    INFO("free voxels " << empty << ": delivered " << sim->delivered(0) << ", refused " << sim->refused(0));
    CHECK(sim->delivered(0) == empty);
    CHECK(sim->refused(0) > 40);  // ~80 tries (sd ~9)
    CHECK(sim->refused(0) < 120);
    CHECK(sim->find_patch("lesion")->find_kind("tcell")->size() == static_cast<std::size_t>(40 - empty));
    const Patch& node = *sim->find_patch("node");
    CHECK(node.find_kind("tcell")->size() == 27);
    for (VoxelIndex v = 0; v < 27; ++v) CHECK(node.occupancy().used(v) == 1);
  }
}

TEST_CASE("state: restart bit-identical with tables, transfers, a run-time patch, a changed period and a changed parameter",
          "[state][restart]") {
  for (const int threads : {1, 2}) {
    testing::TempDir dir("state-restart");
    auto whole = testing::test_simulation(kTwoPlaces, threads);
    run_ticks(*whole, whole->total_ticks());
    // What the run went through (so that the restart below has something to get right).
    CHECK(whole->find_patch("site1") != nullptr);
    CHECK(whole->scheduler().find("test_cell.lesion.tcell")->period_ticks == 3);
    CHECK(whole->delivered(0) > 0);  // lesion -> node
    CHECK(whole->delivered(1) > 0);  // node -> blood
    CHECK(whole->protocol().fired(2) == 1);

    for (const std::int64_t at : {35, 55, 71}) {  // after the new patch, during and after the scaling
      auto first = testing::test_simulation(kTwoPlaces, threads);
      run_ticks(*first, at);
      const fs::path path = checkpoint_of(*first, dir.path());
      auto second = testing::test_simulation(kTwoPlaces, 3 - threads);  // the other thread count
      restore_checkpoint(path, *second);
      run_ticks(*second, second->total_ticks());
      INFO("threads " << threads << ", restart at tick " << at);
      CHECK(second->state_digest() == whole->state_digest());
    }
  }
}

TEST_CASE("state: transfers between patches and a table conserve cells, at 1 and 2 threads", "[state][transfers]") {
  std::string digest;
  for (const int threads : {1, 2}) {
    auto sim = testing::test_simulation(kTwoPlaces, threads);
    const double start = cells_everywhere(*sim);
    REQUIRE(start == 30 + 3 * 40);
    for (std::int64_t t = 1; t <= sim->total_ticks(); ++t) {
      sim->step();
      const double added = sim->find_patch("site1") != nullptr ? 10 : 0;  // the template's own cells
      REQUIRE(cells_everywhere(*sim) == start + added);
    }
    std::int64_t delivered = 0;
    for (std::size_t r = 0; r < sim->routes().size(); ++r) delivered += sim->delivered(r);
    CHECK(delivered > 20);
    if (threads == 1) digest = sim->state_digest();
    CHECK(sim->state_digest() == digest);
  }
}

TEST_CASE("state: an agent keeps its id and variables when it moves to another patch", "[state][transfers]") {
  auto sim = testing::test_simulation(kTwoPlaces);
  AgentKind& lesion = *sim->find_patch("lesion")->find_kind("tcell");
  AgentKind& node = *sim->find_patch("node")->find_kind("tcell");
  std::map<std::uint64_t, std::uint32_t> clone_of;
  const ColumnRef<std::uint32_t> clone{0};
  for (std::size_t i = 0; i < lesion.size(); ++i) clone_of[lesion.ids()[i]] = lesion.column(clone)[i];
  run_ticks(*sim, 20);
  REQUIRE(node.size() > 0);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const auto it = clone_of.find(node.ids()[i]);
    if (it == clone_of.end()) continue;
    CHECK(node.column(clone)[i] == it->second);
    CHECK(AgentKind::patch_of_id(node.ids()[i]) == sim->find_patch("lesion")->uid());
    ++checked;
  }
  CHECK(checked > 0);
}

TEST_CASE("state: a checkpoint of another config is refused, naming what differs", "[state][restart]") {
  testing::TempDir dir("state-mismatch");
  auto sim = testing::test_simulation(kTwoPlaces);
  run_ticks(*sim, 40);
  const fs::path path = checkpoint_of(*sim, dir.path());
  std::string other = kTwoPlaces;  // without the marks model: its state is in the file only
  const std::string contents = "    contents: {m: {model: test_marks, kind: tcell}}\n";
  other.erase(other.find(contents), contents.size());
  auto different = testing::test_simulation(other);
  try {
    restore_checkpoint(path, *different);
    FAIL("restored a checkpoint of another config");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("test_marks") && Catch::Contains("does not have"));
  }
}
