// Secretion, uptake and the whole field step give bit-identical results for any thread count,
// and reductions are identical serially and in parallel.
#include <catch2/catch.hpp>

#include <cstring>

#include "engine/core/parallel.hpp"
#include "verification/fields/fields_test_util.hpp"

using namespace msabm;
using namespace msabm::fields;
using namespace msabm::fields::test;

namespace {

/// Runs 4 steps of two substances with 5000 agents (many sharing voxels) and returns the
/// final values of both.
std::vector<double> run(int threads, FieldScheme scheme, std::size_t cache_bytes = 0) {
  Lattice lattice = make_lattice(48, 40, 36, 10.0);
  for (VoxelIndex v = 0; v < lattice.voxel_count(); ++v) {
    if (lattice.coords(v)[2] > 20) lattice.set_label(v, 1);
  }
  SubstanceSpec a = substance("a", 1000.0, 0.05);
  a.sources.push_back({lattice.index(3, 3, 3), 50.0});
  SubstanceSpec b = substance("b", 5000.0, 0.01);
  b.label_factor = {1.0, 0.3};
  b.initial = 2.0;
  b.boundary[kYMin] = {BoundaryKind::fixed, 2.0};
  b.boundary[kZMin].kind = b.boundary[kZMax].kind = BoundaryKind::periodic;
  FieldSolverParams params;
  params.scheme = scheme;
  params.cache_bytes = cache_bytes;
  FieldSet fields(lattice, {a, b}, params);
  ThreadPool pool(threads);
  std::uint64_t x = 88172645463325252ull;  // xorshift: the same agents for every run
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int step = 0; step < 4; ++step) {
    std::vector<VoxelIndex> voxels;
    std::vector<double> secretion;
    std::vector<double> uptake;
    for (int i = 0; i < 5000; ++i) {
      voxels.push_back(static_cast<VoxelIndex>(next() % 2000 * 37 % lattice.voxel_count()));
      secretion.push_back(static_cast<double>(next() % 1000) * 1e-3);
      uptake.push_back(static_cast<double>(next() % 1000) * 1e-2);
    }
    fields.add_secretion(0, voxels, secretion);
    fields.add_uptake(0, voxels, uptake);
    fields.add_uptake(1, voxels, uptake);
    fields.add_secretion(1, voxels, secretion);
    fields.step(0.1, pool);  // D dt / dx^2 = 1 and 5: 1 and 5 douglas sub-steps
  }
  std::vector<double> out;
  for (int s = 0; s < 2; ++s) {
    const auto v = fields.values(s);
    out.insert(out.end(), v.begin(), v.end());
    // Serial and parallel mass reductions agree bit for bit.
    CHECK(fields.total_mass(s) == fields.total_mass(s, pool));
  }
  return out;
}

}  // namespace

TEST_CASE("fields: secretion and uptake are deterministic across thread counts", "[fields]") {
  for (FieldScheme scheme : {FieldScheme::douglas, FieldScheme::lod, FieldScheme::explicit_euler,
                             FieldScheme::automatic}) {
    const auto one = run(1, scheme);
    for (int threads : {2, 3}) {
      const auto many = run(threads, scheme);
      INFO("scheme " << to_string(scheme) << ", threads " << threads);
      REQUIRE(one.size() == many.size());
      CHECK(std::memcmp(one.data(), many.data(), one.size() * sizeof(double)) == 0);
    }
  }
}

TEST_CASE("fields: ordinary and non-temporal stores give the same values", "[fields]") {
  // A cache of 1 byte makes every store non-temporal, one of 1 TiB none (the lattice here is
  // 1.5 MB a field: by default it takes the ordinary stores).
  for (FieldScheme scheme : {FieldScheme::douglas, FieldScheme::lod}) {
    for (int threads : {1, 2}) {
      const auto streamed = run(threads, scheme, 1);
      const auto cached = run(threads, scheme, std::size_t{1} << 40);
      INFO("scheme " << to_string(scheme) << ", threads " << threads);
      REQUIRE(streamed.size() == cached.size());
      CHECK(std::memcmp(streamed.data(), cached.data(), streamed.size() * sizeof(double)) == 0);
    }
  }
}
