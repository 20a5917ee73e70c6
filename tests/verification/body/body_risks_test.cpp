// Risks of the body model beyond febrile neutropenia, on the shipped regimens: lymphopenic
// infections are a Poisson process of the integral of their hazard; treatment-related death
// occurs with probability 1 - e^{-H} and rises with age; organ toxicity and infertility equal
// their closed forms of the doses given; every risk is zero without treatment.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/body/risk_forms.hpp"
#include "verification/body/body_support.hpp"

using namespace msabm;
using namespace msabm::testing;
using msabm::body::infertility_probability;
using msabm::body::toxicity_probability;

namespace {
// A short pre-treatment year: the untreated body is at steady state from its first step.
const std::vector<std::string> kShort{"time.day_zero=\"50 d\"", "time.duration=\"120 d\""};
const double kBsa = std::sqrt(170.0 * 70.0 / 3600.0);  // Mosteller, the shipped patient
const double kAgeAtDay0 = 35 + 50 / 365.25;

std::vector<std::string> with(std::vector<std::string> o, const std::string& extra) {
  o.push_back(extra);
  return o;
}
}  // namespace

TEST_CASE("body risks: lymphopenic infections average the integral of their hazard", "[body][risks]") {
  double events = 0, hazard = 0, first = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    BodyRun run = body_run("regimens/cy_atg.yaml", with(kShort, "body.risks.infection.rate=\"50 1/y\""), seed);
    run.run_to_day(60);
    events += run.readout("infection_events");
    hazard += run.readout("infection_hazard");
    first = run.readout("infection_first_day");
  }
  INFO("events " << events << ", integral " << hazard);
  REQUIRE(hazard > 20);
  CHECK(std::abs(events - hazard) < 4 * std::sqrt(hazard));
  CHECK(first > -45);  // CD4 falls below 0.2e9/L only after treatment starts
}

TEST_CASE("body risks: treatment-related death has probability 1 - exp(-H) and H rises with age", "[body][risks]") {
  int deaths = 0;
  double hazard = 0;
  const int patients = 30;
  // ends_run: false keeps every patient's body going, so each integrates the same H.
  const std::vector<std::string> deadly = with(with(kShort, "body.risks.death.rate=\"0.07 1/d\""),
                                               "body.risks.death.ends_run=false");
  for (int seed = 1; seed <= patients; ++seed) {
    BodyRun run = body_run("regimens/cy_atg.yaml", deadly, static_cast<std::uint64_t>(seed));
    run.run_to_day(30);
    deaths += static_cast<int>(run.readout("treatment_related_death"));
    if (run.readout("treatment_related_death") == 1) CHECK(run.readout("treatment_related_death_day") >= -5);
    hazard = run.readout("treatment_related_death_hazard");
  }
  const double p = 1 - std::exp(-hazard);
  INFO("H = " << hazard << ", deaths " << deaths << " of " << patients);
  REQUIRE(hazard > 0.3);
  CHECK(std::abs(deaths - patients * p) < 4 * std::sqrt(patients * p * (1 - p)));
  // The shipped rates: a small H, larger for an older patient.
  auto shipped = [](const std::string& age) {
    BodyRun run = body_run("regimens/cy_atg.yaml", with(kShort, "body.patient.age=\"" + age + "\""));
    run.run_to_day(30);
    return run.readout("treatment_related_death_hazard");
  };
  const double young = shipped("30 y"), old = shipped("55 y");
  CHECK(young > 0);
  CHECK(young < 0.01);
  CHECK(old > young * 1.5);
}

TEST_CASE("body risks: a treatment-related death ends the run on the day it occurs", "[body][risks]") {
  int deaths = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    BodyRun run = body_run("regimens/cy_atg.yaml", with(kShort, "body.risks.death.rate=\"0.07 1/d\""), seed);
    run.run_to_day(60);
    if (run.readout("treatment_related_death") == 0) {
      CHECK(run.sim->end_reason().empty());
      CHECK(run.day() == Approx(60));
      continue;
    }
    ++deaths;
    const double day = run.readout("treatment_related_death_day");
    INFO("seed " << seed << ": died on day " << day << ", run stopped on day " << run.day());
    CHECK(run.sim->finished());
    CHECK(run.sim->end_reason().find("treatment-related death") != std::string::npos);
    // The body advances daily: the run stops at the end of the step in which the death occurred.
    CHECK(run.day() <= day + 1e-9);
    CHECK(run.day() > day - 1 - 1e-9);
  }
  CHECK(deaths > 0);
}

TEST_CASE("body risks: organ toxicity and infertility equal their closed forms of the doses given", "[body][risks]") {
  auto at_day_30 = [](const std::string& regimen, const std::vector<std::string>& o) {
    BodyRun run = body_run(regimen, o);
    run.run_to_day(30);
    return std::array<double, 4>{run.readout("cardiac_toxicity_probability"), run.readout("pulmonary_toxicity_probability"),
                                 run.readout("infertility_probability"), run.readout("infertility")};
  };
  // Cy/ATG: Cy 2 g/m^2 (mobilisation) + 200 mg/kg; no BCNU.
  const double cy_mg_per_kg = 2000 * kBsa / 70 + 200;
  const double ced_cy = 2000 + 200 * 70 / kBsa;  // cyclophosphamide-equivalent mg/m^2
  const auto cy = at_day_30("regimens/cy_atg.yaml", kShort);
  CHECK(cy[0] == Approx(toxicity_probability(cy_mg_per_kg, 400, 50)).epsilon(1e-6));
  CHECK(cy[1] == 0);
  CHECK(cy[2] == Approx(infertility_probability(kAgeAtDay0, 36, 2, ced_cy, 10000, 1)).epsilon(1e-6));
  CHECK((cy[3] == 0 || cy[3] == 1));
  // BEAM/ATG: BCNU 300 mg/m^2, melphalan 140 mg/m^2 (x40), BCNU x15, Cy 2 g/m^2.
  const auto beam = at_day_30("regimens/beam_atg.yaml", kShort);
  CHECK(beam[1] == Approx(toxicity_probability(300, 800, 150)).epsilon(1e-6));
  CHECK(beam[0] == Approx(toxicity_probability(2000 * kBsa / 70, 400, 50)).epsilon(1e-6));
  CHECK(beam[2] == Approx(infertility_probability(kAgeAtDay0, 36, 2, 2000 + 15 * 300 + 40 * 140, 10000, 1)).epsilon(1e-6));
  // Monotone in age; the male figures apply to a man.
  const auto older = at_day_30("regimens/cy_atg.yaml", with(kShort, "body.patient.age=\"40 y\""));
  CHECK(older[2] > cy[2]);
  const auto man = at_day_30("regimens/cy_atg.yaml", with(kShort, "body.patient.sex=male"));
  CHECK(man[2] == Approx(infertility_probability(kAgeAtDay0, 40, 8, ced_cy, 10000, 1)).epsilon(1e-6));
  // Untreated: no exposure, no risk.
  BodyRun none = body_run("body/patient.yaml", kShort);
  none.run_to_day(30);
  for (const char* name : {"cardiac_toxicity_probability", "pulmonary_toxicity_probability", "infertility_probability",
                           "infection_hazard", "treatment_related_death_hazard", "febrile_neutropenia_hazard"}) {
    INFO(name);
    CHECK(none.readout(name) == 0);
  }
}
