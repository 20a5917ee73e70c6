#pragma once
// The regular 3D lattice of one tissue patch: dimensions, voxel size, origin and a tissue label
// per voxel. Voxel (i, j, k) has linear index i + nx * (j + ny * k) (x fastest), and its centre
// lies at origin + (i + 1/2, j + 1/2, k + 1/2) * voxel_size.
#include <array>
#include <cassert>
#include <cstdint>
#include <string>
#include <vector>

namespace msabm {

using VoxelIndex = std::uint32_t;
inline constexpr VoxelIndex kNoVoxel = 0xFFFFFFFFu;

struct LatticeShape {
  std::array<int, 3> dims{1, 1, 1};  ///< voxels along x, y, z
  double voxel_size = 10.0;          ///< edge length, um
  std::array<double, 3> origin{0.0, 0.0, 0.0};  ///< corner of voxel (0,0,0), um
};

class Lattice {
 public:
  Lattice() = default;
  explicit Lattice(const LatticeShape& shape);

  [[nodiscard]] const LatticeShape& shape() const { return shape_; }
  [[nodiscard]] int nx() const { return shape_.dims[0]; }
  [[nodiscard]] int ny() const { return shape_.dims[1]; }
  [[nodiscard]] int nz() const { return shape_.dims[2]; }
  [[nodiscard]] std::size_t voxel_count() const { return count_; }
  [[nodiscard]] double voxel_size() const { return shape_.voxel_size; }

  [[nodiscard]] VoxelIndex index(int i, int j, int k) const {
    assert(contains(i, j, k));
    return static_cast<VoxelIndex>(i + nx() * (j + ny() * static_cast<std::size_t>(k)));
  }
  [[nodiscard]] std::array<int, 3> coords(VoxelIndex v) const {
    const auto plane = static_cast<VoxelIndex>(nx() * ny());
    return {static_cast<int>(v % nx()), static_cast<int>((v % plane) / nx()),
            static_cast<int>(v / plane)};
  }
  [[nodiscard]] bool contains(int i, int j, int k) const {
    return i >= 0 && j >= 0 && k >= 0 && i < nx() && j < ny() && k < nz();
  }
  /// Centre of a voxel in um.
  [[nodiscard]] std::array<double, 3> centre(VoxelIndex v) const;
  /// Voxel containing a point (um); kNoVoxel when outside.
  [[nodiscard]] VoxelIndex voxel_at(const std::array<double, 3>& point_um) const;
  /// Face neighbour in direction d (0:-x 1:+x 2:-y 3:+y 4:-z 5:+z); kNoVoxel at the boundary.
  [[nodiscard]] VoxelIndex neighbour(VoxelIndex v, int direction) const;

  /// All six face neighbours (kNoVoxel beyond a face), computing the coordinates only once.
  [[nodiscard]] std::array<VoxelIndex, 6> neighbours(VoxelIndex v) const {
    const auto c = coords(v);
    const auto sx = VoxelIndex{1};
    const auto sy = static_cast<VoxelIndex>(nx());
    const auto sz = static_cast<VoxelIndex>(nx() * ny());
    return {c[0] > 0 ? v - sx : kNoVoxel,       c[0] + 1 < nx() ? v + sx : kNoVoxel,
            c[1] > 0 ? v - sy : kNoVoxel,       c[1] + 1 < ny() ? v + sy : kNoVoxel,
            c[2] > 0 ? v - sz : kNoVoxel,       c[2] + 1 < nz() ? v + sz : kNoVoxel};
  }

  /// Tissue label per voxel (0 .. label_names().size()-1), e.g. white matter, venule.
  [[nodiscard]] std::uint8_t label(VoxelIndex v) const { return labels_[v]; }
  void set_label(VoxelIndex v, std::uint8_t label) { labels_[v] = label; }
  [[nodiscard]] const std::vector<std::uint8_t>& labels() const { return labels_; }
  [[nodiscard]] std::vector<std::uint8_t>& labels() { return labels_; }

 private:
  LatticeShape shape_;
  std::size_t count_ = 1;
  std::vector<std::uint8_t> labels_ = std::vector<std::uint8_t>(1, 0);
};

/// Unit offsets of the six face directions, in the order used by Lattice::neighbour.
inline constexpr std::array<std::array<int, 3>, 6> kFaceOffsets{{
    {-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}}};

}  // namespace msabm
