// Harvest, manipulation and return of the graft: apheresis, CD34 selection, reinfusion.
#include <algorithm>
#include <cmath>

#include "engine/core/random_counts.hpp"
#include "models/body/body_core.hpp"

namespace msabm::body {

namespace {
/// Graft content per kg: CD34+ (bag), T and B cells (clone bag columns).
void record_graft(BodyCore& b, const BodyColumns& bc, const CloneColumns& cc, double weight_kg) {
  const SystemicTable& t = b.clones();
  double tcells = 0, bcells = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    double n = 0;
    for (int s = 0; s < kStates; ++s) n += static_cast<double>(t.counts(cc.bag[s])[r]);
    (t.counts(cc.lineage)[r] == kB ? bcells : tcells) += n;
  }
  b.put(bc.graft_cd34_per_kg, b.get(bc.bag_cd34) / weight_kg);
  b.put(bc.graft_t_per_kg, tcells / weight_kg);
  b.put(bc.graft_b_per_kg, bcells / weight_kg);
}
}  // namespace

void BodyCore::apheresis(const Simulation& sim, double volume, double cd34_efficiency, double recruitment,
                         double lymphocyte_efficiency) {
  // Yield = collection efficiency x recruitment x volume processed x blood CD34 concentration
  // (the marrow keeps releasing cells while blood is processed).
  const double v_blood = p_.patient.blood_volume;
  const double yield = cd34_efficiency * recruitment * volume * get(bc_.blood_cd34) / v_blood;
  const double from_blood = std::min(yield, get(bc_.blood_cd34));
  const double from_marrow = std::min(yield - from_blood, get(bc_.progenitors));
  put(bc_.blood_cd34, get(bc_.blood_cd34) - from_blood);
  put(bc_.progenitors, get(bc_.progenitors) - from_marrow);
  put(bc_.bag_cd34, get(bc_.bag_cd34) + from_blood + from_marrow);
  // Lymphocytes of every clone in the blood that passes through the machine.
  const double share = std::min(1.0, lymphocyte_efficiency * volume / v_blood * p_.lymph_blood_share);
  SystemicTable& t = *clones_;
  const auto keys = t.keys();
  for (std::size_t r = 0; r < t.rows(); ++r) {
    RandomStream rs = action_rng_.stream(keys[r], static_cast<std::uint64_t>(sim.tick()));
    for (int s = 0; s < kStates; ++s) {
      const std::int64_t taken = binomial(rs, t.counts(cc_.cells[s])[r], share);
      t.counts(cc_.cells[s])[r] -= taken;
      t.counts(cc_.bag[s])[r] += taken;
    }
  }
  record_graft(*this, bc_, cc_, p_.patient.weight_kg);
  summarize();
}

void BodyCore::select_cd34(const Simulation& sim, double cd34_recovery, double t_log_depletion,
                           double b_log_depletion) {
  put(bc_.bag_cd34, get(bc_.bag_cd34) * cd34_recovery);
  SystemicTable& t = *clones_;
  const auto keys = t.keys();
  const double keep_t = std::pow(10.0, -t_log_depletion), keep_b = std::pow(10.0, -b_log_depletion);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    RandomStream rs = action_rng_.stream(keys[r], static_cast<std::uint64_t>(sim.tick()) + (1ull << 40));
    const double keep = t.counts(cc_.lineage)[r] == kB ? keep_b : keep_t;
    for (int s = 0; s < kStates; ++s) t.counts(cc_.bag[s])[r] = binomial(rs, t.counts(cc_.bag[s])[r], keep);
  }
  record_graft(*this, bc_, cc_, p_.patient.weight_kg);
}

void BodyCore::reinfuse(const Simulation& sim, double cd34_dose_per_kg) {
  // The whole bag, or the share of it that holds the requested CD34+ dose (the rest stays frozen).
  const double bag = get(bc_.bag_cd34);
  const double share = cd34_dose_per_kg > 0 && bag > 0 ? std::min(1.0, cd34_dose_per_kg * p_.patient.weight_kg / bag) : 1.0;
  const double homed = bag * share * p_.stem.graft_homing;
  put(bc_.hsc, get(bc_.hsc) + homed * p_.stem.graft_hsc_share);
  put(bc_.progenitors, get(bc_.progenitors) + homed * (1 - p_.stem.graft_hsc_share));
  const double modified = homed * p_.modified.share;
  put(bc_.hsc_modified, get(bc_.hsc_modified) + modified * p_.stem.graft_hsc_share);
  put(bc_.progenitors_modified, get(bc_.progenitors_modified) + modified * (1 - p_.stem.graft_hsc_share));
  put(bc_.bag_cd34, bag * (1 - share));
  SystemicTable& t = *clones_;
  const auto keys = t.keys();
  for (std::size_t r = 0; r < t.rows(); ++r) {
    RandomStream rs = action_rng_.stream(keys[r], static_cast<std::uint64_t>(sim.tick()) + (2ull << 40));
    std::int64_t returned = 0;
    for (int s = 0; s < kStates; ++s) {
      const std::int64_t given = share < 1 ? binomial(rs, t.counts(cc_.bag[s])[r], share) : t.counts(cc_.bag[s])[r];
      returned += given;
      t.counts(cc_.cells[s])[r] += given;
      t.counts(cc_.bag[s])[r] -= given;
    }
    if (t.counts(cc_.lineage)[r] != kB) t.counts(cc_.graft_alive)[r] += returned;
  }
  // The graft readouts now describe what was given.
  put(bc_.graft_cd34_per_kg, get(bc_.graft_cd34_per_kg) * share);
  put(bc_.graft_t_per_kg, get(bc_.graft_t_per_kg) * share);
  put(bc_.graft_b_per_kg, get(bc_.graft_b_per_kg) * share);
  summarize();
}

}  // namespace msabm::body
