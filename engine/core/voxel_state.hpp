#pragma once
// Per-voxel state arrays that models declare (myelin integrity, axon integrity, BBB leak):
// stored, output and checkpointed like fields, but not diffused.
#include <span>
#include <string>
#include <vector>

namespace msabm {

struct VoxelStateArray {
  std::string name;
  std::string units;
  std::vector<double> values;
};

class VoxelStateSet {
 public:
  /// Declares an array filled with `initial`; returns its index.
  std::size_t declare(std::string name, std::string units, std::size_t voxel_count, double initial) {
    arrays_.push_back({std::move(name), std::move(units), std::vector<double>(voxel_count, initial)});
    return arrays_.size() - 1;
  }
  std::span<double> values(std::size_t i) { return arrays_[i].values; }
  [[nodiscard]] const std::vector<VoxelStateArray>& arrays() const { return arrays_; }
  [[nodiscard]] std::vector<VoxelStateArray>& arrays() { return arrays_; }

 private:
  std::vector<VoxelStateArray> arrays_;
};

}  // namespace msabm
