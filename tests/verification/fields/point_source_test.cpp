// Verification: the steady state of a constant point source with diffusion and decay
// (configs/verification/point_source.yaml) matches C(r) = q exp(-r/L) / (4 pi D r).
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <cmath>

#include "engine/config/section.hpp"
#include "engine/config/tree.hpp"
#include "engine/core/parallel.hpp"
#include "engine/fields/field_config.hpp"
#include "engine/fields/field_set.hpp"
#include "verification/fields/fields_test_util.hpp"

using namespace msabm;
using namespace msabm::fields;

TEST_CASE("fields: point source steady state matches the analytic solution",
          "[fields][verification]") {
  const config::Reader reader(
      config::Tree::load_file(MSABM_SOURCE_DIR "/configs/verification/point_source.yaml"));
  const config::Section root = reader.root();
  const double dt = root.section("time").quantity("step", "min", config::Range::positive());
  const double duration =
      root.section("time").quantity("duration", "min", config::Range::positive());
  const config::Section patch = root.section("patches").section("centre");
  const config::Section lat = patch.section("lattice");
  LatticeShape shape;
  const auto dims = lat.integer3("dims", {1, 1, 1}, 1, 100000);
  for (int a = 0; a < 3; ++a) shape.dims[a] = static_cast<int>(dims[a]);
  shape.voxel_size = lat.quantity("voxel_size", "um", config::Range::positive());
  const Lattice lattice(shape);
  const FieldsConfig cfg = read_fields(patch.section("fields"), lattice, {"tissue"});
  FieldSet fields(lattice, cfg.substances, cfg.solver);

  const int s = fields.index_of("probe");
  REQUIRE(s >= 0);
  const SubstanceSpec& spec = fields.spec(s);
  REQUIRE(spec.units == "unit/um^3");
  REQUIRE(spec.sources.size() == 1);
  const double q = spec.sources[0].rate;                    // unit/min
  const double diffusion = spec.diffusion;                  // um^2/min
  const double length = std::sqrt(diffusion / spec.decay);  // um
  CHECK(q == Approx(1.0));
  CHECK(length == Approx(100.0));
  const auto src = lattice.coords(spec.sources[0].voxel);
  CHECK(src == std::array<int, 3>{50, 50, 50});

  ThreadPool pool(1);  // thread-count independence is tested in unit/fields
  const int steps = static_cast<int>(std::lround(duration / dt));
  for (int n = 0; n < steps; ++n) fields.step(dt, pool);

  // Mass balance: at steady state the decay removes what the source adds, M = q / lambda.
  // The slowest mode relaxes as exp(-lambda t) = e^-6 after 60 min: 0.25 % left.
  CHECK(fields.total_mass(s) == Approx(q / spec.decay).epsilon(5e-3));

  // The requirement: every point within 3 %. Measured worst case 1.8 % (at r = 5
  // voxels on the axes, where the 7-point lattice Green's function departs most from 1 / (4 pi r)).
  const double worst = test::point_source_worst_error(fields, s, lattice, src, q, diffusion, length);
  INFO(fmt::format("worst relative error {:.4f}", worst));
  // Pinned (measured 0.018 at commit 37a808a): a solver that matched the continuum Green's
  // function exactly on a 7-point lattice would be suspect, and so would a worse one.
  CHECK(worst == Approx(0.018).margin(0.003));
}
