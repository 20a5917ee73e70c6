// The body model through its shipped configs: an untreated patient stays at baseline, HSC regrow
// along the logistic closed form, regimens deplete lymphocytes in the order of their intensity,
// ATG after day 0 kills graft T cells, CD34 selection removes the configured logs of T and B
// cells, and the result does not depend on the thread count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "verification/body/body_support.hpp"

using namespace msabm;
using namespace msabm::testing;

namespace {
double t_cells(const BodyRun& r) { return r.readout("blood_cd4_1e9_per_L") + r.readout("blood_cd8_1e9_per_L"); }
}  // namespace

TEST_CASE("body: an untreated patient stays at the configured blood counts", "[body]") {
  BodyRun run = body_run("body/patient.yaml", {"time.duration=\"1 y\"", "time.day_zero=\"0 d\""});
  run.run_to_day(365);
  CHECK(run.readout("blood_neutrophils_1e9_per_L") == Approx(4.0).epsilon(0.01));
  CHECK(run.readout("blood_platelets_1e9_per_L") == Approx(250).epsilon(0.01));
  CHECK(run.readout("blood_monocytes_1e9_per_L") == Approx(0.5).epsilon(0.01));
  CHECK(run.readout("blood_nk_1e9_per_L") == Approx(0.2).epsilon(0.01));
  CHECK(run.readout("blood_cd4_naive_1e9_per_L") == Approx(0.35).epsilon(0.03));
  CHECK(run.readout("blood_cd4_memory_1e9_per_L") == Approx(0.40).epsilon(0.03));
  CHECK(run.readout("blood_cd8_memory_1e9_per_L") == Approx(0.25).epsilon(0.03));
  CHECK(run.readout("blood_b_naive_1e9_per_L") == Approx(0.15).epsilon(0.05));
  CHECK(run.readout("blood_cd34_per_uL") == Approx(1.0).epsilon(0.01));
  CHECK(run.readout("marrow_hsc_cells") == Approx(2e4).epsilon(1e-6));
  CHECK(run.readout("neutrophil_engraftment_day") == -1);  // never neutropenic
}

TEST_CASE("body: HSC regrow along the logistic closed form after a myeloablative kill", "[body]") {
  // Busulfan alone, no graft: H(t) = K / (1 + (K/H0 - 1) e^{-lambda t}) once the drug is gone
  // (lambda 3.6e-3/d, K 2e4 as configured).
  BodyRun run = body_run("body/patient.yaml",
                         {"time.duration=\"400 d\"", "time.day_zero=\"10 d\"",
                          "protocol=[{at: \"0 d\", action: give_drug, drug: busulfan, dose: \"0.8 mg/kg\", "
                          "infusion: \"2 h\", doses: 16, interval: \"6 h\"}]"});
  run.run_to_day(20);
  const double h0 = run.readout("marrow_hsc_cells");
  REQUIRE(h0 < 0.1 * 2e4);
  const double lambda = 3.6e-3, k = 2e4;
  for (double t : {50.0, 150.0, 350.0}) {
    run.run_to_day(20 + t);
    CHECK(run.readout("marrow_hsc_cells") == Approx(k / (1 + (k / h0 - 1) * std::exp(-lambda * t))).epsilon(1e-4));
  }
}

TEST_CASE("body: regimens deplete T cells in the order of their intensity", "[body]") {
  // Depth: the lowest blood T-cell count in the first month after day 0.
  auto nadir = [](const std::string& regimen) {
    BodyRun run = body_run("regimens/" + regimen + ".yaml", {"time.duration=\"400 d\""});
    run.run_to_day(-1);
    double low = t_cells(run);
    for (int d = 0; d <= 30; ++d) {
      run.run_to_day(d);
      low = std::min(low, t_cells(run));
    }
    return low;
  };
  const double low = nadir("cy_rituximab"), intermediate = nadir("cy_atg"), beam = nadir("beam_atg"),
               high = nadir("bu_cy_atg");
  INFO("T-cell nadir (1e9/L): cy_rituximab " << low << ", cy_atg " << intermediate << ", beam_atg " << beam
                                             << ", bu_cy_atg " << high);
  CHECK(intermediate < 0.5 * low);
  CHECK(beam < 0.5 * low);
  CHECK(high < intermediate);
}

TEST_CASE("body: ATG present after day 0 kills graft T cells", "[body]") {
  // The same course with ATG cleared within hours (half-life 1 h) keeps more graft T cells.
  auto graft_alive = [](const std::vector<std::string>& extra) {
    std::vector<std::string> o{"time.duration=\"400 d\""};
    o.insert(o.end(), extra.begin(), extra.end());
    BodyRun run = body_run("regimens/cy_atg.yaml", o);
    run.run_to_day(0);
    run.sim->step();  // reinfusion
    const double given = run.readout("graft_t_cells_alive");
    run.run_to_day(21);
    return run.readout("graft_t_cells_alive") / given;
  };
  const double with_atg = graft_alive({});
  const double without = graft_alive({"body.drugs.rabbit_atg.half_life=\"1 h\""});
  INFO("graft T cells alive at day 21: with ATG " << with_atg << ", ATG gone by day 0 " << without);
  CHECK(with_atg < 0.5 * without);
  CHECK(without > 0.5);  // without ATG most graft T cells live three weeks (memory half-life 0.4-0.7 y)
}

