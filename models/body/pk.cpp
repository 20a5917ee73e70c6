#include "models/body/pk.hpp"

#include <algorithm>
#include <cmath>

namespace msabm::body {

double KillSpec::rate(double c) const {
  if (c <= 0 || emax <= 0) return 0;
  const double x = std::pow(c / ec50, hill);
  return emax * x / (1 + x);
}

double DrugSpec::elimination() const { return std::log(2.0) / half_life; }

double dose_concentration(const DrugSpec& drug, const Dose& dose, double t) {
  const double tau = t - dose.start;
  if (tau <= 0) return 0;
  const double k = drug.elimination();
  if (dose.duration <= 0) return dose.amount / drug.volume * std::exp(-k * tau);
  const double rate = dose.amount / dose.duration;
  const double plateau = rate / (k * drug.volume);
  if (tau <= dose.duration) return plateau * -std::expm1(-k * tau);
  return plateau * -std::expm1(-k * dose.duration) * std::exp(-k * (tau - dose.duration));
}

double concentration(const DrugSpec& drug, const std::vector<Dose>& doses, double t) {
  double c = 0;
  for (const Dose& d : doses) c += dose_concentration(drug, d, t);
  return c;
}

double negligible_after(const DrugSpec& drug, const std::vector<Dose>& doses, double fraction) {
  double end = -1e300;
  const double decay = -std::log(fraction) / drug.elimination();
  for (const Dose& d : doses) end = std::max(end, d.start + d.duration + decay);
  return end;
}

void add_cumulative_kills(const DrugSpec& drug, const std::vector<Dose>& doses, const std::vector<KillSpec>& kills,
                          double t0, double t1, std::vector<double>& hazard) {
  if (t1 <= t0 || doses.empty()) return;
  // Sub-intervals of at most a tenth of a half-life (the concentration changes by < 7 % over
  // one) and never coarser than a quarter of the interval: the midpoint rule is then accurate to
  // well under 1 % for the smooth closed forms.
  const double h_max = std::min(drug.half_life / 10, (t1 - t0) / 4);
  const auto n = static_cast<std::size_t>(std::ceil((t1 - t0) / h_max));
  const double h = (t1 - t0) / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double c = concentration(drug, doses, t0 + (static_cast<double>(i) + 0.5) * h);
    if (c <= 0) continue;
    for (std::size_t k = 0; k < kills.size(); ++k) hazard[k] += kills[k].rate(c) * h;
  }
}

double cumulative_kill(const DrugSpec& drug, const std::vector<Dose>& doses, const KillSpec& kill, double t0,
                       double t1) {
  std::vector<double> hazard(1, 0.0);
  add_cumulative_kills(drug, doses, {kill}, t0, t1, hazard);
  return hazard[0];
}

}  // namespace msabm::body
