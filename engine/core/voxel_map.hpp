#pragma once
// Which agents of one kind sit in each voxel. Dense kinds (at least one agent per 8 voxels) get
// a compressed index (offsets per voxel into a list of agent indices) built by a counting sort:
// O(1) lookups, O(agents + voxels) to build. Sparse kinds get their (voxel, agent) pairs sorted
// and binary search: O(agents log agents) to build, so that a few thousand agents on a large
// lattice (rebuilt whenever one of them dies) never cost a pass over the whole lattice.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "engine/core/lattice.hpp"

namespace msabm {

class VoxelMap {
 public:
  void build(std::span<const VoxelIndex> agent_voxels, std::size_t voxel_count);
  /// Indices of the agents in voxel v, ascending.
  [[nodiscard]] std::span<const std::uint32_t> agents_in(VoxelIndex v) const;

 private:
  bool sparse_ = false;
  std::vector<std::uint32_t> offsets_;  ///< dense: per voxel, into order_
  std::vector<VoxelIndex> voxels_;      ///< sparse: voxel of order_[i], ascending
  std::vector<std::uint32_t> order_;    ///< agent indices by voxel, then index
};

}  // namespace msabm
