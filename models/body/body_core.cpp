#include "models/body/body_core.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/random_counts.hpp"

namespace msabm::body {

namespace {

constexpr double kMinPerDay = 1440.0;
constexpr double kMinPerYear = 365.25 * kMinPerDay;

struct ColumnList {
  std::vector<SystemicTable::ColumnSpec> specs;
  std::size_t add(std::string name, std::string units, SystemicTable::ColumnType type = SystemicTable::ColumnType::Amount) {
    specs.push_back({std::move(name), std::move(units), type});
    return specs.size() - 1;
  }
  std::size_t count(std::string name) { return add(std::move(name), "cells", SystemicTable::ColumnType::Count); }
};

}  // namespace

BodyCore::BodyCore(BodyParams params, Simulation& sim)
    : p_(std::move(params)),
      clone_rng_(sim.rng("body.clones")),
      cohort_rng_(sim.rng("body.cohorts")),
      action_rng_(sim.rng("body.actions")),
      risk_rng_(sim.rng("body.risks")) {
  ColumnList b;
  bc_.hsc = b.add("marrow.hsc", "cells");
  bc_.progenitors = b.add("marrow.progenitors", "cells");
  bc_.blood_cd34 = b.add("blood.cd34", "cells");
  bc_.plasma = b.add("marrow.plasma_cells", "cells");
  bc_.thymus = b.add("thymus.function", "1");
  bc_.thymocytes = b.add("thymus.thymocytes", "1");
  bc_.hsc_modified = b.add("marrow.hsc_modified", "cells");
  bc_.progenitors_modified = b.add("marrow.progenitors_modified", "cells");
  for (const ChainLineage& c : p_.chains) {
    BodyColumns::Chain ch{};
    ch.precursors = b.add("marrow." + c.name + ".precursors", "cells");
    for (int i = 0; i < 3; ++i) ch.transit[i] = b.add(fmt::format("marrow.{}.transit{}", c.name, i + 1), "cells");
    ch.circulating = b.add(c.name == "b_precursors" ? "marrow.b_precursors.output" : "body." + c.name, "cells");
    if (c.lifespan_stages == 1) {
      ch.stages = {ch.circulating};
    } else {
      for (int j = 0; j < c.lifespan_stages; ++j) ch.stages.push_back(b.add(fmt::format("body.{}.age{}", c.name, j + 1), "cells"));
    }
    bc_.chains.push_back(ch);
  }
  for (int l = 0; l < kLineages; ++l) bc_.pending[l] = b.add(fmt::format("pending.{}", kLineageNames[l]), "cells");
  bc_.next_cohort = b.add("pending.next_cohort", "min");
  for (int l = 0; l < kLineages; ++l) bc_.open_row[l] = b.add(fmt::format("pending.open_row_{}", kLineageNames[l]), "key");
  bc_.bag_cd34 = b.add("graft.bag_cd34", "cells");
  bc_.graft_cd34_per_kg = b.add("graft.cd34_per_kg", "cells/kg");
  bc_.graft_t_per_kg = b.add("graft.cd3_per_kg", "cells/kg");
  bc_.graft_b_per_kg = b.add("graft.cd19_per_kg", "cells/kg");
  bc_.neutrophil_day = b.add("engraftment.neutrophil_day", "d");
  bc_.platelet_day = b.add("engraftment.platelet_day", "d");
  bc_.neutropenic = b.add("engraftment.neutropenic", "1");
  bc_.thrombocytopenic = b.add("engraftment.thrombocytopenic", "1");
  bc_.neutropenic_days = b.add("engraftment.neutropenic_days", "d");
  for (std::size_t i = 0; i < kRecoveryNames.size(); ++i) {
    bc_.recovery_day[i] = b.add(fmt::format("recovery.{}_day", kRecoveryNames[i]), "d");
    bc_.recovery_low[i] = b.add(fmt::format("recovery.{}_low", kRecoveryNames[i]), "1");
  }
  for (int l = 0; l < kLineages; ++l) {
    for (int s = 0; s < kStates; ++s) {
      bc_.totals[l][s] = b.add(fmt::format("total.{}_{}", kLineageNames[l], kStateNames[s]), "cells");
    }
  }
  bc_.th1_effector = b.add("total.cd4_effector_th1", "cells");
  bc_.th17_effector = b.add("total.cd4_effector_th17", "cells");
  bc_.myelin_effector = b.add("total.myelin_effector", "cells");
  bc_.myelin_memory = b.add("total.myelin_memory", "cells");
  bc_.pre_share = b.add("repertoire.pre_treatment_share_memory_t", "1");
  bc_.sampled = b.add("repertoire.sampled", "1");
  bc_.sampled_total = b.add("repertoire.sampled_cd4_memory", "cells");
  bc_.clones_found = b.add("repertoire.pre_treatment_cd4_clones_found", "1");
  bc_.shannon = b.add("repertoire.shannon_t", "1");
  bc_.clones50 = b.add("repertoire.clones_50pct_t", "clones");
  bc_.richness = b.add("repertoire.richness_t", "clones");
  bc_.graft_t_alive = b.add("graft.t_cells_alive", "cells");
  bc_.il7_index = b.add("homeostasis.il7_index", "1");
  bc_.naive_niche_index = b.add("homeostasis.naive_niche_index", "1");
  bc_.memory_niche_index = b.add("homeostasis.memory_niche_index", "1");
  bc_.thymic_output = b.add("thymus.output", "cells/d");
  bc_.entry_block = b.add("comparator.entry_block", "1");
  bc_.fn_hazard = b.add("risk.febrile_neutropenia_hazard", "1");
  bc_.fn_day = b.add("risk.febrile_neutropenia_day", "d");
  bc_.infection_hazard = b.add("risk.infection_hazard", "1");
  bc_.infection_events = b.add("risk.infection_events", "1");
  bc_.infection_day = b.add("risk.infection_day", "d");
  bc_.death_hazard = b.add("risk.death_hazard", "1");
  bc_.died = b.add("risk.died", "1");
  bc_.death_day = b.add("risk.death_day", "d");
  for (const Risks::Toxicity& x : p_.risks.toxicities) {
    bc_.toxicity_probability.push_back(b.add("risk." + x.name + "_toxicity_probability", "1"));
    bc_.toxicity_day.push_back(b.add("risk." + x.name + "_toxicity_day", "d"));
  }
  bc_.infertility_probability = b.add("risk.infertility_probability", "1");
  bc_.infertile = b.add("risk.infertile", "1");
  bc_.new_myelin_clones = b.add("repertoire.new_myelin_clones", "clones");
  bc_.myelin_treg_clones = b.add("repertoire.myelin_treg_clones", "clones");
  body_ = &sim.add_table(SystemicTable("body", "row", b.specs));
  body_->add_row(0);
  // /series gets the marrow and thymus pools from here; blood counts and summaries go there as
  // readouts (in clinical units).
  for (const auto& spec : b.specs) {
    if (spec.name.rfind("marrow.", 0) == 0 || spec.name.rfind("thymus.", 0) == 0) {
      body_->declare_aggregate(spec.name, spec.name, SystemicTable::AggregateOp::Sum);
    }
  }

  ColumnList c;
  cc_.lineage = c.count("lineage");
  cc_.origin = c.count("origin");
  cc_.myelin = c.count("myelin_reactive");
  cc_.polarization = c.count("polarization");
  cc_.born = c.add("born", "min");
  cc_.weight = c.add("weight", "clones");
  for (int s = 0; s < kStates; ++s) cc_.cells[s] = c.count(kStateNames[s]);
  for (int s = 0; s < kStates; ++s) cc_.bag[s] = c.count(fmt::format("bag_{}", kStateNames[s]));
  cc_.graft_alive = c.count("graft_alive");
  cc_.before = c.count("before_treatment");
  clones_ = &sim.add_table(SystemicTable("clones", "clone", c.specs));
  clones_->declare_aggregate("represented_clones", "weight", SystemicTable::AggregateOp::Sum);
  clones_->declare_aggregate("rows_with_memory", "memory", SystemicTable::AggregateOp::RowsAboveZero);
  clones_->declare_aggregate("largest_memory_row", "memory", SystemicTable::AggregateOp::Max);

  ColumnList d;
  dose_drug_ = d.count("drug");
  dose_start_ = d.add("start", "min");
  dose_duration_ = d.add("duration", "min");
  dose_amount_ = d.add("amount", "kg");
  doses_ = &sim.add_table(SystemicTable("doses", "dose", d.specs));
  doses_->declare_aggregate("given", "amount", SystemicTable::AggregateOp::RowsAboveZero);

  initialize(sim);
}

std::size_t BodyCore::add_clone(int lineage, int origin, bool myelin, int polarization, double born, double weight) {
  const std::size_t row = clones_->add_row(static_cast<std::uint64_t>(clones_->rows() + 1));
  clones_->counts(cc_.lineage)[row] = lineage;
  clones_->counts(cc_.origin)[row] = origin;
  clones_->counts(cc_.myelin)[row] = myelin ? 1 : 0;
  clones_->counts(cc_.polarization)[row] = polarization;
  clones_->amounts(cc_.born)[row] = born;
  clones_->amounts(cc_.weight)[row] = weight;
  return row;
}

void BodyCore::add_initial_clones(int lineage, RandomStream& rs) {
  const LymphoLineage& l = p_.lympho[static_cast<std::size_t>(lineage)];
  const Clones& c = p_.clones;
  const double born = -p_.patient.age_years * kMinPerYear / 2;  // any time before the run
  auto polarize = [&](RandomStream& s) {
    if (lineage != kCd4) return static_cast<int>(kNone);
    return s.uniform() < l.th17_share ? static_cast<int>(kTh17) : static_cast<int>(kTh1);
  };
  // Naive: every clone about the same size (total naive cells / distinct naive clones).
  double naive_total = 0;
  for (const auto& x : p_.lympho) naive_total += x.count0[kNaive];
  const double naive_size = std::max(1.0, std::round(naive_total / c.naive_clones));
  const double naive_clones = l.count0[kNaive] / naive_size;
  std::int64_t myelin_naive = 0;
  if (lineage == kCd4 || lineage == kCd8) {
    myelin_naive = std::min<std::int64_t>(poisson(rs, naive_clones * c.myelin_naive_frequency), 10000);
  }
  const double background = naive_clones - static_cast<double>(myelin_naive);
  for (int r = 0; r < c.naive_rows; ++r) {
    const double weight = background / c.naive_rows;
    const std::size_t row = add_clone(lineage, kPreTreatment, false, polarize(rs), born, weight);
    clones_->counts(cc_.cells[kNaive])[row] = std::llround(naive_size * weight);
  }
  for (std::int64_t m = 0; m < myelin_naive; ++m) {
    const std::size_t row = add_clone(lineage, kPreTreatment, true, polarize(rs), born, 1.0);
    clones_->counts(cc_.cells[kNaive])[row] = static_cast<std::int64_t>(naive_size);
  }
  // Memory: sizes s with clone frequency ~ s^-alpha between min and max, in log2 size classes;
  // each class holds its share of memory cells exactly, split among its representatives.
  const double alpha = c.size_exponent;
  std::vector<double> class_size;
  for (double s = c.memory_min; s <= c.memory_max; s *= 2) class_size.push_back(s);
  double norm = 0;
  for (const double s : class_size) norm += std::pow(s, 2 - alpha);
  const double effector_share = l.count0[kMemory] > 0 ? l.count0[kEffector] / l.count0[kMemory] : 0;
  for (const double s : class_size) {
    const double cells = l.count0[kMemory] * std::pow(s, 2 - alpha) / norm;
    for (int r = 0; r < c.memory_rows_per_class; ++r) {
      const double size = std::round(s * std::pow(2.0, rs.uniform()));
      const double row_cells = cells / c.memory_rows_per_class;
      const std::size_t row = add_clone(lineage, kPreTreatment, false, polarize(rs), born, row_cells / size);
      clones_->counts(cc_.cells[kMemory])[row] = std::llround(row_cells);
      clones_->counts(cc_.cells[kEffector])[row] = std::llround(row_cells * effector_share);
    }
  }
  // This patient's myelin-reactive memory CD4 clones: sizes from the same power law.
  if (lineage == kCd4) {
    for (int m = 0; m < c.myelin_memory_clones; ++m) {
      const double u = 1.0 - rs.uniform();
      const double size = std::min(c.memory_max, std::round(c.memory_min * std::pow(u, -1.0 / (alpha - 1.0))));
      const std::size_t row = add_clone(lineage, kPreTreatment, true, polarize(rs), born, 1.0);
      clones_->counts(cc_.cells[kMemory])[row] = static_cast<std::int64_t>(size);
      clones_->counts(cc_.cells[kEffector])[row] = static_cast<std::int64_t>(std::round(size * effector_share));
    }
  }
}

void BodyCore::initialize(const Simulation& sim) {
  put(bc_.hsc, p_.stem.hsc0);
  put(bc_.progenitors, p_.stem.progenitors0);
  put(bc_.blood_cd34, p_.stem.blood_cd34_0);
  put(bc_.plasma, p_.plasma0);
  put(bc_.thymus, 1.0);
  put(bc_.thymocytes, 1.0);
  for (std::size_t i = 0; i < p_.chains.size(); ++i) {
    const ChainLineage& c = p_.chains[i];
    put(bc_.chains[i].precursors, c.precursor0);
    for (const std::size_t t : bc_.chains[i].transit) put(t, c.precursor0);
    put(bc_.chains[i].circulating, c.feeds_b_clones ? 0.0 : c.circulating0);
    if (c.lifespan_stages > 1) {
      const std::vector<double> stages = steady_stages(c);
      for (std::size_t j = 0; j < stages.size(); ++j) put(bc_.chains[i].stages[j], stages[j]);
    }
  }
  put(bc_.next_cohort, p_.clones.cohort_interval);
  put(bc_.neutrophil_day, -1);
  put(bc_.platelet_day, -1);
  for (const std::size_t c : bc_.recovery_day) put(c, -1);
  put(bc_.entry_block, 1.0);
  put(bc_.fn_day, -1);
  put(bc_.infection_day, -1);
  put(bc_.death_day, -1);
  for (const std::size_t c : bc_.toxicity_day) put(c, -1);
  RandomStream rs = sim.rng("body.repertoire").stream(0, 0);
  for (int l = 0; l < kLineages; ++l) add_initial_clones(l, rs);
  summarize();
}

void BodyCore::sample_before_treatment() {
  if (get(bc_.sampled) != 0) return;
  const auto lineage = clones_->counts(cc_.lineage);
  const auto memory = clones_->counts(cc_.cells[kMemory]);
  const auto effector = clones_->counts(cc_.cells[kEffector]);
  const auto before = clones_->counts(cc_.before);
  double total = 0;
  for (std::size_t r = 0; r < clones_->rows(); ++r) {
    before[r] = lineage[r] == kCd4 ? memory[r] + effector[r] : 0;
    total += static_cast<double>(before[r]);
  }
  put(bc_.sampled, 1);
  put(bc_.sampled_total, total);
  summarize();
}

void BodyCore::add_doses(int drug, double start, double duration, double amount, int count, double interval) {
  sample_before_treatment();
  for (int i = 0; i < count; ++i) {
    const std::size_t row = doses_->add_row(static_cast<std::uint64_t>(doses_->rows() + 1));
    doses_->counts(dose_drug_)[row] = drug;
    doses_->amounts(dose_start_)[row] = start + i * interval;
    doses_->amounts(dose_duration_)[row] = duration;
    doses_->amounts(dose_amount_)[row] = amount;
  }
}

std::vector<Dose> BodyCore::doses_of(int drug) const {
  std::vector<Dose> out;
  const auto drugs = doses_->counts(dose_drug_);
  for (std::size_t r = 0; r < doses_->rows(); ++r) {
    if (drugs[r] != drug) continue;
    out.push_back({doses_->amounts(dose_start_)[r], doses_->amounts(dose_duration_)[r], doses_->amounts(dose_amount_)[r]});
  }
  return out;
}

double BodyCore::concentration_of(int drug, double t) const {
  return concentration(p_.drugs[static_cast<std::size_t>(drug)].pk, doses_of(drug), t);
}

void BodyCore::summarize() {
  const SystemicTable& t = *clones_;
  const auto lineage = t.counts(cc_.lineage);
  const auto origin = t.counts(cc_.origin);
  const auto myelin = t.counts(cc_.myelin);
  const auto pol = t.counts(cc_.polarization);
  const auto w = t.amounts(cc_.weight);
  const auto naive = t.counts(cc_.cells[kNaive]);
  const auto memory = t.counts(cc_.cells[kMemory]);
  const auto effector = t.counts(cc_.cells[kEffector]);
  const auto graft = t.counts(cc_.graft_alive);
  std::array<std::array<double, kStates>, kLineages> totals{};
  double th1 = 0, th17 = 0, my_e = 0, my_m = 0, pre_me = 0, all_me = 0, graft_alive = 0, richness = 0;
  double new_myelin = 0, myelin_treg = 0;
  // Clone overlap with the pre-treatment sample (Muraro 2014 J Clin Invest 124:1168 compared
  // TCR sequences before and after aHSCT): a clone of x cells among M is in a sample of S cells
  // with probability 1 - e^{-x S / M}. Each row's w clones hold its cells equally.
  const auto before = t.counts(cc_.before);
  const bool sampled = get(bc_.sampled) != 0;
  const double s_cells = p_.clones.sample_cells;
  double cd4_me_now = 0;
  if (sampled) {
    for (std::size_t r = 0; r < t.rows(); ++r) {
      if (lineage[r] == kCd4) cd4_me_now += static_cast<double>(memory[r] + effector[r]);
    }
  }
  const double f_before = sampled ? s_cells / std::max(1.0, get(bc_.sampled_total)) : 0;
  const double f_now = s_cells / std::max(1.0, cd4_me_now);
  double found_before = 0, found_both = 0;
  struct Row {
    double size, weight;
  };
  std::vector<Row> t_rows;
  t_rows.reserve(t.rows());
  double t_cells = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto l = static_cast<std::size_t>(lineage[r]);
    const std::array<std::int64_t, kStates> n{naive[r], memory[r], effector[r]};
    for (int s = 0; s < kStates; ++s) totals[l][s] += static_cast<double>(n[s]);
    if (l == kB) continue;
    if (myelin[r] != 0 && origin[r] == kNewThymic) (l == kTreg ? myelin_treg : new_myelin) += 1;
    graft_alive += static_cast<double>(graft[r]);
    const double me = static_cast<double>(memory[r] + effector[r]);
    all_me += me;
    if (origin[r] == kPreTreatment) pre_me += me;
    if (sampled && before[r] > 0) {
      const double p_before = -std::expm1(-static_cast<double>(before[r]) / w[r] * f_before);
      const double p_now = -std::expm1(-me / w[r] * f_now);
      found_before += w[r] * p_before;
      found_both += w[r] * p_before * p_now;
    }
    if (l == kCd4 && pol[r] == kTh1) th1 += static_cast<double>(effector[r]);
    if (l == kCd4 && pol[r] == kTh17) th17 += static_cast<double>(effector[r]);
    if (myelin[r] != 0) {
      my_e += static_cast<double>(effector[r]);
      my_m += static_cast<double>(memory[r]);
    }
    // A row's cells are shared by its w clones: each holds cells / w on average; with Poisson
    // occupancy, w (1 - e^{-cells/w}) of them still exist.
    const double cells = static_cast<double>(n[0] + n[1] + n[2]);
    if (cells > 0) {
      t_rows.push_back({cells / w[r], w[r]});
      t_cells += cells;
      richness += w[r] * -std::expm1(-cells / w[r]);
    }
  }
  for (int l = 0; l < kLineages; ++l) {
    for (int s = 0; s < kStates; ++s) put(bc_.totals[l][s], totals[l][s]);
  }
  put(bc_.th1_effector, th1);
  put(bc_.th17_effector, th17);
  put(bc_.myelin_effector, my_e);
  put(bc_.myelin_memory, my_m);
  put(bc_.pre_share, all_me > 0 ? pre_me / all_me : 0);
  put(bc_.graft_t_alive, graft_alive);
  put(bc_.clones_found, found_before > 0 ? found_both / found_before : 0);
  put(bc_.new_myelin_clones, new_myelin);
  put(bc_.myelin_treg_clones, myelin_treg);
  put(bc_.richness, richness);
  // Weighted Shannon entropy and the fewest clones holding half of all T cells: each row
  // stands for `weight` clones of its size.
  double h = 0;
  for (const Row& r : t_rows) {
    const double f = r.size / t_cells;
    h -= r.weight * f * std::log(f);
  }
  put(bc_.shannon, h);
  std::sort(t_rows.begin(), t_rows.end(), [](const Row& a, const Row& b) { return a.size > b.size; });
  double cum = 0, clones = 0;
  for (const Row& r : t_rows) {
    const double cells = r.size * r.weight;
    if (cum + cells >= t_cells / 2) {
      clones += (t_cells / 2 - cum) / r.size;
      break;
    }
    cum += cells;
    clones += r.weight;
  }
  put(bc_.clones50, clones);
}

}  // namespace msabm::body
