#include "models/body/body_model.hpp"

#include <fmt/format.h>

#include "engine/core/period_config.hpp"
#include "engine/core/simulation.hpp"
#include "models/body/body_core.hpp"
#include "models/body/body_docs.hpp"

namespace msabm::body {

namespace {

constexpr const char* kProcessName = "body";
constexpr double kE9PerL = 1e9 / 1e15;  // 1e9/L in cells/um^3

class BodyStep final : public Process {
 public:
  explicit BodyStep(std::shared_ptr<BodyCore> core) : core_(std::move(core)) {}
  void run(const StepContext& ctx) override {
    const bool alive = core_->get(core_->bc().died) == 0;
    core_->advance(ctx.sim, ctx.time, ctx.dt, ctx.step);
    if (alive && core_->get(core_->bc().died) != 0 && core_->params().risks.death_ends_run) {
      ctx.sim.end_early(fmt::format("treatment-related death on day {:g}", core_->get(core_->bc().death_day)));
    }
  }
  [[nodiscard]] BodyCore& core() { return *core_; }

 private:
  std::shared_ptr<BodyCore> core_;
};

void add_readouts(Simulation& sim, const BodyCore& core) {
  const BodyCore* b = &core;
  const BodyColumns& bc = core.bc();
  const BodyParams& p = core.params();
  auto add = [&](const std::string& name, const std::string& units, std::function<double(const BodyCore&)> f) {
    sim.add_readout({name, units, [b, f](const Simulation&) { return f(*b); }});
  };
  auto lymph = [b](int l, int s) { return b->get(b->bc().totals[l][s]); };
  auto blood_e9 = [b](double whole_body) { return b->blood_lymph(whole_body) / kE9PerL; };
  const double v = p.patient.blood_volume;
  for (const char* name : {"neutrophils", "monocytes", "platelets", "nk"}) {
    std::size_t c = 0;
    while (p.chains[c].name != name) ++c;
    const std::size_t col = bc.chains[c].circulating;
    const double share = p.chains[c].blood_share;
    add(fmt::format("blood_{}_1e9_per_L", name), "1", [col, share, v](const BodyCore& x) {
      return x.get(col) * share / v / kE9PerL;
    });
  }
  for (int l = 0; l < kLineages; ++l) {
    for (int s = 0; s < kStates; ++s) {
      if (l == kB && s == kEffector) continue;
      add(fmt::format("blood_{}_{}_1e9_per_L", kLineageNames[l], kStateNames[s]), "1",
          [=](const BodyCore&) { return blood_e9(lymph(l, s)); });
    }
  }
  auto lineage_total = [lymph](int l) { return lymph(l, kNaive) + lymph(l, kMemory) + lymph(l, kEffector); };
  // CD4 counts include Tregs, as flow cytometry of CD4+ T cells does.
  auto cd4 = [=] { return lineage_total(kCd4) + lineage_total(kTreg); };
  add("blood_cd4_1e9_per_L", "1", [=](const BodyCore&) { return blood_e9(cd4()); });
  add("blood_cd8_1e9_per_L", "1", [=](const BodyCore&) { return blood_e9(lineage_total(kCd8)); });
  add("blood_treg_1e9_per_L", "1", [=](const BodyCore&) { return blood_e9(lineage_total(kTreg)); });
  add("blood_b_1e9_per_L", "1", [=](const BodyCore&) { return blood_e9(lineage_total(kB)); });
  add("blood_cd4_effector_th1_1e9_per_L", "1", [=](const BodyCore& x) { return blood_e9(x.get(x.bc().th1_effector)); });
  add("blood_cd4_effector_th17_1e9_per_L", "1", [=](const BodyCore& x) { return blood_e9(x.get(x.bc().th17_effector)); });
  add("blood_lymphocytes_1e9_per_L", "1", [=](const BodyCore& x) {
    return blood_e9(cd4() + lineage_total(kCd8) + lineage_total(kB)) +
           x.get(x.bc().chains[kNkChain].circulating) * x.params().chains[kNkChain].blood_share / v / kE9PerL;
  });
  add("cd4_cd8_ratio", "1", [=](const BodyCore&) { return cd4() / std::max(1.0, lineage_total(kCd8)); });
  add("cd4_naive_share", "1", [=](const BodyCore&) { return lymph(kCd4, kNaive) / std::max(1.0, lineage_total(kCd4)); });
  add("blood_cd34_per_uL", "1", [v](const BodyCore& x) { return x.get(x.bc().blood_cd34) / v * 1e9; });
  const std::vector<std::pair<std::string, std::size_t>> direct{
      {"marrow_hsc_cells", bc.hsc},
      {"marrow_progenitor_cells", bc.progenitors},
      {"plasma_cells", bc.plasma},
      {"thymus_function", bc.thymus},
      {"thymic_output_cells_per_day", bc.thymic_output},
      {"il7_index", bc.il7_index},
      {"naive_niche_index", bc.naive_niche_index},
      {"memory_niche_index", bc.memory_niche_index},
      {"neutrophil_engraftment_day", bc.neutrophil_day},
      {"platelet_engraftment_day", bc.platelet_day},
      {"days_neutropenic", bc.neutropenic_days},
      {"pre_treatment_share_memory_t", bc.pre_share},
      {"pre_treatment_cd4_clones_found", bc.clones_found},
      {"shannon_t", bc.shannon},
      {"clones_50pct_t", bc.clones50},
      {"richness_t", bc.richness},
      {"myelin_effector_cells", bc.myelin_effector},
      {"myelin_memory_cells", bc.myelin_memory},
      {"graft_t_cells_alive", bc.graft_t_alive},
      {"graft_cd34_per_kg", bc.graft_cd34_per_kg},
      {"graft_cd3_per_kg", bc.graft_t_per_kg},
      {"graft_cd19_per_kg", bc.graft_b_per_kg},
      {"entry_block_factor", bc.entry_block},
      {"febrile_neutropenia_day", bc.fn_day},
      {"febrile_neutropenia_hazard", bc.fn_hazard},
      {"infection_events", bc.infection_events},
      {"infection_first_day", bc.infection_day},
      {"infection_hazard", bc.infection_hazard},
      {"treatment_related_death", bc.died},
      {"treatment_related_death_day", bc.death_day},
      {"treatment_related_death_hazard", bc.death_hazard},
      {"infertility_probability", bc.infertility_probability},
      {"infertility", bc.infertile},
      {"new_myelin_clones", bc.new_myelin_clones},
      {"myelin_treg_clones", bc.myelin_treg_clones},
      {"marrow_progenitors_modified", bc.progenitors_modified},
  };
  for (std::size_t k = 0; k < p.risks.toxicities.size(); ++k) {
    const std::string& name = p.risks.toxicities[k].name;
    const std::size_t prob = bc.toxicity_probability[k], day = bc.toxicity_day[k];
    add(name + "_toxicity_probability", "1", [prob](const BodyCore& x) { return x.get(prob); });
    add(name + "_toxicity_day", "1", [day](const BodyCore& x) { return x.get(day); });
  }
  for (std::size_t i = 0; i < kRecoveryNames.size(); ++i) {
    const std::size_t c = bc.recovery_day[i];
    add(fmt::format("{}_recovery_day", kRecoveryNames[i]), "1", [c](const BodyCore& x) { return x.get(c); });
  }
  for (const auto& [name, col] : direct) {
    const std::size_t c = col;
    add(name, "1", [c](const BodyCore& x) { return x.get(c); });
  }
  for (std::size_t d = 0; d < p.drugs.size(); ++d) {
    const int drug = static_cast<int>(d);
    sim.add_readout({fmt::format("conc_{}_mg_per_L", p.drugs[d].pk.name), "1", [b, drug](const Simulation& s) {
                       return b->concentration_of(drug, s.time()) * 1e15 * 1e6;  // kg/um^3 -> mg/L
                     }});
  }
}

class BodyModel final : public Model {
 public:
  BodyModel(const config::Section& s, Simulation& sim)
      : section_(s), core_(std::make_shared<BodyCore>(read_body_params(s), sim)) {}
  void install(Simulation& sim) override {
    sim.scheduler().add_process(kProcessName, Phase::Systemic,
                                period_ticks(sim, section_, "period", core_->params().period),
                                std::make_unique<BodyStep>(core_));
    add_readouts(sim, *core_);
  }

