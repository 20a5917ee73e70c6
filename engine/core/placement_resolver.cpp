#include "engine/core/placement_resolver.hpp"

#include <algorithm>
#include <atomic>

#include "engine/core/occupancy.hpp"
#include "engine/core/parallel.hpp"

namespace msabm {

namespace {
constexpr std::size_t kVoxelGrain = std::size_t{1} << 16;  ///< voxels per block of a lattice pass
}  // namespace

void PlacementResolver::resolve(std::span<const VoxelIndex> targets,
                                std::span<const std::uint64_t> priorities, std::uint16_t volume,
                                const Occupancy& occupancy, ThreadPool& pool,
                                std::span<std::uint8_t> accepted) {
  begin(occupancy, targets.size(), pool);
  const bool concurrent = pool.threads() > 1;
  pool.for_each("placement.count", targets.size(), [&](std::size_t i) {
    if (targets[i] != kNoVoxel) request(targets[i], volume, concurrent);
  });
  settle(targets, [&](std::uint32_t i) { return priorities[i]; }, volume, occupancy, pool,
         accepted);
}

void PlacementResolver::begin(const Occupancy& occupancy, std::size_t requests, ThreadPool& pool) {
  const std::size_t voxels = occupancy.values().size();
  const bool was_dense = dense_;
  // A streaming pass over the lattice costs about as much as a few scattered accesses per
  // voxel: worth it once there is a request for every few voxels.
  dense_ = voxels <= 4 * requests;
  if (balance_.size() != voxels) {
    balance_.assign(voxels, 0);
  } else if (was_dense && !dense_) {
    std::fill(balance_.begin(), balance_.end(), 0);
  }
  if (!dense_) return;
  const auto used = occupancy.values();
  const std::int32_t capacity = occupancy.capacity();
  pool.for_blocks("placement.begin", voxels, kVoxelGrain, [&](std::size_t b, std::size_t e) {
    for (std::size_t v = b; v < e; ++v) balance_[v] = std::max(0, capacity - std::int32_t{used[v]});
  });
}

void PlacementResolver::settle(std::span<const VoxelIndex> targets,
                               const std::function<std::uint64_t(std::uint32_t)>& priority_of,
                               std::uint16_t volume, const Occupancy& occupancy, ThreadPool& pool,
                               std::span<std::uint8_t> accepted) {
  const std::size_t n = targets.size();

  // Accept what fits; collect the rest block by block (their order does not matter: they are
  // sorted next).
  constexpr std::size_t kGrain = 16384;
  contested_by_block_.resize((n + kGrain - 1) / kGrain);
  // Raw pointers in locals: the byte stores to `accepted` may alias anything, and would
  // otherwise make the compiler reload every member and span each time round the loop.
  const VoxelIndex* const target = targets.data();
  std::uint8_t* const granted = accepted.data();
  const std::int32_t* const balance = balance_.data();
  const std::uint16_t* const used = occupancy.values().data();
  const std::int32_t capacity = occupancy.capacity();
  const bool dense = dense_;
  pool.for_blocks("placement.accept", n, kGrain, [&](std::size_t b, std::size_t e) {
    auto& out = contested_by_block_[b / kGrain];
    out.clear();
    for (std::size_t i = b; i < e; ++i) {
      const VoxelIndex t = target[i];
      const bool wants = t != kNoVoxel;
      const VoxelIndex at = wants ? t : 0;  // without a branch: about half the walkers stay
      const std::int32_t free_room = dense ? 0 : std::max(0, capacity - std::int32_t{used[at]});
      const bool fits = balance[at] + free_room >= 0;
      granted[i] = wants && fits ? 1 : 0;
      if (wants && !fits) out.push_back(static_cast<std::uint32_t>(i));
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

  if (!dense_) {  // back to all zero for the next call
    pool.for_each("placement.reset", n, [&](std::size_t i) {
      const VoxelIndex t = targets[i];
      // Plain stores of the same value (0) from several threads: atomic to stay race-free.
      if (t != kNoVoxel) {
        std::atomic_ref<std::int32_t>(balance_[t]).store(0, std::memory_order_relaxed);
      }
    });
  }
}

}  // namespace msabm
