// Comparators and risks of the body model: the natalizumab-like entry block follows its PK to
// the closed-form steady-state trough, the ocrelizumab-like antibody depletes B cells and spares
// plasma cells, and febrile neutropenia events occur with probability 1 - e^{-H} of their hazard.
#include <catch2/catch.hpp>

#include <cmath>

#include "verification/body/body_support.hpp"

using namespace msabm;
using namespace msabm::testing;

TEST_CASE("body comparators: natalizumab reaches the closed-form trough and the entry factor is 1 - occupancy",
          "[body][comparators]") {
  BodyRun run = body_run("regimens/comparator_natalizumab.yaml", {"time.duration=\"2 y\""});
  // 300 mg every 28 d (t1/2 11 d, V 5.7 L), the 1-h infusion taken as a bolus: half a day before
  // the 13th dose, (D/V) e^{-k t} (1 - e^{-12 k tau}) / (1 - e^{-k tau}) with t = 27.5 d (the
  // steady-state trough itself is 10.9 mg/L).
  const double k = std::log(2.0) / 11.0, tau = 28.0, c_bolus = 300.0 / 5.7;
  const double expected = c_bolus * std::exp(-k * 27.5) * (1 - std::exp(-12 * k * tau)) / (1 - std::exp(-k * tau));
  run.run_to_day(28 * 12 - 0.5);
  const double c = run.readout("conc_natalizumab_mg_per_L");
  CHECK(c == Approx(expected).epsilon(0.01));
  // The factor was recorded at the end of the last daily step (half a day later, just before the dose).
  CHECK(run.readout("entry_block_factor") == Approx(1 - c / (c + 2.0)).epsilon(0.05));
  CHECK(run.readout("blood_cd4_1e9_per_L") == Approx(0.83).epsilon(0.05));              // no cells killed
}

TEST_CASE("body comparators: ocrelizumab depletes B cells and spares plasma cells", "[body][comparators]") {
  BodyRun run = body_run("regimens/comparator_ocrelizumab.yaml", {"time.duration=\"2 y\""});
  run.run_to_day(-1);
  const double b0 = run.readout("blood_b_1e9_per_L"), plasma0 = run.readout("plasma_cells");
  run.run_to_day(14);
  CHECK(run.readout("blood_b_1e9_per_L") < 0.05 * b0);
  run.run_to_day(180);
  CHECK(run.readout("blood_b_1e9_per_L") < 0.2 * b0);
  // Plasma cells lose only their renewal from memory B: slower than their 1-year half-life.
  CHECK(run.readout("plasma_cells") > 0.6 * plasma0);
}

TEST_CASE("body risks: febrile neutropenia occurs with probability 1 - exp(-integral of its hazard)",
          "[body][risks]") {
  // The hazard follows the (deterministic) neutrophil count, so every patient has the same
  // integral H; the share of patients with an event must match 1 - e^{-H}.
  const int patients = 60;
  int events = 0;
  double hazard = 0;
  for (int seed = 1; seed <= patients; ++seed) {
    BodyRun run = body_run("regimens/cy_atg.yaml", {"time.duration=\"400 d\""}, static_cast<std::uint64_t>(seed));
    run.run_to_day(30);
    events += run.readout("febrile_neutropenia_day") >= 0 ? 1 : 0;
    hazard = run.readout("febrile_neutropenia_hazard");
  }
  REQUIRE(hazard > 0.1);
  const double p = 1 - std::exp(-hazard);
  INFO("H = " << hazard << ", P = " << p << ", events " << events << " of " << patients);
  CHECK(std::abs(events - patients * p) < 4 * std::sqrt(patients * p * (1 - p)));
}

TEST_CASE("body scenarios: a gene-modified graft turns new myelin-reactive thymic clones into Tregs",
          "[body][scenarios]") {
  auto clones = [](const std::string& regimen) {
    BodyRun run = body_run("regimens/" + regimen + ".yaml", {"time.duration=\"3 y\""});
    run.run_to_day(700);
    return std::array<double, 3>{run.readout("new_myelin_clones"), run.readout("myelin_treg_clones"),
                                 run.readout("marrow_progenitors_modified") / run.readout("marrow_progenitor_cells")};
  };
  const auto plain = clones("cy_atg"), modified = clones("scenario_gene_modified_graft");
  INFO("conventional / Treg new myelin clones: plain " << plain[0] << " / " << plain[1] << ", modified "
                                                       << modified[0] << " / " << modified[1]
                                                       << "; modified share of progenitors " << modified[2]);
  CHECK(plain[1] == 0);
  CHECK(plain[2] == 0);
  REQUIRE(plain[0] > 20);
  // The modified share of the progenitors (diluted by the endogenous ones Cy spared) decides
  // the share of new myelin-reactive clones diverted.
  CHECK(modified[2] > 0.05);
  CHECK(modified[2] < 0.5);
  CHECK(modified[1] > 0);
  const double diverted = modified[1] / (modified[0] + modified[1]);
  CHECK(diverted > 0.5 * modified[2]);
  CHECK(diverted < 1.0);
}
