// The sweep summary says what its columns are measured in: a varied quantity's unit and the
// units a member's summary.json gives its readouts appear in the CSV headers and as `units`
// attributes, while names that carry their unit (wall_s) stay as they are.
#include <catch2/catch.hpp>

#include <fstream>

#include "engine/sweep/member_files.hpp"
#include "engine/sweep/summary_table.hpp"
#include "support/command.hpp"

using namespace msabm;
using namespace msabm::sweep;

TEST_CASE("sweep summary: CSV headers name the units of varied keys and readouts", "[sweep]") {
  testing::TempDir dir("summary-units");
  Plan plan;
  plan.name = "units";
  plan.points = 1;
  for (const auto& [key, unit] : {std::pair<std::string, std::string>{"a.rate", "1/min"}, {"protocol[1].count", ""}}) {
    VariedKey k;
    k.key = key;
    k.where = Location{"s.yaml", 3, 3};
    k.kind = "list";
    k.unit = unit;
    plan.keys.push_back(k);
  }
  Member m;
  m.seed = 7;
  m.values = {Value{"\"2 1/min\"", 2.0}, Value{"10", 10.0}};
  plan.members.push_back(m);
  std::ofstream(dir.path() / "summary.json")
      << R"({"wall_s": 1.5, "counts": {"p": {"w": 4}}, "readouts": {"blood": 5, "ratio": 0.5},)"
      << R"( "units": {"readouts.blood": "cells"}, "state_digest": "abc"})";
  SummaryTable table(plan, dir.path());
  table.set(0, member_row(plan, plan.members[0], MemberStatus{State::Ok, 0, "", 1.0, "", -1}, dir.path()));

  const std::string csv = table.csv();
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header ==
        "member,point,replicate,seed,status,exit_code,error,member_wall_s,a.rate [1/min],protocol[1].count,wall_s,"
        "counts.p.w,readouts.blood [cells],readouts.ratio,state_digest");
  CHECK_THAT(csv.substr(csv.find('\n') + 1), Catch::StartsWith("0,0,0,7,ok,0,,1,2,10,1.5,4,5,0.5,abc"));
  CHECK(table.row(0).at("units").at("readouts.blood") == "cells");  // kept with the row, not a column
}
