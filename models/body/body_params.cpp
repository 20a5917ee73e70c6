#include "models/body/body_params.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "engine/units/quantity.hpp"

namespace msabm::body {

namespace {

constexpr double kMinPerDay = 1440.0;
constexpr double kMinPerYear = 365.25 * kMinPerDay;
constexpr std::array<const char*, kAggregateTargets> kAggregateNames{
    "hsc", "progenitors", "neutrophil_precursors", "monocyte_precursors", "platelet_precursors",
    "nk_precursors", "b_precursors", "nk", "plasma_cells", "thymus"};

double rate_from_half_life(const config::Section& s, std::string_view key) {
  return std::log(2.0) / s.quantity(key, "d", config::Range::positive());
}

/// Blood concentration ("0.8e9 1/L") times the blood volume: cells in blood.
double blood_cells(const config::Section& s, std::string_view key, const Patient& p) {
  return s.quantity(key, "1/L", config::Range::non_negative()) * p.blood_volume;
}

Patient read_patient(const config::Section& s) {
  Patient p;
  p.weight_kg = s.quantity("weight", "kg", config::Range::positive());
  const double height_cm = units::from_internal(s.quantity("height", "cm", config::Range::positive()), "cm");
  // Mosteller 1987 (N Engl J Med 317:1098): BSA (m^2) = sqrt(height cm x weight kg / 3600).
  p.bsa_m2 = std::sqrt(height_cm * p.weight_kg / 3600.0);
  p.age_years = s.quantity("age", "y", config::Range::closed(0, 120 * kMinPerYear)) / kMinPerYear;
  p.female = s.choice("sex", {"female", "male"}) == "female";
  return p;
}

ChainLineage read_chain(const config::Section& s, const std::string& name, const Patient& p) {
  ChainLineage c;
  c.name = name;
  c.transit_time = s.quantity("transit_time", "d", config::Range::positive());
  c.progenitor_share = s.number("progenitor_share", 0.5, config::Range::closed(0.01, 1));
  c.draw_share = s.number("progenitor_draw_share", config::Range::closed(0.001, 1));
  c.feedback = s.number("feedback", 0.2, config::Range::non_negative());
  c.max_boost = s.number("max_boost", 10, config::Range::at_least(1));
  c.k_tr = 4.0 / c.transit_time;
  if (name == "b_precursors") {
    c.feeds_b_clones = true;
    return c;  // output and pools follow from the B lineage (derive_chain)
  }
  c.blood_share = s.number("blood_share", 1, config::Range::closed(0.001, 1));
  c.circulating0 = blood_cells(s, "blood", p) / c.blood_share;
  c.loss = s.quantity("loss", "1/d", config::Range::positive());
  c.division = s.quantity("division", "1/d", "0 1/d", config::Range::non_negative());
  if (c.division >= c.loss) s.fail("division", "must be below 'loss' (the pool would grow without its marrow)");
  c.lifespan_stages = static_cast<int>(s.integer("lifespan_stages", 1, 1, 50));
  if (c.lifespan_stages > 1 && c.division > 0) {
    s.fail("lifespan_stages", "needs 'division: 0' (cells that divide in blood have no fixed lifespan)");
  }
  if (s.has("fixed_consumption")) {
    const config::Section fc = s.section("fixed_consumption");
    c.fixed_consumption = fc.quantity("rate", "1/L*d", config::Range::non_negative()) * p.blood_volume / c.blood_share;
    c.consumption_half = blood_cells(fc, "half_saturation", p) / c.blood_share;
    if (c.consumption_half <= 0) fc.fail("half_saturation", "must be positive");
  }
  c.gcsf_proliferation = s.number("gcsf_proliferation", 0, config::Range::non_negative());
  c.gcsf_transit = s.number("gcsf_transit", 0, config::Range::non_negative());
  return c;
}

}  // namespace

std::vector<double> steady_stages(const ChainLineage& c) {
  const int k = c.lifespan_stages;
  const double m = k * c.loss, used = consumption_rate(c, c.circulating0);
  // Each stage passes m of its cells on and loses `used` of them: a geometric profile q^j.
  const double q = m / (m + used);
  std::vector<double> s(static_cast<std::size_t>(k));
  double first = q < 1 ? c.circulating0 * (1 - q) / (1 - std::pow(q, k)) : c.circulating0 / k;
  for (double& x : s) {
    x = first;
    first *= q;
  }
  return s;
}

double steady_outflow(const ChainLineage& c) {
  // What enters the first stage: it passes on or loses (m + used - division) per cell.
  const double m = c.lifespan_stages * c.loss;
  return (m + consumption_rate(c, c.circulating0) - c.division) * steady_stages(c).front();
}

namespace {

void derive_chain(ChainLineage& c, double outflow, double progenitors0, double differentiation) {
  c.precursor0 = outflow / c.k_tr;
  c.k_prol = (1 - c.progenitor_share) * c.k_tr;
  c.draw = c.draw_share * differentiation;
  c.amplification = c.progenitor_share * c.k_tr * c.precursor0 / (c.draw * progenitors0);
}

LymphoLineage read_lympho(const config::Section& s, int lineage, const Patient& p, double blood_share) {
  LymphoLineage l;
  const bool t_cell = lineage != kB;
  const config::Section naive = s.section("naive"), memory = s.section("memory");
  l.count0[kNaive] = blood_cells(naive, "blood", p) / blood_share;
  l.count0[kMemory] = blood_cells(memory, "blood", p) / blood_share;
  l.death[kNaive] = rate_from_half_life(naive, "half_life");
  l.exponent = s.number("homeostasis_exponent", 1, config::Range::non_negative());
  l.activation = s.quantity("activation", "1/d", config::Range::non_negative());
  l.lymphopenic_activation = s.number("lymphopenic_activation", 0, config::Range::non_negative());
  const double n0 = l.count0[kNaive], m0 = l.count0[kMemory];
  if (n0 <= 0 || m0 <= 0) s.fail("naive", "naive and memory blood counts must be positive");
  if (t_cell) {
    l.death[kMemory] = rate_from_half_life(memory, "half_life");
    const config::Section eff = s.section("effector");
    l.count0[kEffector] = eff.number("share_of_memory", config::Range::closed(0, 1)) * m0;
    l.death[kEffector] = rate_from_half_life(eff, "half_life");
    l.effector_to_memory = eff.quantity("to_memory", "1/d", config::Range::non_negative());
    l.thymic_share = s.number("thymic_share", config::Range::closed(0, 1));
    // Steady state (derived): thymus + division replace naive loss and activation.
    const double naive_out = l.death[kNaive] + l.activation;
    l.thymic_output0 = l.thymic_share * naive_out * n0;
    l.division0[kNaive] = (1 - l.thymic_share) * naive_out;
    const double e0 = l.count0[kEffector];
    l.reactivation = (l.death[kEffector] + l.effector_to_memory) * e0 / m0;
    l.division0[kMemory] =
        l.death[kMemory] + l.reactivation - (l.activation * n0 + l.effector_to_memory * e0) / m0;
    if (l.division0[kMemory] < 0) {
      s.fail("activation", "activation and effector return alone exceed memory loss: no steady state");
    }
    if (lineage == kCd4) l.th17_share = s.number("th17_share", config::Range::probability());
  } else {
    l.division0[kNaive] = naive.quantity("division", "1/d", config::Range::non_negative());
    l.division0[kMemory] = memory.quantity("division", "1/d", config::Range::non_negative());
    // Steady state (derived): memory loss balances division and activation; marrow output
    // replaces what naive B lose.
    l.death[kMemory] = l.division0[kMemory] + l.activation * n0 / m0;
    l.marrow_output0 = (l.death[kNaive] + l.activation - l.division0[kNaive]) * n0;
    if (l.marrow_output0 <= 0) naive.fail("division", "must be below naive loss plus activation");
  }
  l.division_cap[kNaive] = naive.quantity("division_cap", "1/d", config::Range::non_negative());
  l.division_cap[kMemory] = memory.quantity("division_cap", "1/d", config::Range::non_negative());
  for (int st : {kNaive, kMemory}) {
    if (l.division_cap[st] < l.division0[st]) {
      s.section(kStateNames[st]).fail("division_cap", fmt::format("is below the baseline division {:.3g} 1/d",
                                                                  l.division0[st] * kMinPerDay));
    }
  }
  return l;
}

/// Target names (and groups: t_cells, cd4, treg, cd8, b_cells) -> indices.
std::vector<int> targets_named(const config::Section& kill, const std::string& name) {
  for (int t = 0; t < kTargets; ++t) {
    if (target_name(t) == name) return {t};
  }
  std::vector<int> group;
  auto add_lineage = [&](int l, bool all_states) {
    for (int st = 0; st < kStates; ++st) {
      if (all_states || st != kEffector) group.push_back(clone_target(l, st));
    }
  };
  if (name == "t_cells") {
    for (int l : {kCd4, kTreg, kCd8}) add_lineage(l, true);
  } else if (name == "cd4" || name == "treg" || name == "cd8") {
    add_lineage(name == "cd4" ? kCd4 : name == "treg" ? kTreg : kCd8, true);
  } else if (name == "b_cells") {
    add_lineage(kB, false);
  } else {
    std::string known;
    for (int t = 0; t < kTargets; ++t) known += target_name(t) + ", ";
    kill.fail(name, fmt::format("unknown kill target '{}' (known: {}t_cells, cd4, treg, cd8, b_cells)", name, known));
  }
  return group;
}

Drug read_drug(const config::Section& s, const std::string& name, const Patient& p) {
  Drug d;
  d.pk.name = name;
  d.pk.half_life = s.quantity("half_life", "h", config::Range::positive());
  const units::WrittenQuantity v = s.node("volume").measure();
  const units::Quantity unit = units::parse_unit(v.unit.empty() ? "1" : v.unit);
  const units::Dimension per_kg{3, 0, -1, 0}, volume{3, 0, 0, 0};
  if (!(v.number > 0)) s.fail("volume", "must be positive");
  if (unit.dimension == per_kg) {
    d.pk.volume = v.number * unit.value * p.weight_kg;
  } else if (unit.dimension == volume) {
    d.pk.volume = v.number * unit.value;
  } else {
    s.fail("volume", fmt::format("'{} {}' is neither a volume per body weight ('0.7 L/kg') nor a volume ('5 L')",
                                 v.number, v.unit));
  }
  const config::Section kill = s.section("kill");
  for (const std::string& target : kill.keys()) {
    const config::Section k = kill.section(target);
    KillSpec spec;
    spec.emax = k.quantity("emax", "1/d", config::Range::non_negative());
    spec.ec50 = k.quantity("ec50", "mg/L", config::Range::positive());
    spec.hill = k.number("hill", 1, config::Range::closed(0.1, 10));
    for (int t : targets_named(kill, target)) {
      // A named target overrides a group that came before it.
      bool replaced = false;
      for (std::size_t i = 0; i < d.targets.size(); ++i) {
        if (d.targets[i] == t) {
          d.kills[i] = spec;
          replaced = true;
        }
      }
      if (!replaced) {
        d.targets.push_back(t);
        d.kills.push_back(spec);
      }
    }
  }
  return d;
}

}  // namespace

std::string target_name(int target) {
  if (target < kAggregateTargets) return kAggregateNames[static_cast<std::size_t>(target)];
  const int i = target - kAggregateTargets;
  return fmt::format("{}_{}", kLineageNames[static_cast<std::size_t>(i / kStates)],
                     kStateNames[static_cast<std::size_t>(i % kStates)]);
}

double read_dose(const config::Section& s, std::string_view key, const Patient& p) {
  const units::WrittenQuantity q = s.node(key).measure();
  if (q.unit.empty()) s.fail(key, "a dose needs its unit: 'mg/kg', 'mg/m^2' or 'mg'");
  const units::Quantity unit = units::parse_unit(q.unit);
  if (!(q.number > 0)) s.fail(key, "a dose must be positive");
  const units::Dimension mass{0, 0, 1, 0}, per_area{-2, 0, 1, 0}, per_mass{};
  const double amount = q.number * unit.value;
  if (unit.dimension == mass) return amount;
  if (unit.dimension == per_area) return amount * p.bsa_m2 * 1e12;  // 1 m^2 = 1e12 um^2
  // mass/mass is dimensionless: accept it only when written with masses ("mg/kg"), not as "%".
  if (unit.dimension == per_mass && q.unit.find("g/") != std::string::npos && q.unit.find('%') == std::string::npos) {
    return amount * p.weight_kg;
  }
  s.fail(key, fmt::format("'{} {}' is not a dose: write it per body weight ('50 mg/kg'), per body surface "
                          "('2 g/m^2') or as an amount ('300 mg')",
                          q.number, q.unit));
}

namespace {

/// The `risks:` section beyond febrile neutropenia: infection, death, organ toxicity, infertility.
template <typename DrugIndex>
void read_risks(const config::Section& r, BodyParams& b, DrugIndex drug_index) {
  Risks& k = b.risks;
  const config::Section inf = r.section("infection");
  k.infection_rate = inf.quantity("rate", "1/y", "0 1/y", config::Range::non_negative());
  k.infection_below = inf.quantity("cd4_below", "1/L", "0.2e9 1/L", config::Range::non_negative());
  const config::Section death = r.section("death");
  k.death_rate = death.quantity("rate", "1/d", "0 1/d", config::Range::non_negative());
  k.death_per_decade = death.quantity("per_decade", "1/d", "0 1/d", config::Range::non_negative());
  k.death_age_from = death.quantity("age_from", "y", "35 y", config::Range::non_negative()) / kMinPerYear;
  k.death_below = death.quantity("anc_below", "1/L", "0.5e9 1/L", config::Range::non_negative());
  k.death_ends_run = death.boolean("ends_run", true);
  const config::Section tox = r.section("organ_toxicity");
  for (const std::string& name : tox.keys()) {
    const config::Section t = tox.section(name);
    Risks::Toxicity x;
    x.name = name;
    x.drug = drug_index(t);
    x.d50 = read_dose(t, "d50", b.patient);
    x.width = read_dose(t, "width", b.patient);
    k.toxicities.push_back(x);
  }
  if (!r.has("infertility")) return;
  const config::Section f = r.section("infertility");
  k.infertility = true;
  k.alkylator_weight.assign(b.drugs.size(), 0.0);
  const config::Section eq = f.section("alkylator_equivalents");
  for (const std::string& name : eq.keys()) {
    std::size_t d = 0;
    while (d < b.drugs.size() && b.drugs[d].pk.name != name) ++d;
    if (d == b.drugs.size()) eq.fail(name, fmt::format("no drug '{}' under body.drugs", name));
    k.alkylator_weight[d] = eq.number(name, config::Range::non_negative());
  }
  k.infertility_reference = read_dose(f, "exposure_reference", b.patient);
  k.infertility_slope = f.number("exposure_slope", config::Range::non_negative());
  // Both sexes are read (and checked); this patient's apply.
  for (const char* sex : {"female", "male"}) {
    const config::Section x = f.section(sex);
    const double age_50 = x.quantity("age_50", "y", config::Range::non_negative()) / kMinPerYear;
    const double width = x.quantity("age_width", "y", config::Range::positive()) / kMinPerYear;
    if ((std::string_view(sex) == "female") == b.patient.female) {
      k.infertility_age_50 = age_50;
      k.infertility_age_width = width;
    }
  }
}

}  // namespace

BodyParams read_body_params(const config::Section& s) {
  BodyParams b;
  b.patient = read_patient(s.section("patient"));
  b.patient.blood_volume = s.quantity("blood_volume", "mL/kg", config::Range::positive()) * b.patient.weight_kg;
  b.lymph_blood_share = s.number("lymphocyte_blood_share", config::Range::closed(1e-4, 1));
  b.il7_reserve = s.number("il7_reserve", config::Range::positive());
  b.cross_competition = s.number("cross_competition", config::Range::probability());
  b.state_competition = s.number("state_competition", config::Range::probability());
  b.period = s.quantity("period", "d", "1 d", config::Range::positive());
  b.substep = s.quantity("substep", "h", "1 h", config::Range::positive());
  if (b.substep > b.period) s.fail("substep", "must not exceed 'period'");

  const config::Section lym = s.section("lymphocytes");
  for (int l = 0; l < kLineages; ++l) {
    b.lympho[static_cast<std::size_t>(l)] =
        read_lympho(lym.section(kLineageNames[static_cast<std::size_t>(l)]), l, b.patient, b.lymph_blood_share);
  }
  const config::Section plasma = lym.section("plasma_cells");
  b.plasma0 = plasma.quantity("count", "cells", config::Range::positive());
  b.plasma_death = rate_from_half_life(plasma, "half_life");
  b.plasma_from_memory = b.plasma_death * b.plasma0 / b.lympho[kB].count0[kMemory];

  const config::Section stem = s.section("stem_cells");
  StemCells& st = b.stem;
  st.hsc0 = stem.quantity("hsc", "cells", config::Range::positive());
  st.hsc_renewal = stem.quantity("hsc_renewal", "1/d", config::Range::positive());
  st.progenitors0 = stem.quantity("progenitors", "cells", config::Range::positive());
  st.hsc_input_share = stem.number("hsc_input_share", config::Range::closed(0, 1));
  st.differentiation = stem.quantity("differentiation", "1/d", config::Range::positive());
  st.progenitor_cap = stem.quantity("progenitor_renewal_cap", "1/d", config::Range::positive());
  st.progenitor_feedback = stem.number("progenitor_feedback", config::Range::non_negative());
  st.blood_cd34_0 = blood_cells(stem, "blood_cd34", b.patient);
  st.homing = stem.quantity("homing", "1/d", config::Range::positive());
  st.gcsf_release = stem.number("gcsf_release", config::Range::non_negative());
  st.graft_hsc_share = stem.number("graft_hsc_share", config::Range::probability());
  st.graft_homing = stem.number("graft_homing", config::Range::probability());

  const config::Section chains = s.section("lineages");
  double draw_total = 0;
  for (const char* name : {"neutrophils", "monocytes", "platelets", "nk", "b_precursors"}) {
    ChainLineage c = read_chain(chains.section(name), name, b.patient);
    const double outflow = c.feeds_b_clones ? b.lympho[kB].marrow_output0 : steady_outflow(c);
    derive_chain(c, outflow, st.progenitors0, st.differentiation);
    draw_total += c.draw;
    b.chains.push_back(c);
  }
  st.output = st.hsc_input_share * draw_total * st.progenitors0 / st.hsc0;
  st.self_renewal0 = (1 - st.hsc_input_share) * draw_total;
  if (st.progenitor_cap < st.self_renewal0) {
    stem.fail("progenitor_renewal_cap", fmt::format("is below the baseline self-renewal {:.3g} 1/d",
                                                    st.self_renewal0 * kMinPerDay));
  }
  st.release = st.homing * st.blood_cd34_0 / st.progenitors0;

  const config::Section thy = s.section("thymus");
  b.thymus.early_decline = thy.quantity("early_decline", "1/y", config::Range::non_negative()) * kMinPerYear;
  b.thymus.late_decline = thy.quantity("late_decline", "1/y", config::Range::non_negative()) * kMinPerYear;
  b.thymus.middle_age = thy.quantity("middle_age", "y", config::Range::positive()) / kMinPerYear;
  b.thymus.il7_exponent = thy.number("il7_exponent", config::Range::non_negative());
  b.thymus.development_time = thy.quantity("development_time", "d", config::Range::positive());
  b.thymus.recovery_time = thy.quantity("recovery_time", "d", config::Range::positive());

  const config::Section cl = s.section("clones");
  Clones& c = b.clones;
  c.naive_rows = static_cast<int>(cl.integer("naive_rows", 24, 1, 100000));
  c.memory_rows_per_class = static_cast<int>(cl.integer("memory_rows_per_class", 2, 1, 1000));
  c.naive_clones = cl.number("naive_clones", config::Range::at_least(1));
  c.memory_min = cl.quantity("memory_min_size", "cells", config::Range::at_least(1));
  c.memory_max = cl.quantity("memory_max_size", "cells", config::Range::at_least(c.memory_min));
  c.size_exponent = cl.number("size_exponent", config::Range::closed(0.5, 4));
  c.myelin_naive_frequency = cl.number("myelin_naive_frequency", config::Range::probability());
  c.myelin_memory_clones = static_cast<int>(cl.integer("myelin_memory_clones", 20, 0, 100000));
  c.myelin_priming = cl.quantity("myelin_priming", "1/d", config::Range::non_negative());
  c.burst = cl.number("burst", config::Range::at_least(1));
  c.new_clone_size = cl.quantity("new_clone_size", "cells", config::Range::at_least(1));
  c.cohort_interval = cl.quantity("cohort_interval", "d", "14 d", config::Range::positive());
  c.switch_size = cl.integer("switch_size", 1000, 1, 1'000'000'000);
  c.sample_cells = cl.quantity("sample_cells", "cells", "1e5 cells", config::Range::at_least(1));

  const config::Section drugs = s.section("drugs");
  for (const std::string& name : drugs.keys()) b.drugs.push_back(read_drug(drugs.section(name), name, b.patient));
  auto drug_index = [&](const config::Section& sec) {
    const std::string name = sec.string("drug");
    for (std::size_t i = 0; i < b.drugs.size(); ++i) {
      if (b.drugs[i].pk.name == name) return static_cast<int>(i);
    }
    sec.fail("drug", fmt::format("no drug '{}' under body.drugs", name));
  };
  const config::Section eb = s.section("entry_block");
  if (eb.has("drug")) {
    b.entry_block.drug = drug_index(eb);
    b.entry_block.k_ro = eb.quantity("k_ro", "ug/mL", config::Range::positive());
  }
  const config::Section fn = s.section("risks").section("febrile_neutropenia");
  b.risks.fn_rate = fn.quantity("rate", "1/d", "0 1/d", config::Range::non_negative());
  b.risks.fn_below = fn.quantity("below", "1/L", "0.5e9 1/L", config::Range::non_negative());
  b.risks.fn_profound_below = fn.quantity("profound_below", "1/L", "0.1e9 1/L", config::Range::non_negative());
  b.risks.fn_profound_factor = fn.number("profound_factor", 0, config::Range::non_negative());
  read_risks(s.section("risks"), b, drug_index);
  const config::Section gm = s.section("gene_modified_graft");
  b.modified.share = gm.number("share", 0, config::Range::probability());
  b.modified.to_treg = gm.choice("myelin_clones", "deleted", {"deleted", "treg"}) == "treg";
  const config::Section gf = s.section("growth_factor");
  if (gf.has("drug")) {
    b.gcsf_drug = drug_index(gf);
    b.gcsf_ec50 = gf.quantity("ec50", "ng/mL", config::Range::positive());
  }
  return b;
}

}  // namespace msabm::body
