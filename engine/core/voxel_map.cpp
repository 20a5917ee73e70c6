#include "engine/core/voxel_map.hpp"

#include <algorithm>
#include <numeric>

namespace msabm {

void VoxelMap::build(std::span<const VoxelIndex> agent_voxels, std::size_t voxel_count) {
  const std::size_t n = agent_voxels.size();
  sparse_ = 8 * n < voxel_count;
  order_.resize(n);
  if (sparse_) {
    offsets_.clear();
    offsets_.shrink_to_fit();
    std::iota(order_.begin(), order_.end(), 0u);
    // Agents kept in voxel order (the engine sorts every kind once at the start; deaths keep
    // the order) need no sort.
    if (!std::is_sorted(agent_voxels.begin(), agent_voxels.end())) {
      std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
        return agent_voxels[a] != agent_voxels[b] ? agent_voxels[a] < agent_voxels[b] : a < b;
      });
    }
    voxels_.resize(n);
    for (std::size_t i = 0; i < n; ++i) voxels_[i] = agent_voxels[order_[i]];
    return;
  }
  voxels_.clear();
  offsets_.assign(voxel_count + 1, 0);
  for (VoxelIndex v : agent_voxels) ++offsets_[v + 1];
  for (std::size_t v = 0; v < voxel_count; ++v) offsets_[v + 1] += offsets_[v];
  std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (std::size_t i = 0; i < n; ++i) order_[fill[agent_voxels[i]]++] = static_cast<std::uint32_t>(i);
}

std::span<const std::uint32_t> VoxelMap::agents_in(VoxelIndex v) const {
  if (!sparse_) return {order_.data() + offsets_[v], order_.data() + offsets_[v + 1]};
  const auto [lo, hi] = std::equal_range(voxels_.begin(), voxels_.end(), v);
  return {order_.data() + (lo - voxels_.begin()), order_.data() + (hi - voxels_.begin())};
}

}  // namespace msabm
