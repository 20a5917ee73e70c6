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

/// Division of 32-bit numbers by a fixed divisor d >= 1 with one multiplication (Lemire,
/// Kaser and Kurz, "Faster remainder by direct computation", 2019): exact for every 32-bit n.
/// Voxel coordinates are needed for every agent in every step; a hardware division costs
/// several times more.
class FixedDivisor {
 public:
  FixedDivisor() = default;
  explicit FixedDivisor(std::uint32_t d) : magic_(~std::uint64_t{0} / d + 1), d_(d) {}
  [[nodiscard]] std::uint32_t divide(std::uint32_t n) const {
    __extension__ using U128 = unsigned __int128;
    return d_ == 1 ? n : static_cast<std::uint32_t>((static_cast<U128>(magic_) * n) >> 64);
  }
  [[nodiscard]] std::uint32_t divisor() const { return d_; }

 private:
  std::uint64_t magic_ = 0;
  std::uint32_t d_ = 1;
};

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
    const std::uint32_t k = by_plane_.divide(v);
    const std::uint32_t in_plane = v - k * by_plane_.divisor();
    const std::uint32_t j = by_row_.divide(in_plane);
    return {static_cast<int>(in_plane - j * by_row_.divisor()), static_cast<int>(j),
            static_cast<int>(k)};
  }
  [[nodiscard]] bool contains(int i, int j, int k) const {
    return i >= 0 && j >= 0 && k >= 0 && i < nx() && j < ny() && k < nz();
  }
  /// Centre of a voxel in um.
  [[nodiscard]] std::array<double, 3> centre(VoxelIndex v) const { return centre(coords(v)); }
  [[nodiscard]] std::array<double, 3> centre(const std::array<int, 3>& c) const {
    return {shape_.origin[0] + (c[0] + 0.5) * shape_.voxel_size,
            shape_.origin[1] + (c[1] + 0.5) * shape_.voxel_size,
            shape_.origin[2] + (c[2] + 0.5) * shape_.voxel_size};
  }
  /// Voxel containing a point (um); kNoVoxel when outside.
  [[nodiscard]] VoxelIndex voxel_at(const std::array<double, 3>& point_um) const;
  /// Face neighbour in direction d (0:-x 1:+x 2:-y 3:+y 4:-z 5:+z); kNoVoxel at the boundary.
  [[nodiscard]] VoxelIndex neighbour(VoxelIndex v, int direction) const {
    return neighbour(v, coords(v), direction);
  }
  /// The same for a voxel whose coordinates c are known.
  [[nodiscard]] VoxelIndex neighbour(VoxelIndex v, const std::array<int, 3>& c,
                                     int direction) const {
    const int axis = direction / 2;
    const bool up = (direction & 1) != 0;
    const auto a = static_cast<std::size_t>(axis);
    if (up ? c[a] + 1 >= shape_.dims[a] : c[a] == 0) return kNoVoxel;
    const VoxelIndex stride = axis == 0   ? 1u
                              : axis == 1 ? by_row_.divisor()
                                          : by_plane_.divisor();
    return up ? v + stride : v - stride;
  }

  /// All six face neighbours (kNoVoxel beyond a face), computing the coordinates only once.
  [[nodiscard]] std::array<VoxelIndex, 6> neighbours(VoxelIndex v) const {
    const auto c = coords(v);
    const auto sx = VoxelIndex{1};
    const auto sy = by_row_.divisor();
    const auto sz = by_plane_.divisor();
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
  FixedDivisor by_row_{1};    ///< nx
  FixedDivisor by_plane_{1};  ///< nx * ny
  std::vector<std::uint8_t> labels_ = std::vector<std::uint8_t>(1, 0);
};

/// Unit offsets of the six face directions, in the order used by Lattice::neighbour.
inline constexpr std::array<std::array<int, 3>, 6> kFaceOffsets{{
    {-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}}};

}  // namespace msabm
