// Oligodendrocytes: static cells, each owning the myelin of the voxels within `territory` of it
// (several share a voxel; a voxel's myelin is supported by the share of its original owners
// still alive, see TissueState::support). Stress s relaxes toward the local drive
// min(1, h(TNF) + h(IFN-gamma) + h(antibody)) (Hill functions of coefficient `stress.hill`)
// with a time constant; the death hazard is
// baseline + stress_death x s + toxin (a parameter protocols may set, e.g. a toxin for some
// weeks). Cells born from OPCs are `new`: they remyelinate the bare axon length of their
// territory at `rate`, up to the axon length they can wrap, within a window, then mature.
#include <cmath>

#include <fmt/format.h>

#include "engine/core/simulation.hpp"
#include "models/tissue/cell_common.hpp"
#include "models/tissue/cell_kinds.hpp"
#include "models/tissue/oligodendrocyte.hpp"

namespace msabm::tissue {

namespace {

using config::Range;

struct OlParams {
  double territory = 30;          ///< um
  double stress_rate = 0;         ///< 1/min: 1 / time constant
  double tnf_ec50 = 1, ifng_ec50 = 1, antibody_ec50 = 1;
  double stressed_above = 0.5;
  double hill_n = 1;              ///< Hill coefficient of the cytokine drive
  double death_baseline = 0;      ///< 1/min
  double death_stress = 0;        ///< 1/min at s = 1
  double toxin = 0;               ///< 1/min (a parameter)
  double sheath_length = 0;       ///< um of axon a new cell wraps
  double remyelination_rate = 0;  ///< 1/min
  double window = 0;              ///< min
};

OlParams read_params(const config::Section& s, const TissueState& t) {
  OlParams p;
  p.territory = s.quantity("territory", "um", "30 um", Range::positive());
  const config::Section st = s.section("stress");
  p.stress_rate = 1.0 / st.quantity("time_constant", "min", "2 d", Range::positive());
  p.tnf_ec50 = read_level(st, "tnf_ec50", t, Signal::tnf, "0.05 molecules/um^3");
  p.ifng_ec50 = read_level(st, "ifng_ec50", t, Signal::ifng, "0.05 molecules/um^3");
  p.antibody_ec50 = read_level(st, "antibody_ec50", t, Signal::antibody, "1 molecules/um^3");
  p.stressed_above = st.number("stressed_above", 0.5, Range::probability());
  p.hill_n = st.number("hill", 1.0, Range{0.5, 8.0, false, false});
  const config::Section d = s.section("death");
  p.death_baseline = d.quantity("baseline", "1/min", "0 1/d", Range::non_negative());
  p.death_stress = d.quantity("stress", "1/min", "0 1/d", Range::non_negative());
  p.toxin = d.quantity("toxin", "1/min", "0 1/d", Range::non_negative());
  const config::Section r = s.section("remyelination");
  p.sheath_length = static_cast<double>(r.integer("internodes", 30, 0, 1000)) *
                    r.quantity("internode_length", "um", "100 um", Range::positive());
  p.remyelination_rate = r.quantity("rate", "1/min", "0.5 1/d", Range::non_negative());
  p.window = r.quantity("window", "min", "14 d", Range::positive());
  return p;
}

class OligodendrocyteProcess final : public Process {
 public:
  OligodendrocyteProcess(TissueState& t, AgentKind& kind, const OlParams& p, OlColumns c, ParameterHandle toxin,
                         CounterRng rng)
      : t_(t), kind_(kind), p_(p), c_(c), toxin_(toxin), rng_(rng) {}

  void run(const StepContext& ctx) override {
    const double toxin = ctx.sim.parameters().value(toxin_);
    const double p_relax = chance(p_.stress_rate, ctx.dt);
    const double p_remy = chance(p_.remyelination_rate, ctx.dt);
    auto stress = kind_.column(c_.stress);
    auto capacity = kind_.column(c_.capacity);
    auto born = kind_.column(c_.born);
    auto states = kind_.states();
    const auto voxels = kind_.voxels();
    const auto ids = kind_.ids();
    auto myelin = t_.array(t_.myelin);
    auto remyelin = t_.array(t_.remyelin);
    const auto axons = t_.array(t_.axons);
    const auto axons0 = t_.array(t_.axons0);
    bool died = false;
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_.is_marked_dead(i)) continue;
      const VoxelIndex v = voxels[i];
      const double drive = std::min(1.0, hill(t_.value(Signal::tnf, v), p_.tnf_ec50, p_.hill_n) +
                                             hill(t_.value(Signal::ifng, v), p_.ifng_ec50, p_.hill_n) +
                                             hill(t_.value(Signal::antibody, v), p_.antibody_ec50, p_.hill_n));
      const double s = stress[i] + (drive - stress[i]) * p_relax;
      stress[i] = static_cast<float>(s);
      if (rng_.uniform(ids[i], static_cast<std::uint64_t>(ctx.step)) <
          chance(p_.death_baseline + p_.death_stress * s + toxin, ctx.dt)) {
        kind_.mark_dead(i);
        died = true;
        continue;
      }
      if (states[i] <= kOlStressed) {
        states[i] = s > p_.stressed_above ? kOlStressed : kOlHealthy;
      } else if (states[i] == kOlNew) {
        // Wrap bare axons of the territory, nearest offsets first, until the capacity is used.
        double left = capacity[i];
        t_.for_territory(v, [&](VoxelIndex w) {
          if (left <= 0 || axons0[w] <= 0) return;
          const double bare = axons[w] / axons0[w] - myelin[w] - remyelin[w];
          if (bare <= 0) return;
          const double add = std::min(left, bare * p_remy);
          remyelin[w] += add;
          left -= add;
        });
        capacity[i] = static_cast<float>(left);
        if (left <= 1e-6 || ctx.time - born[i] >= p_.window) states[i] = kOlMatureNew;
      }
    }
    if (died) kind_.note_pending();
  }

