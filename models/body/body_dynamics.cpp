// The body's equations over one step: aggregate pools (stem cells, transit chains, plasma
// cells, thymus) by Heun's method on sub-steps, with drug kill applied as exact survival over
// each sub-step; clones by per-capita fates (cell_fates.hpp) over the whole step, with the kill
// hazards accumulated over it; then new thymic and marrow clones, engraftment bookkeeping and
// the summaries.
#include <algorithm>
#include <cmath>
#include <optional>

#include "engine/core/random_counts.hpp"
#include "models/body/body_core.hpp"
#include "models/body/cell_fates.hpp"

namespace msabm::body {

namespace {
constexpr double kMinPerDay = 1440.0;
constexpr double kMinPerYear = 365.25 * kMinPerDay;
}  // namespace

void BodyCore::add_kill_hazards(double t0, double t1, std::vector<double>& hazard) const {
  std::vector<double> per_drug;
  for (std::size_t d = 0; d < p_.drugs.size(); ++d) {
    const Drug& drug = p_.drugs[d];
    if (drug.kills.empty()) continue;
    const std::vector<Dose> doses = doses_of(static_cast<int>(d));
    if (doses.empty() || negligible_after(drug.pk, doses) < t0) continue;
    per_drug.assign(drug.kills.size(), 0.0);
    add_cumulative_kills(drug.pk, doses, drug.kills, t0, t1, per_drug);
    for (std::size_t k = 0; k < drug.kills.size(); ++k) hazard[static_cast<std::size_t>(drug.targets[k])] += per_drug[k];
  }
}

double BodyCore::gcsf_effect(double t) const {
  if (p_.gcsf_drug < 0) return 0;
  const double c = concentration_of(p_.gcsf_drug, t);
  return c / (c + p_.gcsf_ec50);
}

double BodyCore::homeostatic_index(double total, double baseline) const {
  // IL-7 made at a constant rate and consumed by the cells: the free level, relative to
  // baseline, is (c0 + cT L0) / (c0 + cT L) = (1 + r) / (1 + r L / L0) (Fry 2001 Blood 97:2983).
  const double r = p_.il7_reserve;
  return (1 + r) / (1 + r * total / baseline);
}

namespace {
/// Cells counted by one niche: each lineage with its weight, naive cells and memory + effector
/// cells with weights (1, w) for a naive niche and (w, 1) for a memory niche.
double niche_amount(const std::array<std::array<double, kStates>, kLineages>& cells,
                    const std::array<double, kLineages>& lineage_weight, int state_class, double w) {
  double n = 0;
  for (int l = 0; l < kLineages; ++l) {
    const double naive = cells[l][kNaive], memory = cells[l][kMemory] + cells[l][kEffector];
    n += lineage_weight[l] * (state_class == kNaive ? naive + w * memory : w * naive + memory);
  }
  return n;
}
}  // namespace

std::array<std::array<double, kStates>, kLineages> BodyCore::lineage_totals() const {
  std::array<std::array<double, kStates>, kLineages> total{};
  for (int l = 0; l < kLineages; ++l) {
    for (int s = 0; s < kStates; ++s) total[l][s] = get(bc_.totals[l][s]);
  }
  return total;
}

std::array<std::array<double, 2>, kLineages> BodyCore::niche_indices() const {
  std::array<std::array<double, kStates>, kLineages> base{};
  for (int l = 0; l < kLineages; ++l) base[l] = p_.lympho[l].count0;
  const auto now = lineage_totals();
  const double c = p_.cross_competition, w = p_.state_competition;
  // CD4 and Treg share a niche, CD8 another, each counting the other lineage with weight c; B
  // their own. Within each, naive and memory cells have niches of their own that count the
  // other state with weight w.
  const std::array<std::array<double, kLineages>, kLineages> weights{{
      {1, 1, c, 0}, {1, 1, c, 0}, {c, c, 1, 0}, {0, 0, 0, 1}}};
  std::array<std::array<double, 2>, kLineages> index{};
  for (int l = 0; l < kLineages; ++l) {
    for (int k : {kNaive, kMemory}) {
      index[l][k] = homeostatic_index(niche_amount(now, weights[l], k, w), niche_amount(base, weights[l], k, w));
    }
  }
  return index;
}

double BodyCore::il7_index(int lineage) const {
  std::array<std::array<double, kStates>, kLineages> base{};
  for (int l = 0; l < kLineages; ++l) base[l] = p_.lympho[l].count0;
  const double c = p_.cross_competition;
  const std::array<std::array<double, kLineages>, kLineages> weights{{
      {1, 1, c, 0}, {1, 1, c, 0}, {c, c, 1, 0}, {0, 0, 0, 1}}};
  // IL-7 itself is consumed by naive and memory cells alike (state weight 1).
  return homeostatic_index(niche_amount(lineage_totals(), weights[lineage], kNaive, 1.0),
                           niche_amount(base, weights[lineage], kNaive, 1.0));
}

double BodyCore::thymic_niche_index() const {
  std::array<std::array<double, kStates>, kLineages> base{};
  for (int l = 0; l < kLineages; ++l) base[l] = p_.lympho[l].count0;
  const std::array<double, kLineages> t_cells{1, 1, 1, 0};
  const double w = p_.state_competition;
  return homeostatic_index(niche_amount(lineage_totals(), t_cells, kNaive, w), niche_amount(base, t_cells, kNaive, w));
}

void BodyCore::advance(const Simulation& sim, double t, double dt, std::int64_t step) {
  std::vector<double> hazard(kTargets, 0.0);
  advance_aggregates(t, dt, hazard);
  advance_clones(dt, step, hazard);
  form_cohorts(sim, t + dt, step);
  summarize();
  track_engraftment(sim, t + dt, dt);
  track_risks(sim, t + dt, dt, step);
}

void BodyCore::advance_aggregates(double t, double dt, std::vector<double>& clone_hazard) {
  const StemCells& st = p_.stem;
  const std::size_t nc = p_.chains.size();
  // State vector: hsc, progenitors, blood cd34, plasma, thymus, then per chain its precursors,
  // 3 transit pools and its circulating stages, then thymocytes and the gene-modified HSC and
  // progenitors (same per-capita rates as all of them).
  std::vector<std::size_t> at(nc + 1);
  at[0] = 5;
  for (std::size_t c = 0; c < nc; ++c) at[c + 1] = at[c] + 4 + bc_.chains[c].stages.size();
  const std::size_t n = at[nc] + 3;
  const std::size_t thy = n - 3, hm = n - 2, pm = n - 1;
  std::vector<double> x(n), k1(n), k2(n), y(n);
  x[0] = get(bc_.hsc);
  x[1] = get(bc_.progenitors);
  x[2] = get(bc_.blood_cd34);
  x[3] = get(bc_.plasma);
  x[4] = get(bc_.thymus);
  x[thy] = get(bc_.thymocytes);
  x[hm] = get(bc_.hsc_modified);
  x[pm] = get(bc_.progenitors_modified);
  for (std::size_t c = 0; c < nc; ++c) {
    x[at[c]] = get(bc_.chains[c].precursors);
    for (int i = 0; i < 3; ++i) x[at[c] + 1 + static_cast<std::size_t>(i)] = get(bc_.chains[c].transit[i]);
    for (std::size_t j = 0; j < bc_.chains[c].stages.size(); ++j) x[at[c] + 4 + j] = get(bc_.chains[c].stages[j]);
  }
  auto circulating = [&](const std::vector<double>& s, std::size_t c) {
    double total = 0;
    for (std::size_t i = at[c] + 4; i < at[c + 1]; ++i) total += s[i];
    return total;
  };
  const double memory_b = get(bc_.totals[kB][kMemory]);
  const double naive_b = std::max(1.0, get(bc_.totals[kB][kNaive]));
  const double b_feedback_ratio = p_.lympho[kB].count0[kNaive] / naive_b;
  double draw_total = 0;
  for (const ChainLineage& c : p_.chains) draw_total += c.draw;
  // Thymic output relative to the patient's baseline: age decline (3 %/y then 1 %/y per the
  // thymus config) x thymocytes (function x progenitor supply, lagged) x IL-7 drive.
  const double age0 = p_.patient.age_years;
  auto age_log_factor = [&](double age) {
    const Thymus& th = p_.thymus;
    return -th.early_decline * std::min(age, th.middle_age) - th.late_decline * std::max(0.0, age - th.middle_age);
  };

  // IL-7 drives thymopoiesis: the thymus sees the naive T-cell niche (recent emigrants join it).
  const double thymic_boost = std::pow(thymic_niche_index(), p_.thymus.il7_exponent);
  double b_output = 0, thymic_cells = 0;
  auto rhs = [&](const std::vector<double>& s, double eg, std::vector<double>& f) {
    const double hsc = s[0], prog = std::max(s[1], 1.0);
    f[0] = st.hsc_renewal * hsc * (1 - hsc / st.hsc0);
    const double renewal = std::min(st.self_renewal0 * std::pow(st.progenitors0 / prog, st.progenitor_feedback),
                                    st.progenitor_cap);
    const double release = st.release * (1 + st.gcsf_release * eg);
    f[1] = st.output * hsc + (renewal - draw_total - release) * s[1] + st.homing * s[2];
    f[2] = release * s[1] - st.homing * s[2];
    f[hm] = st.hsc_renewal * s[hm] * (1 - hsc / st.hsc0);
    f[pm] = st.output * s[hm] + (renewal - draw_total - release) * s[pm] + st.homing * s[2] * s[pm] / prog;
    f[3] = p_.plasma_from_memory * memory_b - p_.plasma_death * s[3];
    f[4] = (1 - s[4]) / p_.thymus.recovery_time;
    // Thymocytes follow the thymus's function and its supply of marrow progenitors with the lag
    // of seeding and development.
    f[thy] = (s[4] * std::min(1.0, prog / st.progenitors0) - s[thy]) / p_.thymus.development_time;
    for (std::size_t c = 0; c < nc; ++c) {
      const ChainLineage& L = p_.chains[c];
      const std::size_t o = at[c], last = at[c + 1] - 1;
      const double ktr = L.k_tr * (1 + L.gcsf_transit * eg);
      const double pool = circulating(s, c);
      const double ratio = L.feeds_b_clones ? b_feedback_ratio : L.circulating0 / std::max(pool, 1.0);
      const double boost = std::min(std::pow(ratio, L.feedback), L.max_boost);
      f[o] = L.amplification * L.draw * s[1] + L.k_prol * (1 + L.gcsf_proliferation * eg) * boost * s[o] - ktr * s[o];
      f[o + 1] = ktr * (s[o] - s[o + 1]);
      f[o + 2] = ktr * (s[o + 1] - s[o + 2]);
      f[o + 3] = ktr * (s[o + 2] - s[o + 3]);
      if (L.feeds_b_clones) {
        f[o + 4] = ktr * s[o + 3];
        continue;
      }
      // Circulating cells age through the stages (one stage: they die at random), and a fixed
      // consumption takes from every stage alike.
      const double m = L.lifespan_stages * L.loss, used = consumption_rate(L, pool);
      f[o + 4] = ktr * s[o + 3] + (L.division * boost - m - used) * s[o + 4];
      for (std::size_t i = o + 5; i <= last; ++i) f[i] = m * s[i - 1] - (m + used) * s[i];
    }
  };
  const auto steps = static_cast<int>(std::ceil(dt / p_.substep - 1e-9));
  const double h = dt / steps;
  std::vector<double> sub_hazard(kTargets);
  for (int k = 0; k < steps; ++k) {
    const double t0 = t + k * h;
    std::fill(sub_hazard.begin(), sub_hazard.end(), 0.0);
    add_kill_hazards(t0, t0 + h, sub_hazard);
    for (int i = 0; i < kTargets; ++i) clone_hazard[static_cast<std::size_t>(i)] += sub_hazard[static_cast<std::size_t>(i)];
    // Kill over the sub-step (exact survival), then the rest by Heun's method.
    x[0] *= std::exp(-sub_hazard[kHsc]);
    x[1] *= std::exp(-sub_hazard[kProgenitors]);
    x[hm] *= std::exp(-sub_hazard[kHsc]);
    x[pm] *= std::exp(-sub_hazard[kProgenitors]);
    x[2] *= std::exp(-sub_hazard[kProgenitors]);
    x[3] *= std::exp(-sub_hazard[kPlasma]);
    x[4] *= std::exp(-sub_hazard[kThymus]);
    x[thy] *= std::exp(-sub_hazard[kThymus]);
    const std::array<int, 5> precursor_target{kNeutrophilPrecursors, kMonocytePrecursors, kPlateletPrecursors,
                                              kNkPrecursors, kBPrecursors};
    for (std::size_t c = 0; c < nc; ++c) x[at[c]] *= std::exp(-sub_hazard[static_cast<std::size_t>(precursor_target[c])]);
    for (std::size_t i = at[kNkChain] + 4; i < at[kNkChain + 1]; ++i) x[i] *= std::exp(-sub_hazard[kNk]);
    const double eg0 = gcsf_effect(t0), eg1 = gcsf_effect(t0 + h);
    rhs(x, eg0, k1);
    for (std::size_t i = 0; i < n; ++i) y[i] = std::max(0.0, x[i] + h * k1[i]);
    rhs(y, eg1, k2);
    const std::size_t b_out = at[kBChain] + 4;
    const double b_before = x[b_out];
    for (std::size_t i = 0; i < n; ++i) x[i] = std::max(0.0, x[i] + 0.5 * h * (k1[i] + k2[i]));
    b_output += x[b_out] - b_before;
    x[b_out] = 0;  // the marrow's B output leaves the chain as new naive B cells
    const double age = age0 + (t0 + 0.5 * h) / kMinPerYear;
    const double thymic = std::exp(age_log_factor(age) - age_log_factor(age0)) * x[thy] * thymic_boost;
    for (int l : {kCd4, kTreg, kCd8}) {
      const double made = p_.lympho[l].thymic_output0 * thymic * h;
      put(bc_.pending[l], get(bc_.pending[l]) + made);
      thymic_cells += made;
    }
  }
  put(bc_.pending[kB], get(bc_.pending[kB]) + b_output);
  put(bc_.thymic_output, thymic_cells / dt * kMinPerDay);
  put(bc_.hsc, x[0]);
  put(bc_.progenitors, x[1]);
  put(bc_.blood_cd34, x[2]);
  put(bc_.plasma, x[3]);
  put(bc_.thymus, x[4]);
  put(bc_.thymocytes, x[thy]);
  put(bc_.hsc_modified, x[hm]);
  put(bc_.progenitors_modified, x[pm]);
  for (std::size_t c = 0; c < nc; ++c) {
    put(bc_.chains[c].precursors, x[at[c]]);
    for (int i = 0; i < 3; ++i) put(bc_.chains[c].transit[i], x[at[c] + 1 + static_cast<std::size_t>(i)]);
    for (std::size_t j = 0; j < bc_.chains[c].stages.size(); ++j) put(bc_.chains[c].stages[j], x[at[c] + 4 + j]);
    put(bc_.chains[c].circulating, circulating(x, c));
  }
}

void BodyCore::advance_clones(double dt, std::int64_t step, const std::vector<double>& hazard) {
  SystemicTable& t = *clones_;
  const std::array<std::array<double, 2>, kLineages> index = niche_indices();
  put(bc_.il7_index, il7_index(kCd4));
  put(bc_.naive_niche_index, index[kCd4][kNaive]);
  put(bc_.memory_niche_index, index[kCd4][kMemory]);
  // Per lineage (and for myelin-reactive clones, which are also primed) the generator of this
  // step and its propagator; drug kill enters as its mean rate over the step.
  std::array<std::array<Propagator, 2>, kLineages> prop{};
  std::array<double, kLineages> survive_graft{};
  for (int l = 0; l < kLineages; ++l) {
    const LymphoLineage& L = p_.lympho[l];
    const double naive_boost = std::pow(index[l][kNaive], L.exponent);
    const double memory_boost = std::pow(index[l][kMemory], L.exponent);
    Generator m{};
    std::array<double, kStates> loss{};
    for (int s = 0; s < kStates; ++s) loss[s] = L.death[s] + hazard[static_cast<std::size_t>(clone_target(l, s))] / dt;
    const double naive_division = std::min(L.division0[kNaive] * naive_boost, L.division_cap[kNaive]);
    const double memory_division = std::min(L.division0[kMemory] * memory_boost, L.division_cap[kMemory]);
    // Lymphopenia-induced proliferation turns naive cells into memory-like cells faster the
    // emptier their niche (Goldrath 2000 J Exp Med 192:557; Cho 2000 J Exp Med 192:549).
    const double activation = L.activation * (1 + L.lymphopenic_activation * std::max(0.0, il7_index(l) - 1));
    m[kNaive][kNaive] = naive_division - loss[kNaive] - activation;
    m[kMemory][kNaive] = activation;
    m[kMemory][kMemory] = memory_division - loss[kMemory] - L.reactivation;
    m[kEffector][kMemory] = L.reactivation;
    m[kEffector][kEffector] = -loss[kEffector] - L.effector_to_memory;
    m[kMemory][kEffector] = L.effector_to_memory;
    prop[l][0] = propagator(m, dt);
    // Myelin-reactive naive cells are also primed by antigen: each primed cell gives `burst` effectors.
    m[kNaive][kNaive] -= p_.clones.myelin_priming;
    m[kEffector][kNaive] = p_.clones.myelin_priming * p_.clones.burst;
    prop[l][1] = propagator(m, dt);
    survive_graft[l] = std::exp(-loss[kMemory] * dt);
  }
  const auto lineage = t.counts(cc_.lineage);
  const auto myelin = t.counts(cc_.myelin);
  std::array<std::span<std::int64_t>, kStates> cells{t.counts(cc_.cells[0]), t.counts(cc_.cells[1]),
                                                     t.counts(cc_.cells[2])};
  const auto graft = t.counts(cc_.graft_alive);
  const auto keys = t.keys();
  for (std::size_t row = 0; row < t.rows(); ++row) {
    const Counts n{cells[0][row], cells[1][row], cells[2][row]};
    if (n[0] == 0 && n[1] == 0 && n[2] == 0) continue;
    const auto l = static_cast<std::size_t>(lineage[row]);
    RandomStream rs = clone_rng_.stream(keys[row], static_cast<std::uint64_t>(step));
    const Counts next = step_cells(n, prop[l][myelin[row] != 0 ? 1 : 0], p_.clones.switch_size, rs);
    for (int s = 0; s < kStates; ++s) cells[s][row] = next[s];
    if (graft[row] > 0) graft[row] = binomial(rs, graft[row], survive_graft[l]);
  }
}

void BodyCore::form_cohorts(const Simulation& sim, double t_end, std::int64_t step) {
  // New clones join the open cohort row of their lineage every step; a new row opens every
  // cohort_interval (and when the origin changes at day 0), so rows keep a birth date.
  const bool after_transplant = t_end - sim.clock().day_zero > 0;
  if (t_end + 1e-6 >= get(bc_.next_cohort)) {
    put(bc_.next_cohort, get(bc_.next_cohort) + p_.clones.cohort_interval);
    for (int l = 0; l < kLineages; ++l) put(bc_.open_row[l], 0);
  }
  const double size = p_.clones.new_clone_size;
  for (int l = 0; l < kLineages; ++l) {
    const double cells = get(bc_.pending[l]);
    const double clones = std::floor(cells / size);
    if (clones < 1) continue;
    RandomStream rs = cohort_rng_.stream(static_cast<std::uint64_t>(l), static_cast<std::uint64_t>(step));
    const int origin = !after_transplant ? kPreTreatment : l == kB ? kNewMarrow : kNewThymic;
    const LymphoLineage& L = p_.lympho[l];
    auto polarize = [&] {
      if (l != kCd4) return static_cast<int>(kNone);
      return rs.uniform() < L.th17_share ? static_cast<int>(kTh17) : static_cast<int>(kTh1);
    };
    // Myelin-reactive new clones get rows of their own; the rest join the open row.
    std::int64_t myelin = 0;
    if (l == kCd4 || l == kCd8) myelin = std::min<std::int64_t>(poisson(rs, clones * p_.clones.myelin_naive_frequency), 1000);
    // Those descending from gene-modified stem cells (their share of the progenitors) meet the
    // engineered antigen in the thymus: deleted, or diverted to the Treg lineage.
    const double modified = get(bc_.progenitors_modified) / std::max(1.0, get(bc_.progenitors));
    for (std::int64_t m = 0; m < myelin; ++m) {
      int lineage = l;
      if (modified > 0 && rs.uniform() < modified) {
        if (!p_.modified.to_treg) continue;
        lineage = kTreg;
      }
      const std::size_t row = add_clone(lineage, origin, true, lineage == kCd4 ? polarize() : kNone, t_end, 1.0);
      clones_->counts(cc_.cells[kNaive])[row] = static_cast<std::int64_t>(size);
    }
    const double rest = clones - static_cast<double>(myelin);
    const auto open_key = static_cast<std::uint64_t>(get(bc_.open_row[l]));
    std::optional<std::size_t> open = open_key == 0 ? std::nullopt : clones_->find(open_key);
    if (open && clones_->counts(cc_.origin)[*open] != origin) open.reset();
    if (!open) {
      open = add_clone(l, origin, false, polarize(), t_end, 0.0);
      put(bc_.open_row[l], static_cast<double>(clones_->keys()[*open]));
    }
    clones_->amounts(cc_.weight)[*open] += rest;
    clones_->counts(cc_.cells[kNaive])[*open] += std::llround(rest * size);
    put(bc_.pending[l], cells - clones * size);
  }
}

void BodyCore::track_engraftment(const Simulation& sim, double t_end, double dt) {
  const double day = (t_end - sim.clock().day_zero) / kMinPerDay;
  if (day <= 0) return;
  const double v = p_.patient.blood_volume;
  const double anc = get(bc_.chains[kNeutrophils].circulating) * p_.chains[kNeutrophils].blood_share / v;
  const double plt = get(bc_.chains[kPlatelets].circulating) * p_.chains[kPlatelets].blood_share / v;
  const double e9_per_L = 1e9 / 1e15;  // cells/um^3 in 1e9/L
  // Engraftment: the first day the count is back above the threshold after it fell below it
  // (ANC 0.5e9/L, platelets 20e9/L: the usual clinical definitions).
  if (anc < 0.5 * e9_per_L) {
    put(bc_.neutropenic, 1);
    put(bc_.neutropenic_days, get(bc_.neutropenic_days) + dt / kMinPerDay);
  } else if (get(bc_.neutropenic) > 0 && get(bc_.neutrophil_day) < 0) {
    put(bc_.neutrophil_day, std::ceil(day - 1e-9));
  }
  // Recovery within 20 % of the pre-treatment level (the untreated body is at its baseline).
  auto lineage_sum = [&](std::initializer_list<int> lineages) {
    double n = 0;
    for (int l : lineages) {
      for (int st = 0; st < kStates; ++st) n += get(bc_.totals[l][st]);
    }
    return n;
  };
  auto lineage_base = [&](std::initializer_list<int> lineages) {
    double n = 0;
    for (int l : lineages) {
      for (int st = 0; st < kStates; ++st) n += p_.lympho[l].count0[st];
    }
    return n;
  };
  const std::array<double, 6> now{get(bc_.chains[kNeutrophils].circulating), get(bc_.chains[kMonocytes].circulating),
                                  get(bc_.chains[kNkChain].circulating), lineage_sum({kB}),
                                  lineage_sum({kCd4, kTreg}), lineage_sum({kCd8})};
  const std::array<double, 6> base{p_.chains[kNeutrophils].circulating0, p_.chains[kMonocytes].circulating0,
                                   p_.chains[kNkChain].circulating0, lineage_base({kB}),
                                   lineage_base({kCd4, kTreg}), lineage_base({kCd8})};
  for (std::size_t i = 0; i < now.size(); ++i) {
    if (now[i] < 0.8 * base[i]) {
      put(bc_.recovery_low[i], 1);
    } else if (get(bc_.recovery_low[i]) > 0 && get(bc_.recovery_day[i]) < 0) {
      put(bc_.recovery_day[i], std::ceil(day - 1e-9));
    }
  }
  if (plt < 20 * e9_per_L) {
    put(bc_.thrombocytopenic, 1);
  } else if (get(bc_.thrombocytopenic) > 0 && get(bc_.platelet_day) < 0) {
    put(bc_.platelet_day, std::ceil(day - 1e-9));
  }
}

}  // namespace msabm::body
