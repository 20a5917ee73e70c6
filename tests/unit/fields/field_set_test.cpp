// FieldSet API: lookup, storage, gradients, pending agent terms, scheme selection, validation,
// per-label diffusion factors and periodic faces.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/core/parallel.hpp"
#include "verification/fields/fields_test_util.hpp"

using namespace msabm;
using namespace msabm::fields;
using namespace msabm::fields::test;

TEST_CASE("fields: storage, lookup and alignment", "[fields]") {
  const Lattice lattice = make_lattice(7, 5, 3, 10.0);
  SubstanceSpec a = substance("a", 10.0);
  a.initial = 1.5;
  FieldSet fields(lattice, {a, substance("b", 20.0)});
  CHECK(fields.size() == 2);
  CHECK(fields.index_of("b") == 1);
  CHECK(fields.index_of("c") == -1);
  CHECK(fields.values(0).size() == lattice.voxel_count());
  CHECK(fields.value(0, 17) == 1.5);
  CHECK(fields.value(1, 17) == 0.0);
  CHECK(reinterpret_cast<std::uintptr_t>(fields.values(1).data()) % 64 == 0);
  CHECK(fields.total_mass(0) == Approx(1.5 * 105 * 1000.0));
}

TEST_CASE("fields: gradient of a linear field", "[fields]") {
  const Lattice lattice = make_lattice(6, 5, 4, 10.0);
  FieldSet fields(lattice, {substance("a", 10.0)});
  auto v = fields.values(0);
  for (VoxelIndex i = 0; i < v.size(); ++i) {
    const auto c = lattice.centre(i);
    v[i] = 2.0 * c[0] - 3.0 * c[1] + 0.5 * c[2];
  }
  for (VoxelIndex i : {VoxelIndex{0}, lattice.index(3, 2, 1), lattice.index(5, 4, 3)}) {
    const auto g = fields.gradient(0, i);  // central inside, one-sided at the faces: exact
    CHECK(g[0] == Approx(2.0));
    CHECK(g[1] == Approx(-3.0));
    CHECK(g[2] == Approx(0.5));
  }
  // One voxel thick along z: no gradient there.
  const Lattice flat = make_lattice(4, 4, 1, 10.0);
  FieldSet f2(flat, {substance("a", 10.0)});
  f2.values(0)[flat.index(1, 1, 0)] = 1.0;
  const auto g = f2.gradient(0, flat.index(2, 1, 0));
  CHECK(g[0] == Approx(-0.05));
  CHECK(g[2] == 0.0);
}

TEST_CASE("fields: gradient wraps across periodic faces", "[fields]") {
  const Lattice lattice = make_lattice(8, 3, 3, 10.0);
  SubstanceSpec s = substance("a", 10.0);
  s.boundary[kXMin].kind = s.boundary[kXMax].kind = BoundaryKind::periodic;
  FieldSet fields(lattice, {s});
  fields.values(0)[lattice.index(7, 1, 1)] = 4.0;
  fields.values(0)[lattice.index(1, 1, 1)] = 1.0;
  CHECK(fields.gradient(0, lattice.index(0, 1, 1))[0] == Approx((1.0 - 4.0) / 20.0));
}

