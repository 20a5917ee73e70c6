#include <catch2/catch.hpp>

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
  PlacementResolver resolver(4);
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
    PlacementResolver resolver(voxels);
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
