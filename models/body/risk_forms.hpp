#pragma once
// Closed forms of the body's risks, shared by the model and its tests: each maps the state that
// drives a risk (a dose, an age, a blood count) to a hazard or a probability.
#include <algorithm>
#include <cmath>

namespace msabm::body {

inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// Organ toxicity of a cumulative dose: logistic in dose around d50 with scale width; no risk
/// without exposure.
inline double toxicity_probability(double dose, double d50, double width) {
  return dose > 0 ? logistic((dose - d50) / width) : 0.0;
}

/// No return of menses (or of spermatogenesis): logistic in age at the reference alkylator
/// exposure, shifted by slope x ln(exposure / reference); no risk without exposure.
inline double infertility_probability(double age, double age_50, double age_width, double exposure,
                                      double reference, double slope) {
  if (exposure <= 0) return 0.0;
  return logistic((age - age_50) / age_width + slope * std::log(exposure / reference));
}

/// Treatment-related death while neutropenic: a base hazard plus a term per decade of age above
/// `from` (ages in years, hazards in any one unit).
inline double death_hazard(double rate, double per_decade, double age, double from) {
  return rate + per_decade * std::max(0.0, (age - from) / 10.0);
}

}  // namespace msabm::body