TEST_CASE("fields: pending agent terms", "[fields]") {
  const Lattice lattice = make_lattice(4, 4, 4, 10.0);
  FieldSet fields(lattice, {substance("a", 0.0)});
  const std::vector<VoxelIndex> voxels{3, 5};
  fields.add_secretion(0, voxels, std::vector<double>{1000.0, 2000.0});
  fields.add_uptake(0, std::vector<VoxelIndex>{3}, std::vector<double>{0.5});
  REQUIRE(fields.pending(0).size() == 3);
  CHECK(fields.pending(0)[1].voxel == 5);
  CHECK(fields.pending(0)[1].secretion == 2000.0);
  CHECK(fields.pending(0)[2].uptake == 0.5);
  ThreadPool pool(1);
  fields.step(1.0, pool);
  CHECK(fields.pending(0).empty());
  // rate / dx^3 per minute, implicit uptake: (0 + 1 * 1000 / 1000) / (1 + 0.5)
  CHECK(fields.value(0, 3) == Approx(1.0 / 1.5));
  CHECK(fields.value(0, 5) == Approx(2.0));
  // Restore from a checkpoint, then clear.
  fields.set_pending(0, {AgentTerm{7, 1.0, 0.0}});
  CHECK(fields.pending(0).size() == 1);
  fields.clear_pending();
  CHECK(fields.pending(0).empty());
  CHECK_THROWS_AS(fields.add_secretion(0, std::vector<VoxelIndex>{64}, std::vector<double>{1.0}),
                  std::invalid_argument);
  CHECK_THROWS_AS(fields.add_uptake(0, std::vector<VoxelIndex>{1}, std::vector<double>{-1.0}),
                  std::invalid_argument);
  CHECK_THROWS_AS(fields.add_secretion(0, voxels, std::vector<double>{1.0}), std::invalid_argument);
}

TEST_CASE("fields: scheme selection and sub-steps", "[fields]") {
  const Lattice lattice = make_lattice(8, 8, 8, 10.0);
  // D / dx^2 = 10 / min: explicit positivity limit 1 / (6 * 10) min.
  FieldSet fields(lattice, {substance("fast", 1000.0), substance("slow", 10.0)});
  CHECK(fields.explicit_dt_limit(0) == Approx(1.0 / 60.0));
  auto c = fields.scheme_for(0, 0.02);  // explicit needs 2 sub-steps: 2 x 16 <= 32 bytes
  CHECK(c.scheme == FieldScheme::explicit_euler);
  CHECK(c.substeps == 2);
  c = fields.scheme_for(0, 0.05);  // explicit 3 x 16 > douglas 32 bytes
  CHECK(c.scheme == FieldScheme::douglas);
  CHECK(c.substeps == 1);
  c = fields.scheme_for(0, 1.0);  // douglas would need 10 sub-steps (320 bytes per voxel):
  CHECK(c.scheme == FieldScheme::spectral);  // 3 transforms (3 x 64) are cheaper
  CHECK(c.substeps == 1);
  // Uptake adds transforms (conjugate gradients): 0.1/min over 1 min, 3 + 5 + 2 x 3 in all
  // (896 bytes): douglas.
  fields.add_uptake(0, std::vector<VoxelIndex>{3}, std::vector<double>{0.1});
  c = fields.scheme_for(0, 1.0);
  CHECK(c.scheme == FieldScheme::douglas);
  CHECK(c.substeps == 10);
  fields.clear_pending();
  c = fields.scheme_for(1, 1.0);  // slow: explicit in one step
  CHECK(c.scheme == FieldScheme::explicit_euler);
  CHECK(c.substeps == 1);
  FieldSolverParams p;
  p.scheme = FieldScheme::lod;
  p.max_stiffness = 0.0;
  p.max_substep = 0.3;
  FieldSet lod(lattice, {substance("fast", 1000.0)}, p);
  c = lod.scheme_for(0, 1.0);
  CHECK(c.scheme == FieldScheme::lod);
  CHECK(c.substeps == 4);
}

TEST_CASE("fields: invalid specs are rejected", "[fields]") {
  const Lattice lattice = make_lattice(8, 2, 8, 10.0);
  SubstanceSpec s = substance("a", 10.0);
  s.boundary[kXMin].kind = BoundaryKind::periodic;
  CHECK_THROWS_AS(FieldSet(lattice, {s}), std::invalid_argument);
  s = substance("a", 10.0);
  s.boundary[kYMin].kind = s.boundary[kYMax].kind = BoundaryKind::periodic;  // ny = 2
  CHECK_THROWS_AS(FieldSet(lattice, {s}), std::invalid_argument);
  CHECK_THROWS_AS(FieldSet(lattice, {substance("a", -1.0)}), std::invalid_argument);
  CHECK_THROWS_AS(FieldSet(lattice, {substance("a", 1.0), substance("a", 2.0)}),
                  std::invalid_argument);
  s = substance("a", 10.0);
  s.sources.push_back({1000, 1.0});
  CHECK_THROWS_AS(FieldSet(lattice, {s}), std::invalid_argument);
  FieldSolverParams p;
  p.theta = 0.3;
  CHECK_THROWS_AS(FieldSet(lattice, {substance("a", 1.0)}, p), std::invalid_argument);
}

