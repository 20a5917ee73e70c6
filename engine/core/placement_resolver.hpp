#pragma once
// Settles who gets into which voxel when agents propose moves or daughters in parallel.
//
// propose: every requester names a target voxel (or kNoVoxel) and carries a priority;
// resolve:  a target accepts all its requests when their volume fits its free capacity, as
//           measured before the step (agents leaving a voxel free room only in the next step);
//           otherwise it accepts requests in ascending priority (ties by requester index)
//           while they fit;
// apply:    the caller moves or adds the accepted agents.
// Requests are counted with commutative adds (atomic when several threads count) and contested
// voxels are settled after a sort, so the outcome depends only on targets and priorities, never
// on the thread count.
//
// Two ways to call it: resolve() does everything; or, to save a pass over the requests, the
// proposer counts each request itself as it makes it: begin(), request() inside its propose
// loop, then settle().
//
// Memory traffic is what costs here (the requests land all over the lattice), so each voxel has
// one counter, its balance. When the requests are many compared with the voxels ("dense"),
// begin() sets every balance to the voxel's free room in one streaming pass and the requests
// count it down: a request fits when its target's balance stays >= 0, one random access per
// request. Otherwise balances start at 0 (they count the demand down), the free room is read
// for each request, and only the touched counters are reset afterwards.
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "engine/core/lattice.hpp"

namespace msabm {

class Occupancy;
class ThreadPool;

class PlacementResolver {
 public:
  /// accepted[i] is set to 1 when targets[i] is granted, else 0. All requesters take `volume`
  /// units. `occupancy` is read, not changed.
  void resolve(std::span<const VoxelIndex> targets, std::span<const std::uint64_t> priorities,
               std::uint16_t volume, const Occupancy& occupancy, ThreadPool& pool,
               std::span<std::uint8_t> accepted);

  /// Prepares for up to `requests` request() calls against `occupancy`.
  void begin(const Occupancy& occupancy, std::size_t requests, ThreadPool& pool);
  /// Counts one request for `volume` units of voxel t (not kNoVoxel). `concurrent`: other
  /// threads may count at the same time.
  void request(VoxelIndex t, std::uint16_t volume, bool concurrent) {
    if (concurrent) {
      std::atomic_ref<std::int32_t>(balance_[t]).fetch_sub(volume, std::memory_order_relaxed);
    } else {
      balance_[t] -= volume;
    }
  }
  /// resolve() for requests already counted with request() (after begin() with the same
  /// occupancy), one per non-empty target. The priority of request i is asked of
  /// priority_of(i), and only for requests that compete for an over-subscribed voxel (usually
  /// few: the others need not store one).
  void settle(std::span<const VoxelIndex> targets,
              const std::function<std::uint64_t(std::uint32_t)>& priority_of, std::uint16_t volume,
              const Occupancy& occupancy, ThreadPool& pool, std::span<std::uint8_t> accepted);

  /// Number of requests in the last call that competed for an over-subscribed voxel.
  [[nodiscard]] std::size_t last_contested() const { return last_contested_; }

 private:
  struct Contest {
    VoxelIndex target;
    std::uint32_t index;
    std::uint64_t priority;
  };
  /// Per voxel: free room minus demand (dense) or minus demand alone (sparse; all zero
  /// between calls).
  std::vector<std::int32_t> balance_;
  bool dense_ = false;
  std::vector<std::vector<std::uint32_t>> contested_by_block_;
  std::vector<Contest> contested_;
  std::size_t last_contested_ = 0;
};

}  // namespace msabm
