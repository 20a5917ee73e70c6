// Quiet fields (SubstanceSpec::quiet_below): a field that nothing feeds and whose values all
// lie below its floor is not solved; it is solved again as soon as something feeds it; the
// decision and the values are the same for any thread count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "engine/core/parallel.hpp"
#include "verification/fields/fields_test_util.hpp"

using namespace msabm;
using namespace msabm::fields;
using namespace msabm::fields::test;

namespace {

double max_abs(const FieldSet& fields, int s) {
  double m = 0.0;
  for (double v : fields.values(s)) m = std::max(m, std::abs(v));
  return m;
}

struct Trace {
  std::vector<double> values;
  std::uint64_t skips = 0;
  int quiet_from = -1;  ///< first step skipped
};

/// A spike decaying on 40 x 40 x 24 voxels (enough for 2 threads), until it is quiet, then a few
/// quiet steps, then a secretion, then a few more steps.
Trace spike(int threads) {
  const Lattice lattice = make_lattice(40, 40, 24, 10.0);
  SubstanceSpec a = substance("a", 1000.0, 2.0);
  a.quiet_below = 1e-3;
  SubstanceSpec b = substance("b", 1000.0, 2.0);  // the same without a floor: always solved
  FieldSet fields(lattice, {a, b});
  const VoxelIndex centre = lattice.index(20, 20, 12);
  fields.values(0)[centre] = 10.0;
  fields.values(1)[centre] = 10.0;
  ThreadPool pool(threads);
  Trace t;
  CHECK_FALSE(fields.quiet(0));
  for (int step = 0; step < 200 && !fields.quiet(0); ++step) {
    CHECK(fields.quiet_skips(0) == 0);
    fields.step(0.1, pool);
  }
  REQUIRE(fields.quiet(0));
  CHECK(max_abs(fields, 0) < 1e-3);
  CHECK(max_abs(fields, 1) > 0.0);
  CHECK_FALSE(fields.quiet(1));  // no floor

  // Quiet: not solved, values fixed (while the twin without a floor keeps decaying).
  const std::vector<double> frozen(fields.values(0).begin(), fields.values(0).end());
  const double twin = fields.value(1, centre);
  for (int step = 0; step < 5; ++step) fields.step(0.1, pool);
  CHECK(fields.quiet_skips(0) == 5);
  CHECK(fields.quiet_skips(1) == 0);
  CHECK(std::memcmp(frozen.data(), fields.values(0).data(), frozen.size() * sizeof(double)) == 0);
  CHECK(fields.value(1, centre) < twin);

  // A pending secretion wakes it up at once, and the field it makes keeps it awake.
  const VoxelIndex cell = lattice.index(5, 30, 3);
  fields.add_secretion(0, std::vector<VoxelIndex>{cell}, std::vector<double>{1000.0});
  CHECK_FALSE(fields.quiet(0));
  fields.step(0.1, pool);
  CHECK(fields.quiet_skips(0) == 5);
  CHECK(fields.value(0, cell) > 1e-3);
  CHECK_FALSE(fields.quiet(0));
  fields.step(0.1, pool);
  CHECK(fields.quiet_skips(0) == 5);

  t.values.assign(fields.values(0).begin(), fields.values(0).end());
  t.skips = fields.quiet_skips(0);
  return t;
}

}  // namespace

TEST_CASE("fields: a quiet field is skipped until something feeds it", "[fields][quiet]") {
  const Trace one = spike(1);
  const Trace two = spike(2);
  REQUIRE(one.values.size() == two.values.size());
  CHECK(one.skips == two.skips);
  CHECK(std::memcmp(one.values.data(), two.values.data(), one.values.size() * sizeof(double)) == 0);
}

TEST_CASE("fields: sources and fixed faces keep a field from being quiet", "[fields][quiet]") {
  const Lattice lattice = make_lattice(6, 6, 6, 10.0);
  ThreadPool pool(1);
  auto quiet_after_step = [&](SubstanceSpec spec) {
    FieldSet fields(lattice, {spec});
    fields.step(0.1, pool);
    return fields.quiet(0);
  };
  SubstanceSpec base = substance("a", 100.0, 0.1);
  base.quiet_below = 1e-3;
  CHECK(quiet_after_step(base));  // all zero, nothing feeds it

  SubstanceSpec never = base;
  never.quiet_below = 0.0;  // the default: never skipped
  CHECK_FALSE(quiet_after_step(never));

  SubstanceSpec source = base;
  source.sources.push_back({lattice.index(1, 1, 1), 1e-12});  // tiny, but a source
  CHECK_FALSE(quiet_after_step(source));

  SubstanceSpec inflow = base;
  inflow.boundary[kXMin] = {BoundaryKind::fixed, 1e-3};  // at the floor: feeds the field
  CHECK_FALSE(quiet_after_step(inflow));

  SubstanceSpec sink = base;
  sink.boundary[kXMin] = {BoundaryKind::fixed, 0.0};  // a fixed face below the floor
  CHECK(quiet_after_step(sink));

  // Pending uptake is a pending term: the field is solved (here: nothing to take up).
  FieldSet fields(lattice, {base});
  fields.add_uptake(0, std::vector<VoxelIndex>{3}, std::vector<double>{1.0});
  CHECK_FALSE(fields.quiet(0));
  fields.step(0.1, pool);
  CHECK(fields.quiet_skips(0) == 0);
  CHECK(fields.quiet(0));
  fields.step(0.1, pool);
  CHECK(fields.quiet_skips(0) == 1);
}

TEST_CASE("fields: quiet_below must be finite and >= 0", "[fields][quiet]") {
  const Lattice lattice = make_lattice(4, 4, 4, 10.0);
  SubstanceSpec s = substance("a", 1.0);
  s.quiet_below = -1.0;
  CHECK_THROWS_AS(FieldSet(lattice, {s}), std::invalid_argument);
  s.quiet_below = std::nan("");
  CHECK_THROWS_AS(FieldSet(lattice, {s}), std::invalid_argument);
}
