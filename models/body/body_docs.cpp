// What `msabm describe` says about the body model and the treatment actions. The body's keys are
// read from the shipped patient (kPatientYaml) with a course that uses every action's keys.
// `*` in a key stands for any of the fixed names there (the lineages, the lymphocyte kinds).
#include "models/body/body_docs.hpp"

#include <string>

namespace msabm::body {

namespace {

constexpr const char* kCourse = R"(
protocol:
  - {at: "-45 d", action: give_drug, drug: cyclophosphamide, dose: "2 g/m^2", infusion: "2 h"}
  - {at: "-40 d", action: give_drug, drug: filgrastim, dose: "10 ug/kg", doses: 6, interval: "24 h"}
  - {at: "-30 d", action: give_drug, drug: filgrastim, dose_rate: "5 ug/kg*d", over: "5 d"}
  - {at: "-35 d", action: apheresis, volume_processed: "20 L", cd34_collection_efficiency: 0.5, recruitment: 1.4,
     lymphocyte_collection_efficiency: 0.5}
  - {at: "-20 d", action: cd34_selection, cd34_recovery: 0.65, t_cell_log_depletion: 3.7, b_cell_log_depletion: 2.8}
  - {at: "0 d", action: reinfuse, cd34_dose: "2e6 1/kg"}
readouts:
  first_clone_memory: {model: table_total, table: clones, column: memory, key: 1}
)";

ModelDoc body_doc() {
  return {
      "the whole-body immune system (marrow, thymus, blood, lymphoid tissue, clones) and the drugs and grafts of aHSCT",
      {
          {"period", "the body's step (pools and clones advance once per period)"},
          {"substep", "sub-step of the cell pools within a period"},
          {"patient.weight", "body weight (doses per kg, volumes per kg)"},
          {"patient.height", "height (body surface, Mosteller, for doses per m^2)"},
          {"patient.age", "age at the start (thymic decline, risks)"},
          {"patient.sex", "female or male (infertility)"},
          {"blood_volume", "blood volume per body weight"},
          {"lymphocyte_blood_share", "share of the body's lymphocytes that are in blood"},
          {"il7_reserve", "r of the IL-7-like index i = (1 + r) / (1 + r L / L0) that drives homeostatic division"},
          {"cross_competition", "weight of CD8 cells in the CD4 niche and of CD4 in the CD8 niche"},
          {"state_competition", "weight of memory cells in the naive niche and of naive cells in the memory niche"},
          {"stem_cells.hsc", "haematopoietic stem cells at baseline (the niche's capacity)"},
          {"stem_cells.hsc_renewal", "HSC self-renewal rate (logistic in the niche)"},
          {"stem_cells.progenitors", "marrow CD34+ progenitors at baseline"},
          {"stem_cells.hsc_input_share", "share of the progenitors' influx made by HSC at baseline"},
          {"stem_cells.differentiation", "rate at which progenitors leave into the lineages"},
          {"stem_cells.progenitor_renewal_cap", "cap of progenitor self-renewal when the marrow is empty"},
          {"stem_cells.progenitor_feedback", "exponent of (P0 / P) on progenitor self-renewal"},
          {"stem_cells.blood_cd34", "CD34+ cells in blood at baseline"},
          {"stem_cells.homing", "rate at which blood CD34+ cells home to the marrow"},
          {"stem_cells.gcsf_release", "release of CD34+ into blood x (1 + this x G-CSF effect)"},
          {"stem_cells.graft_hsc_share", "share of graft CD34+ cells that are long-term HSC"},
          {"stem_cells.graft_homing", "share of reinfused CD34+ cells that home and engraft"},
          {"growth_factor.drug", "the drug acting as G-CSF (optional)"},
          {"growth_factor.ec50", "its concentration of half effect"},
          {"lineages.*.progenitor_draw_share", "share of progenitor differentiation going to this lineage"},
          {"lineages.*.blood", "blood count at baseline"},
          {"lineages.*.blood_share", "share of the circulating pool that is in blood"},
          {"lineages.*.transit_time", "mean transit time through the precursor and three transit pools"},
          {"lineages.*.loss", "per-capita loss from the circulating pool (1 / mean lifespan)"},
          {"lineages.*.lifespan_stages", "ageing stages of circulating cells: an Erlang lifespan; 1 dies at random"},
          {"lineages.*.fixed_consumption.rate", "cells used per day whatever the count (platelets: haemostasis)"},
          {"lineages.*.fixed_consumption.half_saturation", "count at which that use is half its full rate"},
          {"lineages.*.division", "per-capita division in the circulating pool at baseline (NK)"},
          {"lineages.*.feedback", "exponent of (Circ0 / Circ) on precursor division"},
          {"lineages.*.progenitor_share", "share of the precursors' influx coming from progenitors at baseline"},
          {"lineages.*.max_boost", "cap of the feedback factor"},
          {"lineages.*.gcsf_proliferation", "precursor division x (1 + this x G-CSF effect)"},
          {"lineages.*.gcsf_transit", "transit rate x (1 + this x G-CSF effect)"},
          {"lymphocytes.plasma_cells.count", "plasma cells at baseline"},
          {"lymphocytes.plasma_cells.half_life", "plasma-cell half-life"},
          {"lymphocytes.*.naive.blood", "blood count of naive cells at baseline"},
          {"lymphocytes.*.naive.half_life", "half-life of naive cells"},
          {"lymphocytes.*.naive.division", "homeostatic division of naive B cells at baseline"},
          {"lymphocytes.*.naive.division_cap", "cap of naive division under lymphopenia"},
          {"lymphocytes.*.memory.blood", "blood count of memory cells at baseline"},
          {"lymphocytes.*.memory.half_life", "half-life of memory cells"},
          {"lymphocytes.*.memory.division", "homeostatic division of memory B cells at baseline"},
          {"lymphocytes.*.memory.division_cap", "cap of memory division under lymphopenia"},
          {"lymphocytes.*.effector.share_of_memory", "effector cells at baseline, as a share of memory"},
          {"lymphocytes.*.effector.half_life", "half-life of effector cells"},
          {"lymphocytes.*.effector.to_memory", "rate at which effectors return to memory"},
          {"lymphocytes.*.activation", "naive -> memory activation rate"},
          {"lymphocytes.*.lymphopenic_activation", "extra activation per unit of (i - 1), i the IL-7-like index"},
          {"lymphocytes.*.homeostasis_exponent", "nu: homeostatic division x i^nu"},
          {"lymphocytes.*.thymic_share", "share of naive production that comes from the thymus at baseline"},
          {"lymphocytes.*.th17_share", "share of CD4 clones polarised to Th17 (the rest Th1)"},
          {"thymus.early_decline", "yearly decline of thymic output until middle_age"},
          {"thymus.late_decline", "yearly decline after middle_age"},
          {"thymus.middle_age", "age at which the decline slows"},
          {"thymus.il7_exponent", "thymic output x i^this (IL-7-like index)"},
          {"thymus.development_time", "lag of thymocytes behind the marrow's progenitor supply"},
          {"thymus.recovery_time", "time constant of repair of thymic damage"},
          {"clones.naive_rows", "rows standing for the naive clones of each lineage"},
          {"clones.memory_rows_per_class", "rows per log2 size class of memory clones"},
          {"clones.naive_clones", "distinct naive clones per T lineage at baseline"},
          {"clones.memory_min_size", "smallest memory clone"},
          {"clones.memory_max_size", "largest memory clone"},
          {"clones.size_exponent", "memory clones of size s occur with frequency ~ s^-this"},
          {"clones.myelin_naive_frequency", "share of naive clones that are myelin-reactive"},
          {"clones.myelin_memory_clones", "myelin-reactive memory CD4 clones of this patient"},
          {"clones.myelin_priming", "rate at which naive myelin-reactive cells are primed into effectors"},
          {"clones.burst", "effector cells per primed naive cell"},
          {"clones.new_clone_size", "cells of a new thymic or marrow clone"},
          {"clones.cohort_interval", "new clones are gathered into one row per lineage this often"},
          {"clones.switch_size", "counts below this are drawn at random, larger ones take expected values"},
          {"clones.sample_cells", "memory CD4 cells sequenced per blood sample for the clone-overlap readout"},
          {"drugs.<name>.half_life", "elimination half-life (one compartment)"},
          {"drugs.<name>.volume", "volume of distribution, per body weight ('0.7 L/kg') or absolute ('5 L')"},
          {"drugs.<name>.kill.<name>.emax", "most kill rate of this population (or group: t_cells, cd4, treg, cd8, b_cells)"},
          {"drugs.<name>.kill.<name>.ec50", "concentration of half the most kill"},
          {"drugs.<name>.kill.<name>.hill", "Hill coefficient of the kill"},
          {"entry_block.drug", "drug blocking CNS entry (natalizumab-like; optional)"},
          {"entry_block.k_ro", "its concentration of half receptor occupancy"},
          {"risks.febrile_neutropenia.rate", "hazard of febrile neutropenia while neutrophils are low", "no febrile neutropenia"},
          {"risks.febrile_neutropenia.below", "neutrophil count below which the hazard applies"},
          {"risks.febrile_neutropenia.profound_below", "neutrophil count below which it is raised"},
          {"risks.febrile_neutropenia.profound_factor", "extra hazard x this below profound_below"},
          {"risks.infection.rate", "rate of infections while CD4 T cells are low", "no infections"},
          {"risks.infection.cd4_below", "blood CD4 count below which infections occur"},
          {"risks.death.rate", "hazard of treatment-related death during neutropenia", "no treatment-related death"},
          {"risks.death.per_decade", "extra hazard per decade of age above age_from"},
          {"risks.death.age_from", "age from which the hazard rises"},
          {"risks.death.anc_below", "neutrophil count below which the hazard applies"},
          {"risks.death.ends_run", "a death ends the run (false: recorded, the body goes on)"},
          {"risks.organ_toxicity.<name>.drug", "drug whose cumulative dose causes this toxicity"},
          {"risks.organ_toxicity.<name>.d50", "cumulative dose of 50 % probability"},
          {"risks.organ_toxicity.<name>.width", "width of the logistic dose-response"},
          {"risks.infertility.alkylator_equivalents.<name>", "weight of this drug's dose in the alkylator exposure"},
          {"risks.infertility.exposure_reference", "exposure at which the age curve applies"},
          {"risks.infertility.exposure_slope", "shift of the logit per ln(exposure / reference)"},
          {"risks.infertility.*.age_50", "age of 50 % infertility at the reference exposure (female, male)"},
          {"risks.infertility.*.age_width", "width of the logistic in age"},
          {"gene_modified_graft.share", "share of the graft's CD34+ cells engineered to tolerise myelin clones"},
          {"gene_modified_graft.myelin_clones", "what modified cells make of new myelin-reactive clones: treg or deleted"},
      },
      {std::string(kPatientYaml) + kCourse}};
}

ModelDoc give_drug_doc() {
  return {"gives a drug of body.drugs: doses, or a constant rate over a time",
          {{"drug", "the drug"},
           {"dose", "one dose (this or dose_rate): per body weight ('50 mg/kg'), per body surface ('2 g/m^2') or an amount ('300 mg')"},
           {"infusion", "infusion time of each dose (0: a bolus)"},
           {"dose_rate", "instead of dose: a rate per body weight ('5 ug/kg*d')"},
           {"over", "with dose_rate: how long it runs"},
           {"doses", "number of doses"},
           {"interval", "time between doses (with doses > 1)"}}};
}

ModelDoc apheresis_doc() {
  return {"collects CD34+ cells and lymphocytes from blood into the graft bag",
          {{"volume_processed", "blood volume processed"},
           {"cd34_collection_efficiency", "share of the processed CD34+ cells collected"},
           {"recruitment", "factor for CD34+ cells recruited into blood during the procedure"},
           {"lymphocyte_collection_efficiency", "share of the processed lymphocytes collected"}}};
}

ModelDoc cd34_selection_doc() {
  return {"CD34 selection of the graft bag",
          {{"cd34_recovery", "share of CD34+ cells kept"},
           {"t_cell_log_depletion", "log10 depletion of T cells"},
           {"b_cell_log_depletion", "log10 depletion of B cells"}}};
}

ModelDoc reinfuse_doc() {
  return {"returns the graft bag: CD34+ cells home to the marrow, lymphocytes to their clones",
          {{"cd34_dose", "infuse only the share of the product holding this CD34+ dose per kg (absent: all)"}}};
}

}  // namespace

void register_body_docs(Registry& registry) {
  registry.document(ModelSlot::Systemic, "body", body_doc());
  registry.document(ModelSlot::Action, "give_drug", give_drug_doc());
  registry.document(ModelSlot::Action, "apheresis", apheresis_doc());
  registry.document(ModelSlot::Action, "cd34_selection", cd34_selection_doc());
  registry.document(ModelSlot::Action, "reinfuse", reinfuse_doc());
}

}  // namespace msabm::body
