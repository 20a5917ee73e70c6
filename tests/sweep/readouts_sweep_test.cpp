// Readouts declared in a config reach /series and summary.json (with their units) and the sweep
// summary, so a crossing time ("time to clearance") can be swept without C++: a member whose
// threshold is never crossed reads null / an empty CSV field / NaN; HDF5 columns carry units.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/io/hdf5_read.hpp"
#include "sweep/sweep_test_util.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;
namespace h5 = msabm::h5;

TEST_CASE("sweep: YAML readouts and a crossing time in summary.json and the sweep summary", "[sweep][readouts]") {
  TempDir dir("sweep-readouts");
  write_text(dir.path() / "base.yaml", "extends: " + kSmallBase.string() + R"(
time: {duration: "1 h"}
readouts:
  targets: {model: kind_count, patch: lesion, kind: target}
  core_targets: {model: kind_count, patch: lesion, kind: target,
                 region: {shape: sphere, centre: ["150 um", "150 um", "150 um"], radius: "30 um"}}
  first_kills: {model: crossing_time, readout: targets, below: 599.5, units: h}
)");
  // Member 0 kills, member 1 cannot (kill_rate 0): its crossing never comes.
  const fs::path sweep = dir.path() / "s.yaml";
  write_text(sweep, R"(name: readouts
base: base.yaml
vary:
  patches.lesion.agents.effector.contact.kill_rate: ["0.5 1/min", "0 1/min"]
)");
  const fs::path out = dir.path() / "out";
  const auto r = run_msabm("sweep " + sweep.string() + " --out " + out.string() + " --jobs 2 --quiet");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);

  const auto s0 = read_json(out / "members/0000/summary.json");
  const auto s1 = read_json(out / "members/0001/summary.json");
  INFO(s0.dump() << "\n" << s1.dump());
  CHECK(s0["readout_units"]["first_kills"] == "h");
  CHECK(s0["readout_units"]["targets"] == "1");
  CHECK(s0["readouts"]["targets"].get<double>() == s0["counts"]["lesion"]["target"].get<double>());
  CHECK(s0["readouts"]["core_targets"].get<double>() <= s0["readouts"]["targets"].get<double>());
  const double t0 = s0["readouts"]["first_kills"].get<double>();
  CHECK(t0 > 0);
  CHECK(t0 <= 1.0);
  CHECK(s1["readouts"]["first_kills"].is_null());
  CHECK(s1["readouts"]["targets"].get<double>() == 600);

  // In /series: NaN until the crossing, then its time, with the units.
  for (const int m : {0, 1}) {
    const h5::Handle result = h5::open_file(out / (m == 0 ? "members/0000" : "members/0001") / "result.h5", false);
    const auto series = h5::read_vector<double>(result.get(), "series/readouts/first_kills");
    REQUIRE(series.size() > 2);
    CHECK(std::isnan(series.front()));
    if (m == 0) CHECK(series.back() == t0);
    if (m == 1) CHECK(std::isnan(series.back()));
    const h5::Handle d = h5::open_dataset(result.get(), "series/readouts/first_kills");
    CHECK(h5::string_attribute(d.get(), "units") == "h");
  }

  const Csv csv = read_csv(out / "sweep_summary.csv");
  REQUIRE(csv.rows.size() == 2);
  // CSV headers name a column's unit when it has one.
  for (const char* col : {"readouts.targets", "readouts.core_targets", "readouts.first_kills [h]"}) {
    CHECK(std::find(csv.columns.begin(), csv.columns.end(), col) != csv.columns.end());
  }
  for (const auto& col : csv.columns) CHECK(col.rfind("readout_units.", 0) != 0);  // units are not columns
  CHECK(std::stod(csv.rows[0].at("readouts.first_kills [h]")) == Approx(t0));
  CHECK(csv.rows[1].at("readouts.first_kills [h]").empty());

  const h5::Handle f = h5::open_file(out / "sweep_summary.h5", false);
  const h5::Handle d = h5::open_dataset(f.get(), "members/readouts.first_kills");
  CHECK(h5::string_attribute(d.get(), "units") == "h");
  const auto values = h5::read_vector<double>(f.get(), "members/readouts.first_kills");
  REQUIRE(values.size() == 2);
  CHECK(values[0] == Approx(t0));
  CHECK(std::isnan(values[1]));
}
