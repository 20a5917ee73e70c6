#pragma once
// How full each voxel is, in occupancy units (each agent kind declares its volume), against a
// per-voxel capacity. Updates from parallel loops use atomic adds, which commute, so the final
// counts do not depend on thread scheduling.
#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/lattice.hpp"

namespace msabm {

class Occupancy {
 public:
  Occupancy() = default;
  Occupancy(std::size_t voxel_count, std::uint16_t capacity)
      : capacity_(capacity), used_(voxel_count, 0) {}

  [[nodiscard]] std::uint16_t capacity() const { return capacity_; }
  [[nodiscard]] std::uint16_t used(VoxelIndex v) const { return used_[v]; }
  [[nodiscard]] std::uint16_t free(VoxelIndex v) const {
    return static_cast<std::uint16_t>(used_[v] >= capacity_ ? 0 : capacity_ - used_[v]);
  }
  /// Not thread-safe; for set-up and serial phases.
  void add(VoxelIndex v, std::uint16_t units) { used_[v] = static_cast<std::uint16_t>(used_[v] + units); }
  void remove(VoxelIndex v, std::uint16_t units) { used_[v] = static_cast<std::uint16_t>(used_[v] - units); }
  /// Thread-safe versions for parallel apply phases.
  void atomic_add(VoxelIndex v, std::uint16_t units) {
    std::atomic_ref<std::uint16_t>(used_[v]).fetch_add(units, std::memory_order_relaxed);
  }
  void atomic_remove(VoxelIndex v, std::uint16_t units) {
    std::atomic_ref<std::uint16_t>(used_[v]).fetch_sub(units, std::memory_order_relaxed);
  }
  [[nodiscard]] std::span<const std::uint16_t> values() const { return used_; }
  [[nodiscard]] std::span<std::uint16_t> values() { return used_; }

 private:
  std::uint16_t capacity_ = 1;
  std::vector<std::uint16_t> used_;
};

}  // namespace msabm
