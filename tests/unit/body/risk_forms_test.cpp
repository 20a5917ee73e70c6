// Closed forms of the body's risks: organ toxicity and infertility are logistic in their
// drivers, vanish without exposure and rise monotonically with dose and age; the infertility
// anchors of the shipped config (Snarski 2016) are reproduced; death rises with age.
#include <catch2/catch.hpp>

#include "models/body/risk_forms.hpp"

using namespace msabm::body;

TEST_CASE("body risk forms: organ toxicity is logistic in the cumulative dose and zero without it", "[body][risks]") {
  CHECK(toxicity_probability(0, 400, 50) == 0);
  CHECK(toxicity_probability(400, 400, 50) == Approx(0.5));
  CHECK(toxicity_probability(450, 400, 50) == Approx(1 / (1 + std::exp(-1.0))));
  double last = 0;
  for (double dose = 10; dose < 1000; dose += 10) {
    const double p = toxicity_probability(dose, 400, 50);
    CHECK(p > last);
    last = p;
  }
}

TEST_CASE("body risk forms: infertility meets its age anchors and rises with age and exposure", "[body][risks]") {
  // Shipped female figures: age_50 36 y, width 2 y, at the reference exposure.
  CHECK(infertility_probability(30, 36, 2, 10, 10, 1) == Approx(0.047).margin(0.005));  // Snarski: ~all recover <= 32 y
  CHECK(infertility_probability(37, 36, 2, 10, 10, 1) == Approx(0.62).margin(0.01));    // 38 % recover at 33-41 y
  CHECK(infertility_probability(50, 36, 2, 0, 10, 1) == 0);                             // no alkylator, no risk
  // Exposure slope 1: doubling the exposure doubles the odds.
  const double p1 = infertility_probability(36, 36, 2, 10, 10, 1), p2 = infertility_probability(36, 36, 2, 20, 10, 1);
  CHECK(p2 / (1 - p2) == Approx(2 * p1 / (1 - p1)));
  for (double age = 20; age < 50; age += 1) {
    CHECK(infertility_probability(age + 1, 36, 2, 10, 10, 1) > infertility_probability(age, 36, 2, 10, 10, 1));
    CHECK(infertility_probability(age, 36, 2, 12, 10, 1) > infertility_probability(age, 36, 2, 10, 10, 1));
  }
}

TEST_CASE("body risk forms: treatment-related death adds its per-decade term above the age threshold", "[body][risks]") {
  CHECK(death_hazard(3e-4, 1.5e-4, 30, 35) == Approx(3e-4));
  CHECK(death_hazard(3e-4, 1.5e-4, 55, 35) == Approx(6e-4));
  CHECK(death_hazard(0, 0, 80, 35) == 0);
}
