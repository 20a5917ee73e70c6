#include "engine/core/placement_resolver.hpp"

#include <algorithm>
#include <atomic>

#include "engine/core/occupancy.hpp"
#include "engine/core/parallel.hpp"

namespace msabm {

void PlacementResolver::resolve(std::span<const VoxelIndex> targets,
                                std::span<const std::uint64_t> priorities, std::uint16_t volume,
                                const Occupancy& occupancy, ThreadPool& pool,
                                std::span<std::uint8_t> accepted) {
  const std::size_t n = targets.size();
  if (demand_.size() < occupancy.values().size()) demand_.assign(occupancy.values().size(), 0);

  if (pool.threads() == 1) {
    // Serial fast path: the same counts without atomic read-modify-writes.
    for (std::size_t i = 0; i < n; ++i) {
      if (targets[i] != kNoVoxel) demand_[targets[i]] += volume;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const VoxelIndex t = targets[i];
      accepted[i] = t != kNoVoxel && demand_[t] <= occupancy.free(t);
    }
  } else {
    pool.for_each("placement.count", n, [&](std::size_t i) {
      const VoxelIndex t = targets[i];
      if (t != kNoVoxel) {
        std::atomic_ref<std::uint32_t>(demand_[t]).fetch_add(volume, std::memory_order_relaxed);
      }
    });
    pool.for_each("placement.accept", n, [&](std::size_t i) {
      const VoxelIndex t = targets[i];
      accepted[i] = t != kNoVoxel && demand_[t] <= occupancy.free(t);
    });
  }

  // Over-subscribed voxels are settled in (target, priority, index) order: a total order, so
  // the parallel sort gives the same sequence for any thread count.
  contested_.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const VoxelIndex t = targets[i];
    if (t != kNoVoxel && !accepted[i]) contested_.push_back(static_cast<std::uint32_t>(i));
  }
  last_contested_ = contested_.size();
  pool.sort(contested_.begin(), contested_.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (targets[a] != targets[b]) return targets[a] < targets[b];
    if (priorities[a] != priorities[b]) return priorities[a] < priorities[b];
    return a < b;
  });
  VoxelIndex current = kNoVoxel;
  std::uint32_t room = 0;
  for (std::uint32_t i : contested_) {
    if (targets[i] != current) {
      current = targets[i];
      room = occupancy.free(current);
    }
    if (room >= volume) {
      accepted[i] = 1;
      room -= volume;
    }
  }

  pool.for_each("placement.reset", n, [&](std::size_t i) {
    const VoxelIndex t = targets[i];
    // Plain stores of the same value (0) from several threads: atomic to stay race-free.
    if (t != kNoVoxel) std::atomic_ref<std::uint32_t>(demand_[t]).store(0, std::memory_order_relaxed);
  });
}

}  // namespace msabm
