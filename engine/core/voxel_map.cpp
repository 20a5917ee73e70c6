#include "engine/core/voxel_map.hpp"

#include <algorithm>

namespace msabm {

void VoxelMap::build(std::span<const VoxelIndex> agent_voxels, std::size_t voxel_count) {
  offsets_.assign(voxel_count + 1, 0);
  for (VoxelIndex v : agent_voxels) ++offsets_[v + 1];
  for (std::size_t v = 0; v < voxel_count; ++v) offsets_[v + 1] += offsets_[v];
  order_.resize(agent_voxels.size());
  std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (std::size_t i = 0; i < agent_voxels.size(); ++i) {
    order_[fill[agent_voxels[i]]++] = static_cast<std::uint32_t>(i);
  }
}

}  // namespace msabm
