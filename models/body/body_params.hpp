#pragma once
// The body model's parameters, read once from the `body:` section (every key's unit and
// meaning is in configs/body/patient.yaml, with its source). Internal units: time min, volume
// um^3, mass kg, cells as plain numbers. Steady-state relations fix what no one measured
// directly (production, homeostatic division at baseline), so the untreated body stays at its
// configured blood counts; everything after treatment follows from the rates.
#include <array>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "models/body/pk.hpp"

namespace msabm::body {

struct Patient {
  double weight_kg = 70;  ///< patient.weight
  double bsa_m2 = 1.8;    ///< body surface area (Mosteller) from weight and patient.height
  double age_years = 35;  ///< patient.age at the start of the run
  bool female = true;     ///< patient.sex
  double blood_volume = 0;  ///< um^3: blood_volume (per kg) x weight
};

/// A marrow-derived lineage as a transit chain (Friberg 2002 J Clin Oncol 20:4713): a dividing
/// precursor pool fed by the progenitors and by its own division (feedback from the circulating
/// count), three post-mitotic transit pools, and a circulating pool.
struct ChainLineage {
  std::string name;
  double circulating0 = 0;   ///< cells in the circulating pool at baseline
  double blood_share = 1;    ///< share of the circulating pool that is in blood
  double transit_time = 0;   ///< MTT through precursor + 3 transit pools, min
  double loss = 0;           ///< per-capita loss from the circulating pool, 1/min
  double division = 0;       ///< per-capita division in the circulating pool at baseline, 1/min (NK)
  /// Circulating cells age through this many stages (an Erlang lifespan of mean 1 / loss; 1:
  /// exponential, for cells that die at random rather than of age).
  int lifespan_stages = 1;
  double fixed_consumption = 0;  ///< cells/min used whatever the count (platelets: haemostasis)
  double consumption_half = 0;   ///< pool at which that use is half its full rate, cells
  double progenitor_share = 0.5;  ///< share of precursor influx coming from the progenitors at baseline
  double feedback = 0.2;     ///< exponent gamma of (Circ0 / Circ)^gamma on precursor division
  double max_boost = 10;     ///< cap of that feedback factor
  bool feeds_b_clones = false;  ///< output becomes new naive B clones instead of a pool
  // G-CSF response (neutrophils): factors at full receptor occupancy.
  double gcsf_proliferation = 0;  ///< precursor division x (1 + this E_G)
  double gcsf_transit = 0;        ///< transit rate x (1 + this E_G)
  // Derived.
  double k_tr = 0;           ///< 4 / MTT
  double precursor0 = 0;     ///< each of the 4 marrow pools at baseline
  double k_prol = 0;         ///< precursor division at baseline
  double draw_share = 0.2;   ///< share of progenitor differentiation going to this lineage
  double draw = 0;           ///< progenitors leaving into this lineage, per progenitor, 1/min
  double amplification = 0;  ///< precursor cells made per progenitor drawn (derived)
};

/// Per-capita use of a chain's circulating pool beyond its lifespan (fixed consumption that
/// saturates as the pool empties), 1/min.
inline double consumption_rate(const ChainLineage& c, double pool) {
  return c.fixed_consumption > 0 ? c.fixed_consumption / (pool + c.consumption_half) : 0.0;
}
/// The circulating stages of a chain at steady state (they sum to circulating0).
std::vector<double> steady_stages(const ChainLineage& c);
/// Cells entering the circulating pool per min at steady state.
double steady_outflow(const ChainLineage& c);

/// States of a lymphocyte clone.
inline constexpr int kNaive = 0, kMemory = 1, kEffector = 2, kStates = 3;
inline constexpr int kCd4 = 0, kTreg = 1, kCd8 = 2, kB = 3, kLineages = 4;
inline constexpr std::array<const char*, kLineages> kLineageNames{"cd4", "treg", "cd8", "b"};
inline constexpr std::array<const char*, kStates> kStateNames{"naive", "memory", "effector"};

struct LymphoLineage {
  std::array<double, kStates> count0{};  ///< whole-body cells at baseline (blood / blood share)
  std::array<double, kStates> death{};   ///< per-capita loss, 1/min (ln 2 / half-life)
  std::array<double, kStates> division0{};  ///< baseline homeostatic division, 1/min (derived for T)
  std::array<double, kStates> division_cap{};  ///< cap under lymphopenia, 1/min
  double exponent = 1;      ///< nu: division x i^nu, i the IL-7-like index
  double activation = 0;    ///< naive -> memory (antigen and lymphopenia-driven), 1/min
  double lymphopenic_activation = 0;  ///< extra activation per unit of (i - 1)
  double effector_to_memory = 0;  ///< 1/min
  double reactivation = 0;  ///< memory -> effector, 1/min (derived)
  double thymic_share = 0;  ///< share of naive production from the thymus (T)
  double thymic_output0 = 0;  ///< cells/min at baseline (derived)
  double marrow_output0 = 0;  ///< cells/min at baseline (B, derived)
  double th17_share = 0;    ///< CD4: share of clones polarised to Th17 (rest Th1)
};

struct Clones {
  int naive_rows = 24;            ///< representative naive rows per lineage
  int memory_rows_per_class = 2;  ///< representatives per log2 size class of memory clones
  double naive_clones = 1e8;      ///< distinct naive clones per lineage (T) at baseline
  double memory_min = 10, memory_max = 1e7;  ///< memory clone sizes, cells
  double size_exponent = 2;       ///< frequency of clones of size s ~ s^-alpha
  double myelin_naive_frequency = 7e-7;  ///< share of naive clones that are myelin-reactive
  int myelin_memory_clones = 20;  ///< myelin-reactive memory CD4 clones of this patient
  double myelin_priming = 0;      ///< naive myelin-reactive -> effector, 1/min
  double burst = 10;              ///< effector cells per primed naive cell
  double new_clone_size = 10;     ///< cells per new thymic or marrow clone
  double cohort_interval = 0;     ///< new clones are gathered into rows this often, min
  std::int64_t switch_size = 1000;  ///< counts below this are stochastic
  double sample_cells = 1e5;  ///< memory CD4 cells sequenced per blood sample (clone overlap readout)
};

struct Thymus {
  double early_decline = 0.03;  ///< per year, until middle_age
  double late_decline = 0.01;   ///< per year, after
  double middle_age = 45;       ///< years
  double recovery_time = 0;     ///< tau of damage repair, min
  double il7_exponent = 0;      ///< output x i^this (IL-7-like index)
  double development_time = 0;  ///< thymocyte pool follows function x supply with this lag, min
};

struct StemCells {
  double hsc0 = 2e4;           ///< HSC at baseline (= niche capacity)
  double hsc_renewal = 0;      ///< lambda, 1/min
  double progenitors0 = 1e10;  ///< marrow CD34+ progenitors
  double hsc_input_share = 0.1;  ///< share of progenitor influx from HSC at baseline
  double differentiation = 0;  ///< progenitors leaving into the lineages, 1/min
  double progenitor_cap = 0;   ///< progenitor self-renewal cap, 1/min
  double progenitor_feedback = 1;  ///< exponent of (P0/P) on self-renewal
  double blood_cd34_0 = 0;     ///< CD34+ cells in blood at baseline
  double homing = 0;           ///< blood CD34 -> marrow, 1/min
  double gcsf_release = 0;     ///< release x (1 + this E_G)
  double graft_hsc_share = 1e-4;  ///< share of graft CD34+ cells that are long-term HSC
  double graft_homing = 1;        ///< share of reinfused CD34+ that home and engraft
  // Derived.
  double output = 0;           ///< progenitors made per HSC per min
  double self_renewal0 = 0;    ///< progenitor self-renewal at baseline, 1/min
  double release = 0;          ///< marrow -> blood, 1/min
};

/// A drug with its PK and its kills, by target name.
struct Drug {
  DrugSpec pk;
  std::vector<int> targets;      ///< kill target indices
  std::vector<KillSpec> kills;   ///< same order
};

/// Risks as hazards from the state; the first event of each is drawn and logged with its day.
struct Risks {
  double fn_rate = 0;         ///< febrile neutropenia hazard while ANC < fn_below, 1/min
  double fn_below = 0;        ///< cells/um^3
  double fn_profound_below = 0;  ///< cells/um^3
  double fn_profound_factor = 0;  ///< extra hazard x this while ANC < fn_profound_below
  double infection_rate = 0;   ///< viral reactivation / opportunistic infection while CD4 < infection_below, 1/min
  double infection_below = 0;  ///< blood CD4 T cells (Tregs included), cells/um^3
  double death_rate = 0;       ///< treatment-related death while ANC < death_below, 1/min
  double death_per_decade = 0; ///< extra per decade of age above death_age_from, 1/min
  double death_age_from = 0;   ///< years
  double death_below = 0;      ///< cells/um^3
  bool death_ends_run = true;  ///< a death ends the run (false: recorded, the body goes on)
  /// Organ toxicity of one drug's cumulative dose (kg of drug for this patient).
  struct Toxicity {
    std::string name;
    int drug = -1;
    double d50 = 0, width = 0;
  };
  std::vector<Toxicity> toxicities;
  bool infertility = false;
  std::vector<double> alkylator_weight;  ///< per drug: cyclophosphamide-equivalent per unit dose
  double infertility_reference = 0;  ///< cyclophosphamide-equivalent dose, kg for this patient
  double infertility_slope = 0;
  double infertility_age_50 = 0, infertility_age_width = 1;  ///< years, for this patient's sex
};

/// A natalizumab-like block of CNS entry: receptor occupancy C / (C + k_ro) of `drug`; the body
/// records 1 - occupancy as the factor on entry (applied by the tissue coupling).
struct EntryBlock {
  int drug = -1;
  double k_ro = 1;  ///< kg/um^3
};

/// A graft in which a share of the stem cells is engineered to present myelin antigen in a
/// tolerising way: new myelin-reactive thymic clones descending from them are deleted or become
/// Tregs.
struct GeneModifiedGraft {
  double share = 0;         ///< share of graft CD34+ cells modified
  bool to_treg = false;     ///< fate of their myelin-reactive thymic clones: Treg (true) or deleted
};

struct BodyParams {
  Patient patient;
  double lymph_blood_share = 0.02;
  double il7_reserve = 1;  ///< r = cT L0 / c0: i = (1 + r) / (1 + r L / L0)
  double cross_competition = 1;  ///< weight of CD8 in the CD4 niche and of CD4 in the CD8 niche
  double state_competition = 1;  ///< weight of memory cells in the naive niche and of naive cells in the memory niche
  StemCells stem;
  std::vector<ChainLineage> chains;  ///< neutrophils, monocytes, platelets, nk, b_precursors
  std::array<LymphoLineage, kLineages> lympho;
  double plasma0 = 0, plasma_death = 0, plasma_from_memory = 0;
  Thymus thymus;
  Clones clones;
  std::vector<Drug> drugs;
  int gcsf_drug = -1;        ///< index into drugs of the growth factor (-1: none)
  double gcsf_ec50 = 1;      ///< kg/um^3
  double period = 0, substep = 0;  ///< min
  Risks risks;
  EntryBlock entry_block;
  GeneModifiedGraft modified;
};

/// Kill targets: aggregate pools, then every lineage x state of the clone table.
inline constexpr int kHsc = 0, kProgenitors = 1, kNeutrophilPrecursors = 2, kMonocytePrecursors = 3,
                     kPlateletPrecursors = 4, kNkPrecursors = 5, kBPrecursors = 6, kNk = 7, kPlasma = 8,
                     kThymus = 9, kAggregateTargets = 10;
inline int clone_target(int lineage, int state) { return kAggregateTargets + lineage * kStates + state; }
inline constexpr int kTargets = kAggregateTargets + kLineages * kStates;
std::string target_name(int target);

/// Reads and validates `body:`; ConfigError at the offending key.
BodyParams read_body_params(const config::Section& s);

/// A dose written as "50 mg/kg", "2 g/m^2" or "300 mg", in kg of drug for this patient;
/// ConfigError for anything else (a bare number, a negative dose, another dimension).
double read_dose(const config::Section& s, std::string_view key, const Patient& p);

}  // namespace msabm::body
