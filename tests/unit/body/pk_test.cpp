#include <catch2/catch.hpp>

#include <cmath>

#include "models/body/pk.hpp"

using namespace msabm::body;

namespace {
constexpr double kHour = 60, kDay = 1440;
constexpr double kMgPerL = 1e-6 / 1e15;  // mg/L in kg/um^3
DrugSpec drug(double half_life, double volume_l) { return {"d", half_life, volume_l * 1e15}; }
}  // namespace

TEST_CASE("body pk: a bolus decays as D/V e^{-kt}", "[body][pk]") {
  const DrugSpec d = drug(6 * kDay, 35);  // rATG-like
  const std::vector<Dose> doses{{0, 0, 350e-6}};  // 350 mg
  for (double t : {0.5 * kDay, 3 * kDay, 19 * kDay}) {
    CHECK(concentration(d, doses, t) / kMgPerL == Approx(10 * std::exp(-std::log(2.0) / (6 * kDay) * t)).epsilon(1e-12));
  }
  // Active rATG above 1 ug/mL until ln(Cmax / 1) / k: 19.9 d from 10 mg/L with t1/2 6 d.
  const double t1 = std::log(10.0) / d.elimination();
  CHECK(concentration(d, doses, t1 * 0.999) > 1 * kMgPerL);
  CHECK(concentration(d, doses, t1 * 1.001) < 1 * kMgPerL);
}

TEST_CASE("body pk: an infusion follows R/(kV)(1 - e^{-kt}) and decays after it ends", "[body][pk]") {
  const DrugSpec d = drug(3.5 * kHour, 10.5);
  const Dose infusion{2 * kHour, 24 * kHour, 700e-9};  // 700 ug over a day
  const double k = d.elimination(), rate = infusion.amount / infusion.duration;
  const double plateau = rate / (k * d.volume);
  CHECK(dose_concentration(d, infusion, 1 * kHour) == 0);
  CHECK(dose_concentration(d, infusion, 12 * kHour) == Approx(plateau * (1 - std::exp(-k * 10 * kHour))).epsilon(1e-12));
  const double end = plateau * (1 - std::exp(-k * 24 * kHour));
  CHECK(dose_concentration(d, infusion, 30 * kHour) == Approx(end * std::exp(-k * 4 * kHour)).epsilon(1e-12));
}

TEST_CASE("body pk: repeated doses superpose to the geometric-series trough", "[body][pk]") {
  // Busulfan-like: 0.8 mg/kg q6h x 16 as boluses; the trough before dose n+1 is
  // D/V e^{-k tau} (1 - e^{-n k tau}) / (1 - e^{-k tau}).
  const DrugSpec d = drug(2.6 * kHour, 0.56 * 70);
  std::vector<Dose> doses;
  const double tau = 6 * kHour, amount = 56e-6;
  for (int i = 0; i < 16; ++i) doses.push_back({i * tau, 0, amount});
  const double q = std::exp(-d.elimination() * tau);
  for (int n : {1, 4, 15}) {
    const double expected = amount / d.volume * q * (1 - std::pow(q, n)) / (1 - q);
    CHECK(concentration(d, doses, n * tau - 1e-9) == Approx(expected).epsilon(1e-9));
  }
}

TEST_CASE("body pk: cumulative kill of a bolus matches the closed form and rises with dose", "[body][pk]") {
  // Hill 1: integral of Emax C/(C + EC50) with C = C0 e^{-kt} is Emax/k ln((C0 + EC50)/(C(t) + EC50)).
  const DrugSpec d = drug(7 * kHour, 49);
  KillSpec kill{1.5 / kDay, 20 * kMgPerL, 1};
  const double c0 = 3500e-6 / d.volume;
  const std::vector<Dose> doses{{0, 0, 3500e-6}};
  const double t = 2 * kDay;
  const double exact = kill.emax / d.elimination() *
                       std::log((c0 + kill.ec50) / (c0 * std::exp(-d.elimination() * t) + kill.ec50));
  CHECK(cumulative_kill(d, doses, kill, 0, t) == Approx(exact).epsilon(2e-3));
  // Dose-response: survival exp(-hazard) falls monotonically with the dose and saturates at
  // Emax times the time the drug is present.
  double previous = 0;
  for (double mg : {100.0, 500.0, 2000.0, 8000.0, 32000.0}) {
    const double h = cumulative_kill(d, {{0, 0, mg * 1e-6}}, kill, 0, t);
    CHECK(h > previous);
    CHECK(h < kill.emax * t);
    previous = h;
  }
  // Steeper Hill: the same EC50 gives the same rate at C = EC50 and a lower one below it.
  KillSpec steep = kill;
  steep.hill = 3;
  CHECK(steep.rate(kill.ec50) == Approx(kill.rate(kill.ec50)));
  CHECK(steep.rate(0.5 * kill.ec50) < kill.rate(0.5 * kill.ec50));
}
