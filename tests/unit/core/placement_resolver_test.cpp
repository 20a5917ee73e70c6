#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

#include "engine/core/occupancy.hpp"
#include "engine/core/parallel.hpp"
#include "engine/core/placement_resolver.hpp"
#include "engine/core/rng.hpp"

using namespace msabm;

TEST_CASE("placement: free voxels accept everyone, full voxels accept by priority", "[placement]") {
  Occupancy occ(4, 2);
  occ.add(1, 1);  // one unit free
  occ.add(2, 2);  // full
  PlacementResolver resolver;
  ThreadPool pool(1);
  const std::vector<VoxelIndex> targets = {0, 1, 1, 1, 2, kNoVoxel, 0, 3};
  const std::vector<std::uint64_t> priority = {5, 9, 3, 7, 1, 0, 2, 4};
  std::vector<std::uint8_t> accepted(targets.size());
  resolver.resolve(targets, priority, 1, occ, pool, accepted);
  const std::vector<std::uint8_t> expected = {1, 0, 1, 0, 0, 0, 1, 1};
  CHECK(accepted == expected);
  CHECK(resolver.last_contested() == 4);  // three for voxel 1, one for voxel 2
  // A second call starts from clean counters.
  resolver.resolve(targets, priority, 1, occ, pool, accepted);
  CHECK(accepted == expected);
}

TEST_CASE("placement: outcome is the same for 1, 2 and 4 threads and never over-fills", "[placement]") {
  constexpr std::size_t voxels = 5000;
  constexpr std::size_t requests = 60000;  // many more requests than room: heavy contention
  Occupancy occ(voxels, 3);
  const CounterRng rng(3, "placement-test");
  for (VoxelIndex v = 0; v < voxels; ++v) occ.add(v, static_cast<std::uint16_t>(rng.stream(v, 0).below(4)));
  std::vector<VoxelIndex> targets(requests);
  std::vector<std::uint64_t> priority(requests);
  for (std::size_t i = 0; i < requests; ++i) {
    RandomStream s = rng.stream(i, 1);
    targets[i] = s.below(10) == 0 ? kNoVoxel : s.below(voxels);
    priority[i] = s.bits();
  }
  std::vector<std::vector<std::uint8_t>> results;
  for (int threads : {1, 2, 4}) {
    ThreadPool pool(threads);
    PlacementResolver resolver;
    std::vector<std::uint8_t> accepted(requests);
    resolver.resolve(targets, priority, 1, occ, pool, accepted);
    results.push_back(accepted);
  }
  CHECK(results[0] == results[1]);
  CHECK(results[0] == results[2]);
  std::vector<int> granted(voxels, 0);
  for (std::size_t i = 0; i < requests; ++i) {
    if (results[0][i]) ++granted[targets[i]];
  }
  std::size_t total = 0;
  for (VoxelIndex v = 0; v < voxels; ++v) {
    REQUIRE(granted[v] <= occ.free(v));
    total += static_cast<std::size_t>(granted[v]);
  }
  CHECK(total > 0);
}

namespace {

/// The rule written out directly, voxel by voxel.
std::vector<std::uint8_t> reference_outcome(const std::vector<VoxelIndex>& targets,
                                            const std::vector<std::uint64_t>& priority,
                                            std::uint16_t volume, const Occupancy& occ) {
  std::vector<std::uint8_t> accepted(targets.size(), 0);
  std::vector<std::vector<std::size_t>> by_voxel(occ.values().size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (targets[i] != kNoVoxel) by_voxel[targets[i]].push_back(i);
  }
  for (VoxelIndex v = 0; v < by_voxel.size(); ++v) {
    auto& req = by_voxel[v];
    std::sort(req.begin(), req.end(), [&](std::size_t a, std::size_t b) {
      return priority[a] != priority[b] ? priority[a] < priority[b] : a < b;
    });
    const bool all_fit = req.size() * volume <= occ.free(v);
    std::uint32_t room = occ.free(v);
    for (std::size_t i : req) {
      if (all_fit || room >= volume) {
        accepted[i] = 1;
        room -= all_fit ? 0 : volume;
      }
    }
  }
  return accepted;
}

}  // namespace

TEST_CASE("placement: dense and sparse requests both follow the rule, one resolver for both",
          "[placement]") {
  constexpr std::size_t voxels = 20000;
  Occupancy occ(voxels, 4);
  const CounterRng rng(8, "placement-modes");
  for (VoxelIndex v = 0; v < voxels; ++v) occ.add(v, static_cast<std::uint16_t>(rng.stream(v, 0).below(6)));
  PlacementResolver resolver;  // reused: switching between the two ways must leave no residue
  for (int threads : {1, 2}) {
    ThreadPool pool(threads);
    // 50 requests (sparse: counters reset one by one), 40000 (dense: balances from the room),
    // then sparse again, with volume 1 and 2, crowded onto few voxels or spread out.
    for (const std::size_t requests : {50, 40000, 300, 40000, 50}) {
      for (const std::uint16_t volume : {std::uint16_t{1}, std::uint16_t{2}}) {
        const std::uint32_t spread = requests < 1000 ? 40u : static_cast<std::uint32_t>(voxels);
        std::vector<VoxelIndex> targets(requests);
        std::vector<std::uint64_t> priority(requests);
        for (std::size_t i = 0; i < requests; ++i) {
          RandomStream s = rng.stream(i, requests + volume);
          targets[i] = s.below(8) == 0 ? kNoVoxel : s.below(spread);
          priority[i] = s.bits() % 5;  // many ties: broken by index
        }
        std::vector<std::uint8_t> accepted(requests);
        resolver.resolve(targets, priority, volume, occ, pool, accepted);
        REQUIRE(accepted == reference_outcome(targets, priority, volume, occ));
      }
    }
  }
}