 private:
  TissueState& t_;
  AgentKind& kind_;
  OlParams p_;
  OlColumns c_;
  ParameterHandle toxin_;
  CounterRng rng_;
};

class OligodendrocyteModel final : public KindModel {
 public:
  OligodendrocyteModel(const config::Section& s, Patch& patch, const std::string& name)
      : section_(s), tissue_(tissue_of(patch, s)), params_(read_params(s, tissue_)),
        kind_(add_cell_kind(patch, name, Mobility::Static, s)) {
    columns_.stress = kind_.declare<float>("stress", "1");
    columns_.capacity = kind_.declare<float>("capacity", "1");
    columns_.born = kind_.declare<float>("born", "min");
  }

  void install(Simulation& sim, Patch& patch) override {
    TissueState& t = tissue_;
    const double h = patch.lattice().voxel_size();
    // The territory is listed voxel by voxel and walked once per cell, so its cost grows with the
    // cube of its radius in voxels: "territory: 1e9 um" would loop for ages (and overflow the int).
    // Real territories span a few voxels; 50 lists a million offsets.
    constexpr double kMaxRadiusVoxels = 50;
    if (!(params_.territory / h <= kMaxRadiusVoxels)) {
      section_.fail("territory", fmt::format("{} um is more than {} voxels of {} um: a territory spans a few voxels",
                                             params_.territory, kMaxRadiusVoxels, h));
    }
    const int r = static_cast<int>(std::floor(params_.territory / h));
    t.territory.clear();
    for (int k = -r; k <= r; ++k) {
      for (int j = -r; j <= r; ++j) {
        for (int i = -r; i <= r; ++i) {
          if (std::sqrt(double(i * i + j * j + k * k)) * h <= params_.territory) t.territory.push_back({i, j, k});
        }
      }
    }
    std::stable_sort(t.territory.begin(), t.territory.end(), [](const auto& a, const auto& b) {
      return a[0] * a[0] + a[1] * a[1] + a[2] * a[2] < b[0] * b[0] + b[1] * b[1] + b[2] * b[2];
    });
    t.oligodendrocytes = &kind_;
    t.original_states = kOlNew;
    t.new_sheath_length = params_.sheath_length;
    const std::string purpose = patch.name() + "." + kind_.name();
    const ParameterHandle toxin = sim.parameters().declare(purpose + ".toxin", "1/min", params_.toxin);
    install_cell_kind(sim, t, kind_, section_, kOlStates, Phase::Population, 60,
                      std::make_unique<OligodendrocyteProcess>(t, kind_, params_, columns_, toxin,
                                                               sim.rng("tissue.decide." + purpose)),
                      kOlHealthy);
    // Each initial cell owns its territory's myelin.
    auto owners = t.array(t.owners0);
    for (VoxelIndex v : kind_.voxels()) t.for_territory(v, [&](VoxelIndex w) { owners[w] += 1.0; });
  }

 private:
  config::Section section_;
  TissueState& tissue_;
  OlParams params_;
  AgentKind& kind_;
  OlColumns columns_;
};

}  // namespace

std::size_t add_new_oligodendrocyte(TissueState& t, VoxelIndex v, double now) {
  AgentKind& kind = const_cast<AgentKind&>(*t.oligodendrocytes);
  const std::size_t i = kind.add(v, kOlNew);
  t.patch().occupancy().add(v, kind.volume());
  // What one cell can wrap, as a share of this voxel's axon length.
  const double h = t.patch().lattice().voxel_size();
  double per_voxel_axons = 0;
  const auto axons0 = t.array(t.axons0);
  t.for_territory(v, [&](VoxelIndex w) { per_voxel_axons = std::max(per_voxel_axons, axons0[w]); });
  const double capacity = per_voxel_axons > 0 ? t.new_sheath_length / (per_voxel_axons * h) : 0.0;
  kind.column(column_named<float>(kind, "capacity"))[i] = static_cast<float>(capacity);
  kind.column(column_named<float>(kind, "born"))[i] = static_cast<float>(now);
  return i;
}

void register_oligodendrocyte(Registry& registry) {
  registry.add_kind_model("oligodendrocyte", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<OligodendrocyteModel>(s, patch, name);
  });
}

}  // namespace msabm::tissue
