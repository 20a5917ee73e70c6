// Reconstitution after the default regimen (Cy 200 mg/kg + rATG, configs/regimens/cy_atg.yaml)
// against published figures, over a small virtual group (10 seeds: each patient draws its own
// repertoire, myelin-reactive clones and stochastic clone fates). The median of each figure must
// lie in the band of the published target (Storek 2004 Clin Immunol 113:285; Burt 2019, n=617,
// PMC6857075; Porrata 2010 review; BMT 1999 PMID 10516699; Muraro 2005 J Exp Med 201:805).
// Targets the default calibration does not reach are reported (WARN) and listed in the README,
// not asserted: a test that only passes by leaving them out would hide them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "verification/body/body_support.hpp"

using namespace msabm;
using namespace msabm::testing;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/// Figures of one patient, over two years after day 0.
std::map<std::string, double> reconstitution(std::uint64_t seed) {
  BodyRun run = body_run("regimens/cy_atg.yaml", {"time.duration=\"2200 d\""}, seed);
  run.run_to_day(-60);
  const double cd4_pre = run.readout("blood_cd4_1e9_per_L");
  const double naive_pre = run.readout("cd4_naive_share");
  std::map<std::string, double> f;
  run.run_to_day(60);
  f["clones_found_60"] = run.readout("pre_treatment_cd4_clones_found");
  run.run_to_day(90);
  f["naive_share_90"] = run.readout("cd4_naive_share");
  f["naive_pre"] = naive_pre;
  run.run_to_day(180);
  f["ratio_180"] = run.readout("cd4_cd8_ratio");
  run.run_to_day(365);
  f["ratio_365"] = run.readout("cd4_cd8_ratio");
  f["pre_share_365"] = run.readout("pre_treatment_share_memory_t");
  f["clones_found_365"] = run.readout("pre_treatment_cd4_clones_found");
  run.run_to_day(730);
  f["cd4_730"] = run.readout("blood_cd4_1e9_per_L") / cd4_pre;
  f["naive_share_730"] = run.readout("cd4_naive_share");
  f["neutrophil_day"] = run.readout("neutrophil_engraftment_day");
  f["innate_day"] = std::max({run.readout("neutrophils_recovery_day"), run.readout("monocytes_recovery_day"),
                              run.readout("nk_recovery_day")});
  f["b_day"] = run.readout("b_recovery_day");
  f["cd8_day"] = run.readout("cd8_recovery_day");
  run.run_to_day(1830);
  f["cd4_day"] = run.readout("cd4_recovery_day");  // -1: not recovered within 5 years
  return f;
}

}  // namespace

TEST_CASE("body targets: reconstitution after Cy + rATG over 10 virtual patients", "[body][targets]") {
  std::map<std::string, std::vector<double>> all;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    for (const auto& [k, v] : reconstitution(seed)) all[k].push_back(v);
  }
  std::map<std::string, double> m;
  for (const auto& [k, v] : all) m[k] = median(v);
  std::string medians;
  for (const auto& [k, v] : m) medians += k + " " + std::to_string(v) + "; ";
  INFO("medians: " << medians);
  auto in = [](double x, double lo, double hi) { return x >= lo && x <= hi; };

  // neutrophil_engraftment_day: ANC > 0.5e9/L by day 8 (2-14); band [6, 14].
  CHECK(in(m["neutrophil_day"], 6, 14));
  // innate_recovery: neutrophils, monocytes and NK within 20 % of baseline, band day [14, 60].
  CHECK(in(m["innate_day"], 14, 60));
  // b_cell_recovery: band day [90, 270].
  CHECK(in(m["b_day"], 90, 270));
  // cd8_before_cd4: CD8 back in [90, 730] d, CD4 in [365, 1825] d.
  CHECK(in(m["cd8_day"], 90, 730));
  CHECK(in(m["cd4_day"], 365, 1825));
  CHECK(m["cd4_day"] > m["cd8_day"]);
  // cd4_low_at_2y: CD4 at day 730 / baseline in [0.5, 0.95].
  CHECK(in(m["cd4_730"], 0.5, 0.95));
  // cd4_cd8_ratio_inverted: ratio in [0.2, 1.0] at days 180 and 365.
  CHECK(in(m["ratio_180"], 0.2, 1.0));
  CHECK(in(m["ratio_365"], 0.2, 1.0));
  // naive_t_gap, first half: naive CD4 share at day 90 below its pre-treatment share.
  CHECK(m["naive_share_90"] < m["naive_pre"]);
  // naive_t_gap, second half (the share rises by day 730): not reached by this calibration,
  // where lymphopenic memory expansion outgrows thymic output in year two.
  CHECK(m["naive_share_730"] > m["naive_share_90"]);
  // memory_clone_turnover: pre-treatment memory CD4 clones found again in a blood sample fall
  // from early to day 365 (Muraro 2014 J Clin Invest 124:1168: dominant pre-treatment CD4 clones
  // undetectable after aHSCT). The published shares (0.26 early, 0.15 at day 365; Ruder 2022, low
  // confidence) depend on the sequencing depth, a prior here: the fall is asserted, its size
  // (published: by 42 %) reported.
  CHECK(m["clones_found_365"] < m["clones_found_60"]);
  WARN("memory_clone_turnover: pre-treatment CD4 clones found at day 60 " << m["clones_found_60"] << ", day 365 "
                                                                         << m["clones_found_365"]
                                                                         << " (published 0.26 and 0.15)");
}

TEST_CASE("body targets: engraftment after Cy + rituximab, the regimen of the published figures", "[body][targets]") {
  // Burt 2019 (PMC6857075, n=617, the outpatient Cy + rituximab method of
  // configs/regimens/cy_rituximab.yaml): ANC > 0.5e9/L by day 8 (2-14), platelets > 20e9/L by
  // day 4 (0-11). Marrow and blood pools are deterministic: one patient stands for the median.
  BodyRun run = body_run("regimens/cy_rituximab.yaml", {"time.duration=\"500 d\""});
  run.run_to_day(60);
  const double neutrophil_day = run.readout("neutrophil_engraftment_day");
  const double platelet_day = run.readout("platelet_engraftment_day");
  INFO("neutrophil engraftment day " << neutrophil_day << ", platelet engraftment day " << platelet_day);
  CHECK(neutrophil_day >= 6);
  CHECK(neutrophil_day <= 14);
  // platelet_engraftment_day: band [4, 16] (low confidence); -1 would mean never below 20e9/L.
  CHECK(platelet_day >= 4);
  CHECK(platelet_day <= 16);
}
