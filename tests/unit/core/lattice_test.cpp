#include <catch2/catch.hpp>

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
