#pragma once
// Pharmacokinetics and kill of the treatment drugs: one well-mixed compartment with first-order
// elimination, doses given as zero-order infusions (a bolus is an infusion of zero length), and
// the concentration as the superposition of the closed forms of every dose
//   during an infusion of rate R:  C = R / (k V) (1 - e^{-k t})
//   after it ends at T:            C = C(T) e^{-k (t - T)}
// (Gibaldi & Perrier 1982, Pharmacokinetics, ch. 1-2). A drug kills a target population at the
// per-capita rate Emax C^h / (EC50^h + C^h) (Hill-type Emax model), so the survival over an
// interval is exp(-integral of that rate), integrated here by the midpoint rule on sub-intervals
// short against the drug's half-life.
// Internal units throughout: time min, mass kg, volume um^3, concentration kg/um^3.
#include <cstddef>
#include <string>
#include <vector>

namespace msabm::body {

/// A drug's kill of one target population.
struct KillSpec {
  double emax = 0;  ///< maximal per-capita kill rate, 1/min
  double ec50 = 1;  ///< concentration of half-maximal kill, kg/um^3
  double hill = 1;  ///< Hill coefficient
  [[nodiscard]] double rate(double c) const;
};

struct DrugSpec {
  std::string name;
  double half_life = 0;  ///< elimination half-life, min
  double volume = 0;     ///< distribution volume of this patient, um^3
  [[nodiscard]] double elimination() const;  ///< k = ln 2 / half-life, 1/min
};

/// One administration: `amount` (kg of drug) infused at a constant rate from `start` for
/// `duration` (0: bolus). Times in min since the start of the run.
struct Dose {
  double start = 0;
  double duration = 0;
  double amount = 0;
};

/// Concentration at time t from one dose (closed form), kg/um^3.
double dose_concentration(const DrugSpec& drug, const Dose& dose, double t);

/// Concentration at time t from every dose, kg/um^3.
double concentration(const DrugSpec& drug, const std::vector<Dose>& doses, double t);

/// The time after which every dose has decayed below `fraction` of its peak (min): the drug
/// can be skipped from then on.
double negligible_after(const DrugSpec& drug, const std::vector<Dose>& doses, double fraction = 1e-9);

/// Integral of kill.rate(C(t)) over [t0, t1] (dimensionless cumulative hazard).
double cumulative_kill(const DrugSpec& drug, const std::vector<Dose>& doses, const KillSpec& kill, double t0,
                       double t1);

/// The same for several kills of one drug at once (the concentration is sampled once):
/// hazard[i] += integral of kills[i].rate(C(t)) over [t0, t1].
void add_cumulative_kills(const DrugSpec& drug, const std::vector<Dose>& doses, const std::vector<KillSpec>& kills,
                          double t0, double t1, std::vector<double>& hazard);

}  // namespace msabm::body
