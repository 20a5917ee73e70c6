#pragma once
// Which agents of one kind sit in each voxel: a compressed index (offsets per voxel into a list
// of agent indices) built by a counting sort, so lookups cost O(1) and building O(agents+voxels).
// A bit per voxel answers "is anyone here?" from 1/32 of the memory of the offsets, which is
// what contact searches of sparse kinds ask most.
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
  /// Whether voxel v holds at least one agent.
  [[nodiscard]] bool occupied(VoxelIndex v) const {
    return ((occupied_[v >> 6] >> (v & 63u)) & 1u) != 0;
  }

 private:
  std::vector<std::uint32_t> offsets_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint64_t> occupied_;
};

}  // namespace msabm
