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
  begin(occupancy.values().size());
  const bool concurrent = pool.threads() > 1;
  pool.for_each("placement.count", targets.size(), [&](std::size_t i) {
    if (targets[i] != kNoVoxel) request(targets[i], volume, concurrent);
  });
  settle(targets, [&](std::uint32_t i) { return priorities[i]; }, volume, occupancy, pool,
         accepted);
}

void PlacementResolver::settle(std::span<const VoxelIndex> targets,
                               const std::function<std::uint64_t(std::uint32_t)>& priority_of,
                               std::uint16_t volume, const Occupancy& occupancy, ThreadPool& pool,
                               std::span<std::uint8_t> accepted) {
  const std::size_t n = targets.size();
  const std::size_t voxels = occupancy.values().size();

  // Accept what fits; collect the rest block by block (their order does not matter: they are
  // sorted next).
  constexpr std::size_t kGrain = 16384;
  contested_by_block_.resize((n + kGrain - 1) / kGrain);
  pool.for_blocks("placement.accept", n, kGrain, [&](std::size_t b, std::size_t e) {
    auto& out = contested_by_block_[b / kGrain];
    out.clear();
    for (std::size_t i = b; i < e; ++i) {
      const VoxelIndex t = targets[i];
      const bool fits = t != kNoVoxel && demand_[t] <= occupancy.free(t);
      accepted[i] = fits ? 1 : 0;
      if (t != kNoVoxel && !fits) out.push_back(static_cast<std::uint32_t>(i));
    }
  });
  contested_.clear();
  for (const auto& block : contested_by_block_) {
    for (std::uint32_t i : block) contested_.push_back({targets[i], i, 0});
  }
  last_contested_ = contested_.size();
  pool.for_each("placement.priorities", contested_.size(),
                [&](std::size_t c) { contested_[c].priority = priority_of(contested_[c].index); });

  // Over-subscribed voxels are settled in (target, priority, index) order: a total order, so
  // the parallel sort gives the same sequence for any thread count.
  pool.sort(contested_.begin(), contested_.end(), [](const Contest& a, const Contest& b) {
    if (a.target != b.target) return a.target < b.target;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.index < b.index;
  });
  VoxelIndex current = kNoVoxel;
  std::uint32_t room = 0;
  for (const Contest& c : contested_) {
    if (c.target != current) {
      current = c.target;
      room = occupancy.free(current);
    }
    if (room >= volume) {
      accepted[c.index] = 1;
      room -= volume;
    }
  }

  // Back to all zero: a streaming fill when the requests touch a good part of the lattice
  // (much cheaper than scattered stores), else one store per request.
  if (voxels <= 4 * n) {
    constexpr std::size_t kFillGrain = 1 << 18;
    pool.for_blocks("placement.reset", voxels, kFillGrain, [&](std::size_t b, std::size_t e) {
      std::fill(demand_.begin() + static_cast<std::ptrdiff_t>(b),
                demand_.begin() + static_cast<std::ptrdiff_t>(e), 0u);
    });
  } else {
    pool.for_each("placement.reset", n, [&](std::size_t i) {
      const VoxelIndex t = targets[i];
      // Plain stores of the same value (0) from several threads: atomic to stay race-free.
      if (t != kNoVoxel) std::atomic_ref<std::uint32_t>(demand_[t]).store(0, std::memory_order_relaxed);
    });
  }
}

}  // namespace msabm
