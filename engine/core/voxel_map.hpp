#pragma once
// Which agents of one kind sit in each voxel: a compressed index (offsets per voxel into a list
// of agent indices) built by a counting sort, so lookups cost O(1) and building O(agents+voxels).
#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/lattice.hpp"

namespace msabm {

class VoxelMap {
 public:
  void build(std::span<const VoxelIndex> agent_voxels, std::size_t voxel_count);
  /// Indices of the agents in voxel v, ascending.
  [[nodiscard]] std::span<const std::uint32_t> agents_in(VoxelIndex v) const {
    return {order_.data() + offsets_[v], order_.data() + offsets_[v + 1]};
  }

 private:
  std::vector<std::uint32_t> offsets_;
  std::vector<std::uint32_t> order_;
};

}  // namespace msabm
