// The BBB state of venule voxels under a constant cytokine: adhesion relaxes to
// T = baseline + (1 - baseline) x h(TNF), leak follows adhesion; both against the exact solution
// of the two linear ODEs (the process solves them exactly over each period, so any period gives
// the continuous solution to rounding).
#include <catch2/catch.hpp>

#include <cmath>

#include "models/tissue/tissue_state.hpp"
#include "unit/tissue/lymphocyte_test_support.hpp"

using namespace msabm;
using namespace msabm::testing;

namespace {

std::string bbb_config(const std::string& tnf, const std::string& period) {
  return tissue_yaml(R"({step: "1 h", duration: "20 d", sort_interval: "0 min"})", "[5, 5, 4]", R"(
    fields:
      tnf: {units: "molecules/um^3", diffusion: "100 um^2/min", decay: "0 1/min", initial: ")" + tnf + R"("}
      solver: {period: "1 h"}
)",
                     R"(        venules: [{from: ["50 um", "50 um", "0 um"], to: ["50 um", "50 um", "80 um"], radius: "5 um", sheath: "12 um"}]
        bbb: {period: ")" + period + R"(", baseline_adhesion: 0.1, tnf_ec50: "0.01 molecules/um^3",
              rise_half_life: "6 h", fall_half_life: "3 d", leak_half_life: "1 d"}
)");
}

tissue::TissueState& tissue_state(Simulation& sim) { return *sim.find_patch("p")->component<tissue::TissueState>(); }

/// A(t), L(t) for dA/dt = ka (T - A), dL/dt = kl (A - L).
std::pair<double, double> exact(double t, double target, double a0, double l0, double ka, double kl) {
  const double a = target + (a0 - target) * std::exp(-ka * t);
  const double l = target + (l0 - target) * std::exp(-kl * t) +
                   (a0 - target) * kl * (std::exp(-ka * t) - std::exp(-kl * t)) / (kl - ka);
  return {a, l};
}

void check_venules(Simulation& sim, double a, double l) {
  tissue::TissueState& t = tissue_state(sim);
  const auto adhesion = t.array(t.adhesion);
  const auto leak = t.array(t.leak);
  REQUIRE(t.venule_voxels.size() == 4);
  for (VoxelIndex v : t.venule_voxels) {
    CHECK(adhesion[v] == Approx(a).epsilon(1e-9));
    CHECK(leak[v] == Approx(l).epsilon(1e-9));
  }
  // The sheath shows its venule's leak.
  for (std::size_t v = 0; v < leak.size(); ++v) {
    if (t.leak_source[v] != kNoVoxel) CHECK(leak[v] == leak[t.leak_source[v]]);
  }
}

}  // namespace

TEST_CASE("bbb: adhesion and leak rise to their target under constant TNF as the ODEs' exact solution",
          "[tissue][bbb]") {
  const double ka = std::log(2.0) / 360, kl = std::log(2.0) / 1440;  // 1/min
  const double target = 0.1 + 0.9 * (0.03 / (0.03 + 0.01));
  for (const char* period : {"1 h", "4 h"}) {
    INFO("period " << period);
    auto sim = simulation_from_yaml(bbb_config("0.03 molecules/um^3", period));
    check_venules(*sim, 0.1, 0.1);
    for (const int hours : {4, 24, 96}) {
      run_ticks(*sim, hours - (sim->tick()));
      REQUIRE(sim->tick() == hours);
      const auto [a, l] = exact(60.0 * hours, target, 0.1, 0.1, ka, kl);
      check_venules(*sim, a, l);
    }
    CHECK(readout(*sim, "p.mean_adhesion") == Approx(exact(96 * 60.0, target, 0.1, 0.1, ka, kl).first).epsilon(1e-9));
  }
}

TEST_CASE("bbb: without cytokine an open barrier closes at the fall rate, the leak lagging behind", "[tissue][bbb]") {
  const double kf = std::log(2.0) / (3 * 1440), kl = std::log(2.0) / 1440;
  auto sim = simulation_from_yaml(bbb_config("0 molecules/um^3", "1 h"));
  tissue::TissueState& t = tissue_state(*sim);
  for (VoxelIndex v : t.venule_voxels) {
    t.array(t.adhesion)[v] = 0.9;
    t.array(t.leak)[v] = 0.6;
  }
  run_ticks(*sim, 72);
  const auto [a, l] = exact(72 * 60.0, 0.1, 0.9, 0.6, kf, kl);
  check_venules(*sim, a, l);
  CHECK(l > a);  // the leak outlasts adhesion once both fall
}
