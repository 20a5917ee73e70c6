#pragma once
// The body model's state and dynamics. All state lives in three systemic tables, so it is
// checkpointed, hashed, written to /series and listed by `msabm info` with no code here:
//   body    one row; a column per aggregate pool ("marrow.hsc", "blood.neutrophils"), the graft
//           bag, engraftment bookkeeping and per-step summaries of the clone table
//   clones  one row per represented clone: lineage, origin, myelin reactivity, polarisation,
//           weight (how many real clones the row stands for), cells per state (of all the
//           clones the row stands for), cells in the graft bag, reinfused cells still alive
//   doses   one row per drug administration: drug, start, infusion length, amount
// Processes and actions read and write them; nothing else is kept between steps.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/simulation.hpp"
#include "models/body/body_params.hpp"

namespace msabm::body {

/// Columns of the clone table.
struct CloneColumns {
  std::size_t lineage, origin, myelin, polarization, born, weight;
  std::array<std::size_t, kStates> cells, bag;
  std::size_t graft_alive;
  std::size_t before;  ///< memory + effector cells when the pre-treatment sample was taken (CD4)
};
inline constexpr int kPreTreatment = 0, kNewThymic = 1, kNewMarrow = 2;  ///< clone origins
inline constexpr int kNone = 0, kTh1 = 1, kTh17 = 2;  ///< CD4 polarisation

/// Columns of the body table (row 0).
struct BodyColumns {
  std::size_t hsc, progenitors, blood_cd34, plasma, thymus, thymocytes, bag_cd34;
  std::size_t hsc_modified, progenitors_modified;  ///< gene-modified graft cells among them
  struct Chain {
    std::size_t precursors, transit[3], circulating;  ///< circulating: all stages together
    std::vector<std::size_t> stages;  ///< circulating cells by age (just `circulating` when one stage)
  };
  std::vector<Chain> chains;
  std::array<std::size_t, kLineages> pending;  ///< new naive cells waiting to form clone rows
  std::size_t next_cohort;                     ///< time the open cohort rows close, min since start
  std::array<std::size_t, kLineages> open_row;  ///< key of the row receiving new clones (0: none)
  std::size_t graft_cd34_per_kg, graft_t_per_kg, graft_b_per_kg;
  std::size_t neutrophil_day, platelet_day, neutropenic, thrombocytopenic, neutropenic_days;
  /// Recovery: the first day after day 0 on which a population is back within 20 % of its
  /// pre-treatment level, after it fell below that (-1: not yet).
  std::array<std::size_t, 6> recovery_day, recovery_low;
  // Summaries of the clone table, refreshed after every step and action.
  std::array<std::array<std::size_t, kStates>, kLineages> totals;
  std::size_t th1_effector, th17_effector, myelin_effector, myelin_memory, pre_share, shannon, clones50, richness,
      graft_t_alive, il7_index, naive_niche_index, memory_niche_index, thymic_output, entry_block;
  std::size_t fn_hazard, fn_day;  ///< cumulative febrile-neutropenia hazard; day of the first event (-1: none)
  std::size_t infection_hazard, infection_events, infection_day;  ///< lymphopenic infections: integral, count, first day
  std::size_t death_hazard, died, death_day;  ///< treatment-related death: integral, 0/1, day
  std::vector<std::size_t> toxicity_probability, toxicity_day;  ///< per Risks::toxicities
  std::size_t infertility_probability, infertile;
  std::size_t new_myelin_clones, myelin_treg_clones;
  /// Clone overlap with the pre-treatment sample: sampled (0/1), memory + effector CD4 cells
  /// then, and the share of the clones found in it that a sample of the same size finds now.
  std::size_t sampled, sampled_total, clones_found;  ///< new myelin-reactive thymic clones: conventional, Treg
};

/// Populations whose recovery is tracked (BodyColumns::recovery_day).
inline constexpr std::array<const char*, 6> kRecoveryNames{"neutrophils", "monocytes", "nk", "b", "cd4", "cd8"};

/// Chain indices in BodyParams::chains.
inline constexpr int kNeutrophils = 0, kMonocytes = 1, kPlatelets = 2, kNkChain = 3, kBChain = 4;

class BodyCore {
 public:
  BodyCore(BodyParams params, Simulation& sim);

