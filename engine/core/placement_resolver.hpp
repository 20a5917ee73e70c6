#pragma once
// Settles who gets into which voxel when agents propose moves or daughters in parallel.
//
// propose: every requester names a target voxel (or kNoVoxel) and carries a priority;
// resolve:  a target accepts all its requests when their volume fits its free capacity, as
//           measured before the step (agents leaving a voxel free room only in the next step);
//           otherwise it accepts requests in ascending priority (ties by requester index)
//           while they fit;
// apply:    the caller moves or adds the accepted agents.
// Requests are counted with commutative atomic adds and contested voxels are settled after a
// sort, so the outcome depends only on targets and priorities, never on the thread count.
#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/lattice.hpp"

namespace msabm {

class Occupancy;
class ThreadPool;

class PlacementResolver {
 public:
  explicit PlacementResolver(std::size_t voxel_count = 0) : demand_(voxel_count, 0) {}

  /// accepted[i] is set to 1 when targets[i] is granted, else 0. All requesters take `volume`
  /// units. `occupancy` is read, not changed.
  void resolve(std::span<const VoxelIndex> targets, std::span<const std::uint64_t> priorities,
               std::uint16_t volume, const Occupancy& occupancy, ThreadPool& pool,
               std::span<std::uint8_t> accepted);

  /// Number of requests in the last call that competed for an over-subscribed voxel.
  [[nodiscard]] std::size_t last_contested() const { return last_contested_; }

 private:
  std::vector<std::uint32_t> demand_;  ///< units requested per voxel; all zero between calls
  std::vector<std::uint32_t> contested_;
  std::size_t last_contested_ = 0;
};

}  // namespace msabm
