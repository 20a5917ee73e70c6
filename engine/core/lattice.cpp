#include "engine/core/lattice.hpp"

#include <cmath>
#include <stdexcept>

namespace msabm {

Lattice::Lattice(const LatticeShape& shape) : shape_(shape) {
  for (int d : shape.dims) {
    if (d < 1) throw std::invalid_argument("lattice dimensions must be >= 1");
  }
  count_ = static_cast<std::size_t>(nx()) * ny() * nz();
  if (count_ >= kNoVoxel) throw std::invalid_argument("lattice has too many voxels (>= 2^32)");
  labels_.assign(count_, 0);
}

std::array<double, 3> Lattice::centre(VoxelIndex v) const {
  const auto c = coords(v);
  std::array<double, 3> p{};
  for (int a = 0; a < 3; ++a) p[a] = shape_.origin[a] + (c[a] + 0.5) * shape_.voxel_size;
  return p;
}

VoxelIndex Lattice::voxel_at(const std::array<double, 3>& point_um) const {
  std::array<int, 3> c{};
  for (int a = 0; a < 3; ++a) {
    const double f = std::floor((point_um[a] - shape_.origin[a]) / shape_.voxel_size);
    if (f < 0 || f >= shape_.dims[a]) return kNoVoxel;
    c[a] = static_cast<int>(f);
  }
  return index(c[0], c[1], c[2]);
}

VoxelIndex Lattice::neighbour(VoxelIndex v, int direction) const {
  const auto c = coords(v);
  const int axis = direction / 2;
  const bool up = (direction & 1) != 0;
  if (up ? c[axis] + 1 >= shape_.dims[axis] : c[axis] == 0) return kNoVoxel;
  const VoxelIndex stride = axis == 0 ? 1u : axis == 1 ? static_cast<VoxelIndex>(nx())
                                                       : static_cast<VoxelIndex>(nx() * ny());
  return up ? v + stride : v - stride;
}

}  // namespace msabm
