#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>

#include "engine/core/lattice.hpp"

using namespace msabm;

TEST_CASE("lattice: index and coords are inverse, x fastest", "[lattice]") {
  const Lattice lat(LatticeShape{{4, 3, 5}, 10.0, {100.0, 0.0, -50.0}});
  REQUIRE(lat.voxel_count() == 60);
  CHECK(lat.index(1, 0, 0) == 1);
  CHECK(lat.index(0, 1, 0) == 4);
  CHECK(lat.index(0, 0, 1) == 12);
  for (VoxelIndex v = 0; v < lat.voxel_count(); ++v) {
    const auto c = lat.coords(v);
    CHECK(lat.index(c[0], c[1], c[2]) == v);
  }
}

TEST_CASE("lattice: centres, point lookup and origin", "[lattice]") {
  const Lattice lat(LatticeShape{{4, 3, 5}, 10.0, {100.0, 0.0, -50.0}});
  const auto c = lat.centre(lat.index(2, 1, 3));
  CHECK(c[0] == Approx(125.0));
  CHECK(c[1] == Approx(15.0));
  CHECK(c[2] == Approx(-15.0));
  CHECK(lat.voxel_at({125.0, 15.0, -15.0}) == lat.index(2, 1, 3));
  CHECK(lat.voxel_at({99.9, 15.0, -15.0}) == kNoVoxel);
  CHECK(lat.voxel_at({140.0, 30.0, 0.0}) == kNoVoxel);  // upper faces are outside
}

TEST_CASE("lattice: face neighbours stop at the boundary", "[lattice]") {
  const Lattice lat(LatticeShape{{3, 3, 3}, 1.0, {}});
  const VoxelIndex corner = lat.index(0, 0, 0);
  CHECK(lat.neighbour(corner, 0) == kNoVoxel);
  CHECK(lat.neighbour(corner, 1) == lat.index(1, 0, 0));
  CHECK(lat.neighbour(corner, 3) == lat.index(0, 1, 0));
  CHECK(lat.neighbour(corner, 5) == lat.index(0, 0, 1));
  const VoxelIndex far = lat.index(2, 2, 2);
  CHECK(lat.neighbour(far, 1) == kNoVoxel);
  CHECK(lat.neighbour(far, 3) == kNoVoxel);
  CHECK(lat.neighbour(far, 5) == kNoVoxel);
  CHECK(lat.neighbour(far, 4) == lat.index(2, 2, 1));
}

TEST_CASE("lattice: labels default to 0 and are settable", "[lattice]") {
  Lattice lat(LatticeShape{{2, 2, 2}, 1.0, {}});
  CHECK(lat.label(5) == 0);
  lat.set_label(5, 3);
  CHECK(lat.label(5) == 3);
  CHECK_THROWS(Lattice(LatticeShape{{0, 2, 2}, 1.0, {}}));
}

TEST_CASE("lattice: neighbours() agrees with neighbour() everywhere", "[lattice]") {
  const Lattice lat(LatticeShape{{4, 3, 5}, 1.0, {}});
  for (VoxelIndex v = 0; v < lat.voxel_count(); ++v) {
    const auto all = lat.neighbours(v);
    const auto c = lat.coords(v);
    for (int f = 0; f < 6; ++f) {
      const auto& o = kFaceOffsets[f];
      const bool inside = lat.contains(c[0] + o[0], c[1] + o[1], c[2] + o[2]);
      const VoxelIndex expected = inside ? lat.index(c[0] + o[0], c[1] + o[1], c[2] + o[2]) : kNoVoxel;
      CHECK(lat.neighbour(v, f) == expected);
      CHECK(all[f] == expected);
    }
  }
}

TEST_CASE("lattice: FixedDivisor equals hardware division", "[lattice]") {
  const std::uint32_t divisors[] = {1, 2, 3, 7, 10, 60, 100, 215, 46656, 65536, 1000003,
                                    0x7FFFFFFFu, 0xFFFFFFFEu, 0xFFFFFFFFu};
  for (std::uint32_t d : divisors) {
    const msabm::FixedDivisor by(d);
    // Around every multiple boundary near small values and at the top of the range.
    for (std::uint32_t n = 0; n < 3000; ++n) REQUIRE(by.divide(n) == n / d);
    for (std::uint32_t n = 0xFFFFFFFFu; n > 0xFFFFFFFFu - 3000; --n) REQUIRE(by.divide(n) == n / d);
    std::uint64_t x = 88172645463325252ull;  // xorshift: arbitrary numerators
    for (int t = 0; t < 20000; ++t) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      const auto n = static_cast<std::uint32_t>(x);
      REQUIRE(by.divide(n) == n / d);
      const std::uint32_t q = n / d;
      if (q > 0) REQUIRE(by.divide(q * d - 1) == q - 1);  // just below a multiple
    }
  }
}

TEST_CASE("lattice: coords by multiplication on odd-sized lattices", "[lattice]") {
  for (const auto dims : {std::array<int, 3>{1, 1, 1}, std::array<int, 3>{7, 1, 13},
                          std::array<int, 3>{215, 215, 215}, std::array<int, 3>{3, 1000, 2}}) {
    msabm::LatticeShape shape;
    shape.dims = dims;
    const msabm::Lattice lattice(shape);
    const std::size_t step = std::max<std::size_t>(1, lattice.voxel_count() / 50000);
    for (std::size_t v = 0; v < lattice.voxel_count(); v += step) {
      const auto c = lattice.coords(static_cast<msabm::VoxelIndex>(v));
      const std::size_t plane = static_cast<std::size_t>(dims[0]) * dims[1];
      REQUIRE(c[0] == static_cast<int>(v % dims[0]));
      REQUIRE(c[1] == static_cast<int>((v % plane) / dims[0]));
      REQUIRE(c[2] == static_cast<int>(v / plane));
    }
  }
}