 private:
  config::Section section_;
  std::shared_ptr<BodyCore> core_;
};

BodyCore& body_for_action(const config::Section& e, Simulation& sim) {
  BodyCore* core = find_body(sim);
  if (core == nullptr) e.fail("action", "needs the body model: add a `body:` section");
  return *core;
}

int drug_named(const config::Section& e, const BodyCore& core) {
  const std::string name = e.string("drug");
  const auto& drugs = core.params().drugs;
  std::string known;
  for (std::size_t i = 0; i < drugs.size(); ++i) {
    if (drugs[i].pk.name == name) return static_cast<int>(i);
    known += (known.empty() ? "" : ", ") + drugs[i].pk.name;
  }
  e.fail("drug", fmt::format("no PK parameters for drug '{}' under body.drugs (defined: {})", name,
                             known.empty() ? "none" : known));
}

std::function<void(Simulation&)> give_drug_action(const config::Section& e, Simulation& sim) {
  BodyCore* core = &body_for_action(e, sim);
  const int drug = drug_named(e, *core);
  const Patient& patient = core->params().patient;
  double amount = 0, infusion = 0;
  if (e.has("dose") == e.has("dose_rate")) e.fail("dose", "give exactly one of 'dose' and 'dose_rate'");
  if (e.has("dose")) {
    amount = read_dose(e, "dose", patient);
    infusion = e.quantity("infusion", "min", "0 min", config::Range::non_negative());
  } else {
    // A continuous rate per body weight ("5 ug/kg/d") over `over`: one zero-order infusion.
    const units::WrittenQuantity q = e.node("dose_rate").measure();
    const units::Quantity unit = units::parse_unit(q.unit.empty() ? "1" : q.unit);
    if (q.unit.find("g/") == std::string::npos || !(unit.dimension == units::Dimension{0, -1, 0, 0})) {
      e.fail("dose_rate", fmt::format("'{} {}' is not a dose rate per body weight such as '5 ug/kg/d'", q.number, q.unit));
    }
    if (!(q.number > 0)) e.fail("dose_rate", "a dose rate must be positive");
    infusion = e.quantity("over", "d", config::Range::positive());
    amount = q.number * unit.value * patient.weight_kg * infusion;
  }
  const auto count = static_cast<int>(e.integer("doses", 1, 1, 10000));
  const double interval = count > 1 ? e.quantity("interval", "h", config::Range::positive()) : 0.0;
  if (count > 1 && interval < infusion) e.fail("interval", "is shorter than the infusion");
  return [core, drug, infusion, amount, count, interval](Simulation& s) {
    core->add_doses(drug, s.time(), infusion, amount, count, interval);
  };
}

std::function<void(Simulation&)> apheresis_action(const config::Section& e, Simulation& sim) {
  BodyCore* core = &body_for_action(e, sim);
  const double volume = e.quantity("volume_processed", "L", config::Range::positive());
  const double ce = e.number("cd34_collection_efficiency", config::Range::probability());
  const double recruitment = e.number("recruitment", 1, config::Range::at_least(1));
  const double lce = e.number("lymphocyte_collection_efficiency", config::Range::probability());
  return [core, volume, ce, recruitment, lce](Simulation& s) { core->apheresis(s, volume, ce, recruitment, lce); };
}

std::function<void(Simulation&)> cd34_selection_action(const config::Section& e, Simulation& sim) {
  BodyCore* core = &body_for_action(e, sim);
  const double recovery = e.number("cd34_recovery", config::Range::probability());
  const double t_log = e.number("t_cell_log_depletion", config::Range::closed(0, 10));
  const double b_log = e.number("b_cell_log_depletion", config::Range::closed(0, 10));
  return [core, recovery, t_log, b_log](Simulation& s) { core->select_cd34(s, recovery, t_log, b_log); };
}

std::function<void(Simulation&)> reinfuse_action(const config::Section& e, Simulation& sim) {
  BodyCore* core = &body_for_action(e, sim);
  // Optional: infuse only the share of the product that holds this CD34+ dose ("2e6 1/kg").
  const double dose = e.has("cd34_dose") ? e.quantity("cd34_dose", "1/kg", config::Range::positive()) : 0.0;
  return [core, dose](Simulation& s) { core->reinfuse(s, dose); };
}

}  // namespace

BodyCore* find_body(Simulation& sim) {
  const Scheduler::Entry* entry = sim.scheduler().find(kProcessName);
  if (entry == nullptr) return nullptr;
  auto* step = dynamic_cast<BodyStep*>(entry->process.get());
  return step == nullptr ? nullptr : &step->core();
}

void register_body_model(Registry& registry) {
  registry.add_systemic_model("body", [](const config::Section& s, Simulation& sim) {
    return std::make_unique<BodyModel>(s, sim);
  });
  registry.add_action("give_drug", give_drug_action);
  registry.add_action("apheresis", apheresis_action);
  registry.add_action("cd34_selection", cd34_selection_action);
  registry.add_action("reinfuse", reinfuse_action);
  register_body_docs(registry);
}

}  // namespace msabm::body
