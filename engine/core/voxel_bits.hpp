#pragma once
// One bit per voxel: a set of voxels that answers "is v in it?" from 1/32 of the memory of a
// per-voxel counter, so that a lookup for every agent stays in cache on large lattices.
#include <cstdint>
#include <vector>

#include "engine/core/lattice.hpp"

namespace msabm {

class VoxelBits {
 public:
  /// Empties the set and sizes it for `voxel_count` voxels.
  void reset(std::size_t voxel_count) { words_.assign((voxel_count + 63) / 64, 0); }
  void insert(VoxelIndex v) { words_[v >> 6] |= std::uint64_t{1} << (v & 63u); }
  [[nodiscard]] bool contains(VoxelIndex v) const {
    return ((words_[v >> 6] >> (v & 63u)) & 1u) != 0;
  }

 private:
  std::vector<std::uint64_t> words_;
};

}  // namespace msabm
