// Reading the `fields` section: units, boundaries, labels, sources, solver, and errors.
#include <catch2/catch.hpp>

#include <string>

#include "engine/config/error.hpp"
#include "engine/config/section.hpp"
#include "engine/config/tree.hpp"
#include "engine/fields/field_config.hpp"
#include "verification/fields/fields_test_util.hpp"

using namespace msabm;
using namespace msabm::fields;
using namespace msabm::fields::test;

namespace {

const std::vector<std::string> kLabels{"grey", "white_matter", "venule"};

FieldsConfig read_yaml(const std::string& fields_yaml, const Lattice& lattice) {
  const config::Reader reader(config::Tree::load_string("fields:\n" + fields_yaml, "t.yaml"));
  FieldsConfig c = read_fields(reader.root().section("fields"), lattice, kLabels);
  reader.finish();  // every key written was read
  return c;
}

std::string error_of(const std::string& fields_yaml, const Lattice& lattice) {
  try {
    read_yaml(fields_yaml, lattice);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("fields: config reads a complete substance", "[fields][config]") {
  const Lattice lattice = make_lattice(101, 101, 101, 10.0);
  const auto c = read_yaml(R"(
  oxygen:
    units: "mmHg"
    diffusion: "1e5 um^2/min"
    decay: "6 1/h"
    initial: "38 mmHg"
    boundary:
      type: fixed
      value: "38 mmHg"
      z_min: {type: no_flux}
      x_max: {value: "5.066 kPa"}
    diffusion_factor: {white_matter: 0.5, venule: 0}
  probe:
    units: "unit/um^3"
    diffusion: "2e-7 cm^2/s"
    sources:
      - {position: ["505 um", "505 um", "505 um"], rate: "1 unit/min"}
      - {voxel: [0, 0, 100], rate: "60 unit/h"}
      - {from: ["5 um", "5 um", "5 um"], to: ["5 um", "5 um", "105 um"], rate: "2 unit/min"}
    boundary:
      x_min: {type: periodic}
      x_max: {type: periodic}
  solver: {scheme: lod, theta: 0.5, max_stiffness: 3, max_substep: "6 s"}
)",
                           lattice);
  REQUIRE(c.substances.size() == 2);
  const SubstanceSpec& o2 = c.substances[0];
  CHECK(o2.name == "oxygen");
  CHECK(o2.units == "mmHg");
  CHECK(o2.diffusion == Approx(1e5));
  CHECK(o2.decay == Approx(0.1));
  CHECK(o2.initial == Approx(38.0));  // stored in the declared units
  CHECK(o2.boundary[kXMin].kind == BoundaryKind::fixed);
  CHECK(o2.boundary[kXMin].value == Approx(38.0));
  CHECK(o2.boundary[kXMax].kind == BoundaryKind::fixed);
  CHECK(o2.boundary[kXMax].value == Approx(38.0).epsilon(1e-3));  // 5.066 kPa in mmHg
  CHECK(o2.boundary[kZMin].kind == BoundaryKind::no_flux);
  CHECK(o2.boundary[kZMax].kind == BoundaryKind::fixed);
  REQUIRE(o2.label_factor.size() == 3);
  CHECK(o2.label_factor[0] == 1.0);
  CHECK(o2.label_factor[1] == 0.5);
  CHECK(o2.label_factor[2] == 0.0);

  const SubstanceSpec& probe = c.substances[1];
  CHECK(probe.units == "unit/um^3");
  CHECK(probe.diffusion == Approx(1200.0));
  CHECK(probe.decay == 0.0);
  CHECK(probe.boundary[kXMin].kind == BoundaryKind::periodic);
  CHECK(probe.boundary[kYMin].kind == BoundaryKind::no_flux);
  REQUIRE(probe.sources.size() >= 3);
  CHECK(probe.sources[0].voxel == lattice.index(50, 50, 50));
  CHECK(probe.sources[0].rate == Approx(1.0));
  CHECK(probe.sources[1].voxel == lattice.index(0, 0, 100));
  CHECK(probe.sources[1].rate == Approx(1.0));
  // The line source from z = 5 to 105 um crosses voxels z = 0..10 of column (0, 0): half a
  // voxel's length in the end voxels, a whole one in the 9 between; total 2 unit/min.
  REQUIRE(probe.sources.size() == 13);
  double line_total = 0.0;
  for (std::size_t i = 2; i < probe.sources.size(); ++i) {
    const auto at = lattice.coords(probe.sources[i].voxel);
    CHECK(at == std::array<int, 3>{0, 0, static_cast<int>(i) - 2});
    const double share = (i == 2 || i == 12) ? 0.1 : 0.2;
    CHECK(probe.sources[i].rate == Approx(share));
    line_total += probe.sources[i].rate;
  }
  CHECK(line_total == Approx(2.0));

  CHECK(c.solver.scheme == FieldScheme::lod);
  CHECK(c.solver.theta == 0.5);
  CHECK(c.solver.max_stiffness == 3.0);
  CHECK(c.solver.max_substep == Approx(0.1));
}

TEST_CASE("fields: config defaults", "[fields][config]") {
  const Lattice lattice = make_lattice(10, 10, 10, 10.0);
  const auto c = read_yaml("  il2: {diffusion: \"100 um^2/min\"}\n", lattice);
  REQUIRE(c.substances.size() == 1);
  const auto& s = c.substances[0];
  CHECK(s.units == "1/um^3");
  CHECK(s.decay == 0.0);
  CHECK(s.initial == 0.0);
  for (const auto& f : s.boundary) CHECK(f.kind == BoundaryKind::no_flux);
  CHECK(s.label_factor.empty());
  CHECK(s.sources.empty());
  CHECK(s.quiet_below == 0.0);
  CHECK(c.solver.scheme == FieldScheme::automatic);
  CHECK(c.solver.theta == 1.0);
  CHECK(c.solver.max_stiffness == 1.0);
  CHECK(c.solver.max_substep == 0.0);
  CHECK(c.solver.max_uptake_exposure == 10.0);
}

TEST_CASE("fields: config selects the spectral scheme", "[fields][config]") {
  const Lattice lattice = make_lattice(10, 10, 10, 10.0);
  const auto c = read_yaml(
      "  il2: {diffusion: \"100 um^2/min\"}\n"
      "  solver: {scheme: spectral, max_uptake_exposure: 2}\n",
      lattice);
  CHECK(c.solver.scheme == FieldScheme::spectral);
  CHECK(to_string(c.solver.scheme) == "spectral");
  CHECK(c.solver.max_uptake_exposure == 2.0);
}

TEST_CASE("fields: rate units follow the declared units", "[fields][config]") {
  CHECK(rate_unit("unit/um^3") == "unit/min");
  CHECK(rate_unit("1/um^3") == "1/min");
  CHECK(rate_unit("mmHg") == "mmHg*um^3/min");
  CHECK(rate_unit("ng/mL") == "ng*um^3/mL*min");
  const Lattice lattice = make_lattice(10, 10, 10, 10.0);
  const auto c = read_yaml(R"(
  tnf:
    units: "ng/mL"
    diffusion: "100 um^2/min"
    sources: [{voxel: [1, 2, 3], rate: "2e-12 ng/min"}]
)",
                           lattice);
  // 1 ng/mL x um^3 = 1e-12 ng: a rate of 2e-12 ng/min is 2 (ng/mL) um^3 / min.
  CHECK(c.substances[0].sources[0].rate == Approx(2.0));
}

TEST_CASE("fields: config errors name the key and the cause", "[fields][config]") {
  const Lattice lattice = make_lattice(10, 10, 10, 10.0);
  using Catch::Matchers::Contains;
  CHECK_THAT(error_of("  a: {diffusion: 100}\n", lattice), Contains("a.diffusion"));
  CHECK_THAT(error_of("  a: {diffusion: \"100 um/min\"}\n", lattice), Contains("a.diffusion"));
  CHECK_THAT(error_of("  a: {diffusion: \"-1 um^2/min\"}\n", lattice), Contains("range"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\", units: \"furlong\"}\n", lattice),
             Contains("a.units"));
  CHECK_THAT(
      error_of("  a: {diffusion: \"1 um^2/min\", boundary: {x_min: {type: periodic}}}\n", lattice),
      Contains("both x_min and x_max"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\", boundary: {type: fixed}}\n", lattice),
             Contains("needs a value"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\", boundary: {type: sticky}}\n", lattice),
             Contains("unknown choice"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\", diffusion_factor: {bone: 2}}\n", lattice),
             Contains("unknown tissue label 'bone'"));
  CHECK_THAT(
      error_of("  a: {diffusion: \"1 um^2/min\", sources: [{rate: \"1 1/min\"}]}\n", lattice),
      Contains("exactly one of"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\", sources: [{voxel: [1, 2, 10], "
                      "rate: \"1 1/min\"}]}\n",
                      lattice),
             Contains("outside the lattice"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\", sources: [{voxel: [1, 2, 3], "
                      "rate: \"1 1/s/um\"}]}\n",
                      lattice),
             Contains("a.sources[0].rate"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\", decai: \"1 1/min\"}\n", lattice),
             Contains("did you mean 'decay'"));
  CHECK_THAT(error_of("  a.b: {diffusion: \"1 um^2/min\"}\n", lattice), Contains("letters"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\"}\n  solver: {scheme: adi}\n", lattice),
             Contains("fields.solver.scheme"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\"}\n  solver: {theta: 0.2}\n", lattice),
             Contains("range"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\"}\n  solver: {scheme: fft}\n", lattice),
             Contains("spectral"));
  CHECK_THAT(
      error_of("  a: {diffusion: \"1 um^2/min\"}\n  solver: {max_uptake_exposure: -1}\n", lattice),
      Contains("fields.solver.max_uptake_exposure"));
}

TEST_CASE("fields: quiet_below is read in the substance's own units", "[fields][config]") {
  const Lattice lattice = make_lattice(10, 10, 10, 10.0);
  const auto c = read_yaml(R"(
  tnf:
    units: "ng/mL"
    diffusion: "100 um^2/min"
    quiet_below: "2 pg/mL"
  il2:
    diffusion: "100 um^2/min"
    quiet_below: "1e-9 1/um^3"
)",
                           lattice);
  CHECK(c.substances[0].quiet_below == Approx(2e-3));
  CHECK(c.substances[1].quiet_below == Approx(1e-9));
  using Catch::Matchers::Contains;
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\", quiet_below: \"-1 1/um^3\"}\n", lattice),
             Contains("range"));
  CHECK_THAT(error_of("  a: {diffusion: \"1 um^2/min\", quiet_below: \"1 um\"}\n", lattice),
             Contains("a.quiet_below"));
}
