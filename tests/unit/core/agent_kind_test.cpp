#include <catch2/catch.hpp>

#include <utility>
#include <vector>

#include "engine/core/agent_kind.hpp"
#include "engine/core/occupancy.hpp"
#include "engine/core/parallel.hpp"
#include "engine/core/rng.hpp"

using namespace msabm;

TEST_CASE("agent storage: ids are stable, unique and carry the kind", "[agents]") {
  AgentKind kind("tcell", 3, Mobility::Mobile, 1);
  for (VoxelIndex v = 0; v < 5; ++v) kind.add(v);
  REQUIRE(kind.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(AgentKind::kind_of_id(kind.ids()[i]) == 3);
    CHECK((kind.ids()[i] & 0xFFFFFFFFull) == i);
  }
}

TEST_CASE("agent storage: deaths keep order, births append in parent order", "[agents]") {
  AgentKind kind("tcell", 0, Mobility::Mobile, 2);
  const auto clone = kind.declare<std::uint32_t>("clone", "1");
  const auto activation = kind.declare<float>("activation", "1");
  Occupancy occ(10, 10);
  for (VoxelIndex v = 0; v < 6; ++v) {
    const std::size_t i = kind.add(v);
    kind.column(clone)[i] = 100 + v;
    kind.column(activation)[i] = 0.5f * static_cast<float>(v);
    occ.add(v, 2);
  }
  const std::vector<std::uint64_t> ids_before(kind.ids().begin(), kind.ids().end());
  kind.mark_dead(1);
  kind.mark_dead(4);
  occ.add(9, 2);  // reserved by whoever granted the births
  occ.add(8, 2);
  kind.request_birth(4, 9);  // a dying parent's daughter is still born
  kind.request_birth(2, 8);
  kind.note_pending();
  const auto r = kind.commit(occ);
  CHECK(r.deaths == 2);
  CHECK(r.births == 2);
  REQUIRE(kind.size() == 6);
  // Survivors 0, 2, 3, 5 in order, then daughters of parents 2 and 4 (parent order).
  CHECK(kind.ids()[0] == ids_before[0]);
  CHECK(kind.ids()[1] == ids_before[2]);
  CHECK(kind.ids()[2] == ids_before[3]);
  CHECK(kind.ids()[3] == ids_before[5]);
  CHECK(kind.ids()[4] == 6);  // fresh ids continue the serial
  CHECK(kind.ids()[5] == 7);
  CHECK(kind.voxels()[4] == 8);
  CHECK(kind.voxels()[5] == 9);
  CHECK(kind.column(clone)[4] == 102);  // copied from parent 2
  CHECK(kind.column(clone)[5] == 104);
  CHECK(kind.column(activation)[5] == 2.0f);
  // Occupancy: voxels 1 and 4 emptied; daughters' reservations kept.
  CHECK(occ.used(1) == 0);
  CHECK(occ.used(4) == 0);
  CHECK(occ.used(8) == 2);
  CHECK(occ.used(9) == 2);
  CHECK(kind.next_serial() == 8);
  // Request slots are cleared after a commit.
  CHECK_FALSE(kind.is_marked_dead(0));
}

TEST_CASE("agent storage: sorting by voxel permutes every column together", "[agents]") {
  AgentKind kind("b", 1, Mobility::Mobile, 1);
  const auto tag = kind.declare<double>("tag", "1");
  const VoxelIndex voxels[] = {7, 2, 9, 2, 0, 7};
  for (VoxelIndex v : voxels) {
    const std::size_t i = kind.add(v);
    kind.column(tag)[i] = static_cast<double>(v) * 10.0 + static_cast<double>(i);
  }
  ThreadPool pool(1);
  kind.sort_by_voxel(10, pool);
  const VoxelIndex expect[] = {0, 2, 2, 7, 7, 9};
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(kind.voxels()[i] == expect[i]);
    const auto original = static_cast<std::size_t>(kind.ids()[i] & 0xFF);
    CHECK(kind.column(tag)[i] == static_cast<double>(voxels[original]) * 10.0 + static_cast<double>(original));
  }
  // Stable: equal voxels keep their previous relative order.
  CHECK(kind.ids()[1] < kind.ids()[2]);
  CHECK(kind.ids()[3] < kind.ids()[4]);
}

TEST_CASE("agent kind: sorting by voxel gives the same columns on 1 and 2 threads", "[agent_kind]") {
  // Enough agents for several parallel blocks; the counting sort (dense lattice) serial and,
  // from 2^20 agents, split by voxel ranges over the threads; the comparison sort (sparse).
  const std::pair<std::size_t, std::size_t> cases[] = {
      {100000, 5000}, {100000, 10000000}, {std::size_t{1} << 20, 1000003}};
  for (const auto& [agents, voxel_count] : cases) {
    std::vector<std::vector<std::uint64_t>> ids;
    std::vector<std::vector<double>> tags;
    for (int threads : {1, 2}) {
      AgentKind kind("k", 3, Mobility::Mobile, 1);
      const auto tag = kind.declare<double>("tag", "1");
      const CounterRng rng(4, "sort-test");
      for (std::size_t i = 0; i < agents; ++i) {
        const std::size_t a = kind.add(rng.stream(i, 0).below(static_cast<std::uint32_t>(voxel_count)));
        kind.column(tag)[a] = static_cast<double>(i) + 0.5;
      }
      ThreadPool pool(threads);
      kind.sort_by_voxel(voxel_count, pool);
      for (std::size_t i = 1; i < kind.size(); ++i) {
        REQUIRE(kind.voxels()[i - 1] <= kind.voxels()[i]);
        if (kind.voxels()[i - 1] == kind.voxels()[i]) REQUIRE(kind.ids()[i - 1] < kind.ids()[i]);
      }
      for (std::size_t i = 0; i < kind.size(); ++i) {  // every column moved with its agent
        REQUIRE(kind.column(tag)[i] == static_cast<double>(kind.ids()[i] & 0xFFFFFFFFull) + 0.5);
      }
      ids.emplace_back(kind.ids().begin(), kind.ids().end());
      tags.emplace_back(kind.column(tag).begin(), kind.column(tag).end());
    }
    CHECK(ids[0] == ids[1]);
    CHECK(tags[0] == tags[1]);
  }
}
