// The body model through the msabm binary: bad doses and treatment actions are config errors
// (exit 2, file:line and key), and a run restarted from a checkpoint taken in the middle of
// conditioning ends bit-identical to the uninterrupted run.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "support/command.hpp"

using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {
const std::string kExe = MSABM_EXE;
const std::string kPatient = std::string(MSABM_SOURCE_DIR) + "/configs/body/patient.yaml";

/// `msabm check` of a config that extends the patient with one protocol event on line 3.
CommandResult check_event(const TempDir& dir, const std::string& event) {
  const fs::path file = dir.path() / "bad_dose.yaml";
  write_text(file, "extends: " + kPatient + "\nprotocol:\n  - " + event + "\n");
  return run_command(kExe + " check " + file.string());
}

std::string digest_of(const fs::path& out) {
  return nlohmann::json::parse(read_text(out / "summary.json"))["state_digest"].get<std::string>();
}
}  // namespace

TEST_CASE("body cli: bad doses and actions exit 2 naming file:line and key", "[body][cli]") {
  TempDir dir("body-bad-doses");
  struct Case {
    std::string event, key, message;
  };
  const std::vector<Case> cases{
      {R"({at: "-1 d", action: give_drug, drug: cyclophosphamide, dose: "-50 mg/kg"})", "dose", "positive"},
      {R"({at: "-1 d", action: give_drug, drug: cyclophosphamide, dose: "50 %"})", "dose", "not a dose"},
      {R"({at: "-1 d", action: give_drug, drug: cyclophosphamide, dose: "50"})", "dose", "needs its unit"},
      {R"({at: "-1 d", action: give_drug, drug: cyclophosphamide, dose: "50 mg/L"})", "dose", "not a dose"},
      {R"({at: "-1 d", action: give_drug, drug: alemtuzumab, dose: "12 mg"})", "drug", "no PK parameters"},
      {R"({at: "-400 d", action: give_drug, drug: cyclophosphamide, dose: "50 mg/kg"})", "at", "before the run starts"},
      {R"({at: "-1 d", action: give_drug, drug: filgrastim, dose_rate: "5 mg/kg"})", "dose_rate", "dose rate"},
      {R"({at: "-1 d", action: apheresis, volume_processed: "20 kg", cd34_collection_efficiency: 0.5, lymphocyte_collection_efficiency: 0.5})",
       "volume_processed", "volume"},
      {R"({at: "-1 d", action: cd34_selection, cd34_recovery: 0.6, t_cell_log_depletion: -1, b_cell_log_depletion: 2})",
       "t_cell_log_depletion", ""},
  };
  for (const Case& c : cases) {
    const CommandResult r = check_event(dir, c.event);
    INFO(c.event << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("bad_dose.yaml:3:") != std::string::npos);
    CHECK(r.output.find(c.key) != std::string::npos);
    CHECK(r.output.find(c.message) != std::string::npos);
  }
  // A well-formed dose passes.
  CHECK(check_event(dir, R"({at: "-1 d", action: give_drug, drug: cyclophosphamide, dose: "2 g/m^2"})").exit_code == 0);
}

TEST_CASE("body cli: a restart from a checkpoint taken during conditioning is bit-identical", "[body][cli]") {
  TempDir dir("body-restart");
  const fs::path a = dir.path() / "a", b = dir.path() / "b";
  // To day +35 with one checkpoint at day -3 (between the Cy doses, ATG running); a copy then
  // continues from that checkpoint on 2 threads.
  const CommandResult first = run_command(kExe + " run " + std::string(MSABM_SOURCE_DIR) +
                                          "/configs/regimens/cy_atg.yaml --quiet --threads 1 --set "
                                          "'time.duration=\"400 d\"' --set 'output.checkpoint_interval=\"362 d\"' --out " +
                                          a.string());
  INFO(first.output);
  REQUIRE(first.exit_code == 0);
  REQUIRE(fs::exists(a / "checkpoint.h5"));
  fs::copy(a, b, fs::copy_options::recursive);
  const CommandResult resumed =
      run_command(kExe + " run --quiet --restart " + (b / "checkpoint.h5").string() + " --threads 2");
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  CHECK(digest_of(b) == digest_of(a));
}

TEST_CASE("body cli: bad risk parameters exit 2 naming file:line and key", "[body][cli][risks]") {
  TempDir dir("body-bad-risks");
  struct Case {
    std::string risk, key, message;
  };
  // Each on line 4 of a file that extends the patient.
  const std::vector<Case> cases{
      {R"(infection: {rate: "-0.4 1/y"})", "rate", ""},
      {R"(infection: {rate: "0.4 mg"})", "rate", ""},
      {R"(death: {rate: "3e-4 1/d", anc_below: "-1 1/L"})", "anc_below", ""},
      {R"(organ_toxicity: {cardiac: {drug: alemtuzumab, d50: "400 mg/kg", width: "50 mg/kg"}})", "drug", "no drug"},
      {R"(organ_toxicity: {cardiac: {drug: cyclophosphamide, d50: "-400 mg/kg", width: "50 mg/kg"}})", "d50", "positive"},
      {R"(organ_toxicity: {cardiac: {drug: cyclophosphamide, d50: "400 mg/L", width: "50 mg/kg"}})", "d50", "not a dose"},
      {R"(infertility: {female: {age_50: "36 y", age_width: "0 y"}})", "age_width", ""},
      {R"(infertility: {alkylator_equivalents: {thalidomide: 1}})", "thalidomide", "no drug"},
  };
  for (const Case& c : cases) {
    const fs::path file = dir.path() / "bad_risk.yaml";
    write_text(file, "extends: " + kPatient + "\nbody:\n  risks:\n    " + c.risk + "\n");
    const CommandResult r = run_command(kExe + " check " + file.string());
    INFO(c.risk << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("bad_risk.yaml:4:") != std::string::npos);
    CHECK(r.output.find(c.key) != std::string::npos);
    CHECK(r.output.find(c.message) != std::string::npos);
  }
}

TEST_CASE("body cli: a treatment-related death ends the run early and summary.json says why", "[body][cli][risks]") {
  TempDir dir("body-death");
  const fs::path out = dir.path() / "out";
  // A death hazard of 5/d while neutropenic: certain death in the first day of aplasia.
  const CommandResult r = run_command(kExe + " run " + std::string(MSABM_SOURCE_DIR) +
                                      "/configs/regimens/cy_atg.yaml --quiet --set 'time.duration=\"400 d\"' "
                                      "--set 'body.risks.death.rate=\"5 1/d\"' --out " + out.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto summary = nlohmann::json::parse(read_text(out / "summary.json"));
  const std::string reason = summary["ended_early"].get<std::string>();
  CHECK(reason.find("treatment-related death on day") != std::string::npos);
  const double death_day = summary["readouts"]["treatment_related_death_day"].get<double>();
  CHECK(death_day > -5);
  CHECK(death_day < 10);
  // Stopped then: day 0 is at 365 d, the run was to last 400 d.
  CHECK(summary["simulated_time_min"].get<double>() == Approx((365 + death_day) * 1440.0).margin(1440.0));
}