  [[nodiscard]] const BodyParams& params() const { return p_; }
  [[nodiscard]] SystemicTable& body() { return *body_; }
  [[nodiscard]] const SystemicTable& body() const { return *body_; }
  [[nodiscard]] SystemicTable& clones() { return *clones_; }
  [[nodiscard]] const SystemicTable& clones() const { return *clones_; }
  [[nodiscard]] const BodyColumns& bc() const { return bc_; }
  [[nodiscard]] const CloneColumns& cc() const { return cc_; }
  [[nodiscard]] double get(std::size_t column) const { return body_->amounts(column)[0]; }
  void put(std::size_t column, double v) { body_->amounts(column)[0] = v; }

  /// Advances the body over [t, t + dt] (min since the start); `step` keys the random draws.
  void advance(const Simulation& sim, double t, double dt, std::int64_t step);

  // Treatment (protocol actions).
  void add_doses(int drug, double start, double duration, double amount, int count, double interval);
  /// Collects a graft: CD34+ cells and the lymphocytes of the blood processed.
  void apheresis(const Simulation& sim, double volume, double cd34_efficiency, double recruitment,
                 double lymphocyte_efficiency);
  /// CD34 selection of the bag: keeps `cd34_recovery` of CD34+, depletes T and B by log10 factors.
  void select_cd34(const Simulation& sim, double cd34_recovery, double t_log_depletion, double b_log_depletion);
  /// Returns the bag to the patient (all of it, or the share holding `cd34_dose_per_kg` CD34+
  /// cells per kg when positive): stem cells home to the marrow, lymphocytes to their clones.
  void reinfuse(const Simulation& sim, double cd34_dose_per_kg = 0);
  /// Records every CD4 clone's memory + effector cells as the pre-treatment blood sample (once:
  /// at the first treatment action).
  void sample_before_treatment();

  /// Doses of drug i (derived from the doses table).
  [[nodiscard]] std::vector<Dose> doses_of(int drug) const;
  /// Concentration of drug i at time t (min since start), kg/um^3.
  [[nodiscard]] double concentration_of(int drug, double t) const;

  /// Recomputes the summary columns from the clone table.
  void summarize();
  /// Blood concentration (cells / um^3) of whole-body lymphocytes.
  [[nodiscard]] double blood_lymph(double whole_body) const {
    return whole_body * p_.lymph_blood_share / p_.patient.blood_volume;
  }

 private:
  void initialize(const Simulation& sim);
  void add_initial_clones(int lineage, RandomStream& rs);
  std::size_t add_clone(int lineage, int origin, bool myelin, int polarization, double born, double weight);
  void advance_aggregates(double t, double dt, std::vector<double>& clone_hazard);
  void advance_clones(double dt, std::int64_t step, const std::vector<double>& hazard);
  void form_cohorts(const Simulation& sim, double t_end, std::int64_t step);
  void track_engraftment(const Simulation& sim, double t_end, double dt);
  void track_risks(const Simulation& sim, double t_end, double dt, std::int64_t step);
  void track_exposure_risks(const Simulation& sim, double t_end);
  /// Amount of drug i whose infusions had ended by t (kg).
  [[nodiscard]] double exposure_of(int drug, double t) const;
  /// Adds every drug's cumulative kill over [t0, t1] to hazard (per target).
  void add_kill_hazards(double t0, double t1, std::vector<double>& hazard) const;
  [[nodiscard]] double gcsf_effect(double t) const;
  [[nodiscard]] double homeostatic_index(double total, double baseline) const;
  [[nodiscard]] std::array<std::array<double, kStates>, kLineages> lineage_totals() const;
  /// The homeostatic index of each lineage's naive and memory niche from the current totals.
  [[nodiscard]] std::array<std::array<double, 2>, kLineages> niche_indices() const;
  /// The IL-7 index of a lineage's niche, naive and memory cells counted alike (drives
  /// lymphopenia-induced conversion).
  [[nodiscard]] double il7_index(int lineage) const;
  /// The homeostatic index of the naive T-cell niche as a whole (drives thymopoiesis).
  [[nodiscard]] double thymic_niche_index() const;

  BodyParams p_;
  SystemicTable* body_ = nullptr;
  SystemicTable* clones_ = nullptr;
  SystemicTable* doses_ = nullptr;
  BodyColumns bc_{};
  CloneColumns cc_{};
  std::size_t dose_drug_ = 0, dose_start_ = 0, dose_duration_ = 0, dose_amount_ = 0;
  CounterRng clone_rng_, cohort_rng_, action_rng_, risk_rng_;
};

}  // namespace msabm::body