TEST_CASE("body: CD34 selection removes graft T and B cells by the configured log depletion", "[body]") {
  auto graft = [](bool select) {
    std::string protocol =
        "protocol=[{at: \"-40 d\", action: give_drug, drug: filgrastim, dose: \"10 ug/kg\", doses: 5, interval: \"24 h\"},"
        "{at: \"-35 d\", action: apheresis, volume_processed: \"20 L\", cd34_collection_efficiency: 0.5, "
        "lymphocyte_collection_efficiency: 0.5}";
    if (select) {
      protocol += ",{at: \"-34 d\", action: cd34_selection, cd34_recovery: 0.65, t_cell_log_depletion: 3.7, "
                  "b_cell_log_depletion: 2.8}";
    }
    BodyRun run = body_run("body/patient.yaml", {"time.duration=\"400 d\"", protocol + "]"});
    run.run_to_day(-30);
    return std::array<double, 3>{run.readout("graft_cd34_per_kg"), run.readout("graft_cd3_per_kg"),
                                 run.readout("graft_cd19_per_kg")};
  };
  const auto raw = graft(false), selected = graft(true);
  REQUIRE(raw[1] > 1e7);  // an unmanipulated graft holds tens of millions of T cells per kg
  CHECK(selected[0] == Approx(0.65 * raw[0]).epsilon(1e-9));
  // Binomial thinning of every clone's cells. Background rows stand for many clones of a few
  // cells each (weights up to ~1e6), so their few surviving cells make the depletion noisy:
  // within 0.3 log of the configured one.
  CHECK(std::log10(raw[1] / selected[1]) == Approx(3.7).margin(0.3));
  CHECK(std::log10(raw[2] / selected[2]) == Approx(2.8).margin(0.3));
}

TEST_CASE("body: a regimen ends in the same state at 1 and 2 threads", "[body]") {
  auto digest = [](int threads) {
    BodyRun run = body_run("regimens/cy_atg.yaml", {"time.duration=\"420 d\""}, 7, threads);
    while (!run.sim->finished()) run.sim->advance(run.sim->total_ticks());
    return run.sim->state_digest();
  };
  CHECK(digest(1) == digest(2));
}

TEST_CASE("body: after myeloablation a smaller CD34+ dose engrafts later", "[body]") {
  // Engraftment is emergent: graft progenitors refill the marrow, then the transit chain. The
  // same busulfan course with the whole product (bu_cy_atg) and with 1.5e6 CD34+/kg of it.
  auto engraftment = [](const std::string& regimen) {
    BodyRun run = body_run("regimens/" + regimen + ".yaml", {"time.duration=\"420 d\""});
    run.run_to_day(0);
    const double bag = run.readout("graft_cd34_per_kg");
    run.sim->step();  // reinfusion
    const double given = run.readout("graft_cd34_per_kg");
    run.run_to_day(40);
    return std::array<double, 3>{bag, given, run.readout("neutrophil_engraftment_day")};
  };
  const auto whole = engraftment("bu_cy_atg"), part = engraftment("scenario_low_cd34_dose");
  INFO("CD34+/kg given " << whole[1] << " vs " << part[1] << "; engraftment day " << whole[2] << " vs " << part[2]);
  REQUIRE(part[0] > 1.5e6);
  CHECK(whole[1] == Approx(whole[0]));
  CHECK(part[1] == Approx(1.5e6).epsilon(1e-9));
  REQUIRE(whole[2] > 0);
  CHECK(part[2] > whole[2]);
}

TEST_CASE("body: conditioning drives some small myelin-reactive clones extinct, not all", "[body]") {
  // Myelin-reactive clones have rows of their own (weight 1) and small counts are drawn, so a
  // deep depletion ends some of them while others survive and regrow.
  BodyRun run = body_run("regimens/cy_atg.yaml", {"time.duration=\"400 d\""});
  auto census = [&run] {
    const SystemicTable& t = *run.sim->find_table("clones");
    const auto myelin = t.counts(t.column_index("myelin_reactive"));
    const auto origin = t.counts(t.column_index("origin"));
    std::array<std::span<const std::int64_t>, 3> cells{t.counts(t.column_index("naive")), t.counts(t.column_index("memory")),
                                                       t.counts(t.column_index("effector"))};
    int alive = 0, extinct = 0;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      if (myelin[r] == 0 || origin[r] != 0) continue;
      (cells[0][r] + cells[1][r] + cells[2][r] > 0 ? alive : extinct) += 1;
    }
    return std::pair<int, int>{alive, extinct};
  };
  run.run_to_day(-50);
  const auto before = census();
  run.run_to_day(30);
  const auto after = census();
  INFO("pre-treatment myelin-reactive clones alive/extinct: before " << before.first << "/" << before.second
                                                                      << ", day 30 " << after.first << "/" << after.second);
  REQUIRE(before.first > 20);
  CHECK(after.second > before.second);
  CHECK(after.first > 0);
}
