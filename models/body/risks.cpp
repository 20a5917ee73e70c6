// Risks of treatment as hazards and probabilities computed from the body's state (forms in
// risk_forms.hpp, numbers and sources in the `risks:` section of the patient config). Hazards
// are drawn once per step on the counter-based RNG (stream id per risk, counter = step);
// exposure risks compare one uniform per patient with a probability that only grows with
// exposure, which is the same as one draw at the end of the course.
#include <cmath>

#include "engine/core/random_counts.hpp"
#include "models/body/body_core.hpp"
#include "models/body/risk_forms.hpp"

namespace msabm::body {

namespace {
constexpr double kMinPerDay = 1440.0;
constexpr double kMinPerYear = 365.25 * kMinPerDay;
// Stream ids of risk_rng_ (the counter is the step, or 0 for once-per-patient draws).
constexpr std::uint64_t kFebrileStream = 0, kInfectionStream = 1, kDeathStream = 2, kInfertilityStream = 3,
                        kToxicityStreams = 16;
}  // namespace

double BodyCore::exposure_of(int drug, double t) const {
  double sum = 0;
  for (const Dose& d : doses_of(drug)) {
    if (d.start + d.duration <= t) sum += d.amount;
  }
  return sum;
}

void BodyCore::track_risks(const Simulation& sim, double t_end, double dt, std::int64_t step) {
  // Natalizumab-like entry block: the factor on CNS entry is 1 - receptor occupancy.
  if (p_.entry_block.drug >= 0) {
    const double c = concentration_of(p_.entry_block.drug, t_end);
    put(bc_.entry_block, 1 - c / (c + p_.entry_block.k_ro));
  }
  const Risks& r = p_.risks;
  const double day = std::ceil((t_end - sim.clock().day_zero) / kMinPerDay - 1e-9);
  const auto s = static_cast<std::uint64_t>(step);
  const double anc = get(bc_.chains[kNeutrophils].circulating) * p_.chains[kNeutrophils].blood_share /
                     p_.patient.blood_volume;
  // Febrile neutropenia: hazard while the ANC is below the threshold (more below the profound
  // one), as in Bodey 1966 (Ann Intern Med 64:328); the first event is drawn once per step with
  // probability 1 - e^{-h dt} and logged with its day.
  double h = 0;
  if (anc < r.fn_below) h += r.fn_rate;
  if (anc < r.fn_profound_below) h += r.fn_rate * r.fn_profound_factor;
  if (h > 0) {
    put(bc_.fn_hazard, get(bc_.fn_hazard) + h * dt);
    if (get(bc_.fn_day) < 0 && risk_rng_.stream(kFebrileStream, s).uniform() < -std::expm1(-h * dt)) {
      put(bc_.fn_day, day);
    }
  }
  // Viral reactivation / opportunistic infection while blood CD4 T cells are low: events are a
  // Poisson process of rate infection_rate (a patient can have several).
  double cd4 = 0;
  for (const int l : {kCd4, kTreg}) {
    for (int st = 0; st < kStates; ++st) cd4 += get(bc_.totals[l][st]);
  }
  if (r.infection_rate > 0 && blood_lymph(cd4) < r.infection_below) {
    put(bc_.infection_hazard, get(bc_.infection_hazard) + r.infection_rate * dt);
    RandomStream rs = risk_rng_.stream(kInfectionStream, s);
    const std::int64_t n = poisson(rs, r.infection_rate * dt);
    if (n > 0) {
      put(bc_.infection_events, get(bc_.infection_events) + static_cast<double>(n));
      if (get(bc_.infection_day) < 0) put(bc_.infection_day, day);
    }
  }
  // Treatment-related death (sepsis during aplasia) while the ANC is low, more with age.
  if (r.death_rate + r.death_per_decade > 0 && anc < r.death_below) {
    const double age = p_.patient.age_years + t_end / kMinPerYear;
    const double hd = death_hazard(r.death_rate, r.death_per_decade, age, r.death_age_from);
    put(bc_.death_hazard, get(bc_.death_hazard) + hd * dt);
    if (get(bc_.died) == 0 && risk_rng_.stream(kDeathStream, s).uniform() < -std::expm1(-hd * dt)) {
      put(bc_.died, 1);
      put(bc_.death_day, day);
    }
  }
  track_exposure_risks(sim, t_end);
}

void BodyCore::track_exposure_risks(const Simulation& sim, double t_end) {
  const Risks& r = p_.risks;
  const double day = std::ceil((t_end - sim.clock().day_zero) / kMinPerDay - 1e-9);
  for (std::size_t k = 0; k < r.toxicities.size(); ++k) {
    const Risks::Toxicity& x = r.toxicities[k];
    const double p = toxicity_probability(exposure_of(x.drug, t_end), x.d50, x.width);
    put(bc_.toxicity_probability[k], p);
    if (get(bc_.toxicity_day[k]) < 0 && risk_rng_.stream(kToxicityStreams + k, 0).uniform() < p) {
      put(bc_.toxicity_day[k], day);
    }
  }
  if (!r.infertility) return;
  double exposure = 0;
  for (std::size_t d = 0; d < r.alkylator_weight.size(); ++d) {
    if (r.alkylator_weight[d] > 0) exposure += r.alkylator_weight[d] * exposure_of(static_cast<int>(d), t_end);
  }
  // Age at day 0 (the transplant): the outcome is one per treatment, not a menopause clock.
  const double age = p_.patient.age_years + sim.clock().day_zero / kMinPerYear;
  const double p = infertility_probability(age, r.infertility_age_50, r.infertility_age_width, exposure,
                                           r.infertility_reference, r.infertility_slope);
  put(bc_.infertility_probability, p);
  put(bc_.infertile, risk_rng_.stream(kInfertilityStream, 0).uniform() < p ? 1 : 0);
}

}  // namespace msabm::body
