#pragma once
// Where a kind's prey are: the prey in each voxel, and the voxels from which a killer reaches
// one (prey voxels and their face neighbours). Rebuilt only when the prey change (births,
// deaths, moves, sorting), which for static prey is rare.
#include <cstdint>

#include "engine/core/agent_kind.hpp"
#include "engine/core/lattice.hpp"
#include "engine/core/voxel_bits.hpp"
#include "engine/core/voxel_map.hpp"

namespace msabm::walkers {

struct PreyIndex {
  VoxelMap map;
  VoxelBits within_reach;  ///< prey voxels and their face neighbours
  std::uint64_t revision = ~std::uint64_t{0};  ///< prey revision the index was built for

  void update(const AgentKind& prey, const Lattice& lattice) {
    if (revision == prey.revision()) return;
    map.build(prey.voxels(), lattice.voxel_count());
    within_reach.reset(lattice.voxel_count());
    for (VoxelIndex v : prey.voxels()) {
      within_reach.insert(v);
      for (VoxelIndex w : lattice.neighbours(v)) {
        if (w != kNoVoxel) within_reach.insert(w);
      }
    }
    revision = prey.revision();
  }
  /// Prey in voxel w (none for kNoVoxel).
  [[nodiscard]] std::span<const std::uint32_t> in(VoxelIndex w) const {
    return w == kNoVoxel ? std::span<const std::uint32_t>{} : map.agents_in(w);
  }
};

}  // namespace msabm::walkers