TEST_CASE("fields: a zero diffusion factor closes voxels", "[fields]") {
  Lattice lattice = make_lattice(9, 9, 9, 10.0);
  // A closed wall at x = 4 separates the left from the right half.
  for (VoxelIndex v = 0; v < lattice.voxel_count(); ++v) {
    if (lattice.coords(v)[0] == 4) lattice.set_label(v, 2);
  }
  SubstanceSpec s = substance("a", 1000.0);
  s.label_factor = {1.0, 1.0, 0.0};
  s.sources.push_back({lattice.index(1, 4, 4), 100.0});
  ThreadPool pool(1);
  // spectral: the factors are not uniform, so it falls back to douglas.
  for (FieldScheme scheme : {FieldScheme::douglas, FieldScheme::lod, FieldScheme::explicit_euler,
                             FieldScheme::spectral}) {
    FieldSet fields(lattice, {s}, solver(scheme, 1.0, 1.0));
    for (int n = 0; n < 20; ++n) fields.step(0.1, pool);
    double right = 0.0;
    double wall = 0.0;
    for (VoxelIndex v = 0; v < lattice.voxel_count(); ++v) {
      const int x = lattice.coords(v)[0];
      if (x > 4) right += fields.value(0, v);
      if (x == 4) wall += fields.value(0, v);
    }
    INFO(to_string(scheme));
    CHECK(right == 0.0);
    CHECK(wall == 0.0);
    CHECK(fields.total_mass(0) == Approx(100.0 * 2.0));
  }
}

TEST_CASE("fields: periodic axes wrap diffusion around", "[fields]") {
  const Lattice lattice = make_lattice(10, 6, 5, 10.0);
  SubstanceSpec s = substance("a", 1000.0);
  for (int f = 0; f < 6; ++f) s.boundary[static_cast<std::size_t>(f)].kind = BoundaryKind::periodic;
  ThreadPool pool(1);
  for (FieldScheme scheme : {FieldScheme::douglas, FieldScheme::lod, FieldScheme::explicit_euler,
                             FieldScheme::spectral}) {
    FieldSet fields(lattice, {s}, solver(scheme, 1.0, 1.0));
    // A bump around voxel (0, 0, 0), wrapped: 1000 there, 500 on its face neighbours.
    for (int f = 0; f < 6; ++f) {
      const auto& o = kFaceOffsets[static_cast<std::size_t>(f)];
      fields.values(0)[lattice.index((o[0] + 10) % 10, (o[1] + 6) % 6, (o[2] + 5) % 5)] = 500.0;
    }
    fields.values(0)[lattice.index(0, 0, 0)] = 1000.0;
    // D dt / dx^2 = 0.2: douglas undershoots (and clips) such a bump on a zero background
    // from about 0.5 on, which would spoil the mass check.
    for (int n = 0; n < 5; ++n) fields.step(0.02, pool);
    // Symmetric about the source across the wrap: voxel -1 equals voxel +1 on every axis.
    INFO(to_string(scheme));
    CHECK(fields.value(0, lattice.index(9, 0, 0)) ==
          Approx(fields.value(0, lattice.index(1, 0, 0))));
    CHECK(fields.value(0, lattice.index(0, 5, 0)) ==
          Approx(fields.value(0, lattice.index(0, 1, 0))));
    CHECK(fields.value(0, lattice.index(0, 0, 4)) ==
          Approx(fields.value(0, lattice.index(0, 0, 1))));
    CHECK(fields.value(0, lattice.index(9, 0, 0)) > 0.0);
    CHECK(fields.total_mass(0) == Approx(4000.0 * 1000.0).epsilon(1e-12));
  }
}
