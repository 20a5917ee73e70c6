#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/core/rng.hpp"
#include "engine/core/voxel_bits.hpp"
#include "engine/core/voxel_map.hpp"

using namespace msabm;

TEST_CASE("voxel map: agents per voxel agree with a direct count, dense and sparse",
          "[voxel_map]") {
  constexpr std::size_t voxels = 1000;
  const CounterRng rng(5, "voxel-map-test");
  // 700 agents: the per-voxel index; 60: sorted pairs (fewer than one per 8 voxels).
  for (const std::size_t agents : {std::size_t{700}, std::size_t{60}}) {
    std::vector<VoxelIndex> where(agents);
    for (std::size_t i = 0; i < where.size(); ++i) {
      where[i] =
          rng.stream(i, agents).below(agents == 60 ? 30u : static_cast<std::uint32_t>(voxels));
    }
    where[0] = 0;
    where[1] = voxels - 1;
    VoxelMap map;
    map.build(where, voxels);
    std::size_t listed = 0;
    for (VoxelIndex v = 0; v < voxels; ++v) {
      std::vector<std::uint32_t> expected;
      for (std::size_t i = 0; i < where.size(); ++i) {
        if (where[i] == v) expected.push_back(static_cast<std::uint32_t>(i));
      }
      const auto got = map.agents_in(v);
      REQUIRE(std::vector<std::uint32_t>(got.begin(), got.end()) == expected);
      listed += got.size();
    }
    CHECK(listed == where.size());
  }
}

TEST_CASE("voxel bits: membership of inserted voxels only, reset empties", "[voxel_map]") {
  constexpr std::size_t voxels = 1000;  // not a multiple of 64: the last word is partial
  VoxelBits bits;
  bits.reset(voxels);
  const std::vector<VoxelIndex> in = {0, 1, 63, 64, 65, 500, 998, 999};
  for (VoxelIndex v : in) bits.insert(v);
  for (VoxelIndex v = 0; v < voxels; ++v) {
    REQUIRE(bits.contains(v) == (std::find(in.begin(), in.end(), v) != in.end()));
  }
  bits.reset(voxels);
  for (VoxelIndex v = 0; v < voxels; ++v) REQUIRE_FALSE(bits.contains(v));
}
