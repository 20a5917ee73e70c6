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
  by_row_ = FixedDivisor(static_cast<std::uint32_t>(nx()));
  by_plane_ = FixedDivisor(static_cast<std::uint32_t>(nx()) * static_cast<std::uint32_t>(ny()));
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

}  // namespace msabm
