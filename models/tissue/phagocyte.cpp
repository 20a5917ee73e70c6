// Phagocytes: resident microglia and monocyte-derived macrophages (the same rules; macrophages
// enter from blood at venules, see entry.hpp, and die after their lifetime). States:
//   surveilling -> inflammatory   rate activation x max(h(debris nearby), h(IFN-gamma))
//   inflammatory -> repair        rate resolution x max(h(IL-10), load / capacity,
//                                 1 - max(h(debris nearby), h(IFN-gamma)))
//   repair -> inflammatory        rate activation x h(IFN-gamma)
//   repair -> surveilling         rate rest x (1 - h(debris nearby)), once the load is digested
// Inflammatory and repair cells take up debris from their voxel and its face neighbours (up to
// `uptake` per day, faster where antibody opsonises it, never beyond `capacity`), digest their
// load (first order) and present myelin antigen for `display` after each uptake. Activated cells
// divide where there is debris (rate x h(debris nearby)) while their voxel holds fewer than
// `max_per_voxel` of them.
#include <algorithm>
#include <cmath>

#include "engine/core/simulation.hpp"
#include "engine/core/voxel_map.hpp"
#include "models/tissue/cell_common.hpp"
#include "models/tissue/cell_kinds.hpp"
#include "models/tissue/entry.hpp"
#include "models/tissue/phagocyte.hpp"

namespace msabm::tissue {

namespace {

using config::Range;

struct PhagocyteParams {
  double activation = 0, debris_half = 0.05, ifng_ec50 = 1;
  double resolution = 0, il10_ec50 = 1;
  double rest = 0;
  double uptake = 0;        ///< voxel-units per min
  double surveilling_uptake = 0;  ///< share of `uptake` while surveilling
  double capacity = 0;      ///< voxel-units
  double digestion = 0;     ///< 1/min
  double opsonised = 1;     ///< uptake factor at saturating antibody
  double antibody_ec50 = 1;
  double display = 0;       ///< min
  double division = 0;      ///< 1/min, activated states
  int max_per_voxel = 4;
  double death = 0;         ///< 1/min
};

PhagocyteParams read_params(const config::Section& s, const TissueState& t) {
  PhagocyteParams p;
  const config::Section a = s.section("activation");
  p.activation = a.quantity("rate", "1/min", "0.5 1/h", Range::non_negative());
  p.debris_half = a.number("debris_half", 0.05, Range::positive());
  p.ifng_ec50 = read_level(a, "ifng_ec50", t, Signal::ifng, "0.05 molecules/um^3");
  const config::Section r = s.section("resolution");
  p.resolution = r.quantity("rate", "1/min", "0.5 1/d", Range::non_negative());
  p.il10_ec50 = read_level(r, "il10_ec50", t, Signal::il10, "0.05 molecules/um^3");
  p.rest = r.quantity("rest", "1/min", "0.2 1/d", Range::non_negative());
  const config::Section f = s.section("phagocytosis");
  const double unit = t.myelin_per_unit();  // um^3 of myelin per voxel-unit
  p.uptake = f.quantity("uptake", "um^3/min", "3000 um^3/d", Range::non_negative()) / unit;
  p.surveilling_uptake = f.number("surveilling_share", 0.1, Range::probability());
  p.capacity = f.quantity("capacity", "um^3", "8000 um^3", Range::positive()) / unit;
  p.digestion = std::log(2.0) / f.quantity("digestion_half_life", "min", "3 d", Range::positive());
  p.opsonised = f.number("opsonised_factor", 3.0, Range::at_least(1.0));
  p.antibody_ec50 = read_level(f, "antibody_ec50", t, Signal::antibody, "1 molecules/um^3");
  p.display = s.section("antigen").quantity("display", "min", "2 d", Range::non_negative());
  const config::Section d = s.section("division");
  p.division = d.quantity("rate", "1/min", "0 1/d", Range::non_negative());
  p.max_per_voxel = static_cast<int>(d.integer("max_per_voxel", 4, 1, 1000));
  p.death = s.section("death").quantity("rate", "1/min", "0 1/d", Range::non_negative());
  return p;
}

class PhagocyteProcess final : public Process {
 public:
  PhagocyteProcess(TissueState& t, AgentKind& kind, const PhagocyteParams& p, PhagocyteColumns c, CounterRng rng)
      : t_(t), kind_(kind), p_(p), c_(c), rng_(rng) {}

  void visit_state(StateVisitor& v) override { v.value("died", "cells", StateRole::ProcessState, died_); }

  void run(const StepContext& ctx) override {
    const Lattice& lattice = t_.patch().lattice();
    Occupancy& occupancy = t_.patch().occupancy();
    if (p_.division > 0) map_.build(kind_.voxels(), lattice.voxel_count());
    auto states = kind_.states();
    const auto voxels = kind_.voxels();
    const auto ids = kind_.ids();
    auto load = kind_.column(c_.load);
    auto antigen = kind_.column(c_.antigen);
    auto debris = t_.array(t_.debris);
    const double keep = std::exp(-p_.digestion * ctx.dt);
    bool changed = false;
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_.is_marked_dead(i)) continue;
      const VoxelIndex v = voxels[i];
      const auto near = lattice.neighbours(v);
      double nearby = debris[v];
      for (VoxelIndex w : near) nearby += w == kNoVoxel ? 0.0 : debris[w];
      const double h_debris = nearby / (nearby + p_.debris_half);
      const double h_ifng = hill(t_.value(Signal::ifng, v), p_.ifng_ec50);
      // A resting cell with nothing to sense, eat or show has nothing to decide (its draws are
      // its own: skipping them changes no other cell's).
      if (states[i] == kSurveilling && nearby == 0 && h_ifng == 0 && load[i] == 0 && antigen[i] == 0 &&
          p_.death == 0) {
        continue;
      }
      RandomStream s = rng_.stream(ids[i], static_cast<std::uint64_t>(ctx.step));
      // Digestion, then state change, then uptake.
      const double digested = load[i] * (1.0 - keep);
      load[i] -= static_cast<float>(digested);
      t_.digested += digested;
      const double u = s.uniform();
      switch (states[i]) {
        case kSurveilling:
          if (u < chance(p_.activation * std::max(h_debris, h_ifng), ctx.dt)) states[i] = kInflammatory;
          break;
        case kInflammatory: {
          // IL-10, a full load, or the stimulus gone all turn a cell toward repair.
          const double drive = std::max({hill(t_.value(Signal::il10, v), p_.il10_ec50),
                                         std::min(1.0, load[i] / p_.capacity), 1.0 - std::max(h_debris, h_ifng)});
          if (u < chance(p_.resolution * drive, ctx.dt)) states[i] = kRepair;
          break;
        }
        case kRepair: {
          const double r_inf = p_.activation * h_ifng;
          const double r_rest = load[i] < 0.1 * p_.capacity ? p_.rest * (1.0 - h_debris) : 0.0;
          if (u < chance(r_inf + r_rest, ctx.dt)) {
            states[i] = s.uniform() * (r_inf + r_rest) < r_inf ? kInflammatory : kSurveilling;
          }
          break;
        }
        default:
          break;
      }
      // Uptake from the voxel, then its neighbours in face order, never beyond capacity.
      const double opsonin = 1.0 + (p_.opsonised - 1.0) * hill(t_.value(Signal::antibody, v), p_.antibody_ec50);
      const double share = states[i] == kSurveilling ? p_.surveilling_uptake : 1.0;
      double want = std::min(p_.uptake * share * opsonin * ctx.dt, std::max(0.0, p_.capacity - load[i]));
      double took = 0;
      auto take = [&](VoxelIndex w) {
        if (w == kNoVoxel || want <= 0) return;
        const double x = std::min(want, debris[w]);
        debris[w] -= x;
        want -= x;
        took += x;
      };
      take(v);
      for (VoxelIndex w : near) take(w);
      load[i] += static_cast<float>(took);
      t_.phagocytosed += took;
      antigen[i] = took > 0 ? static_cast<float>(p_.display) : std::max(0.0F, antigen[i] - static_cast<float>(ctx.dt));
      // Death (macrophages' lifetime): the load returns to the voxel as debris.
      if (p_.death > 0 && s.uniform() < chance(p_.death, ctx.dt)) {
        debris[v] += load[i];
        t_.phagocytosed -= load[i];
        load[i] = 0;
        kind_.mark_dead(i);
        died_ += 1;
        changed = true;
        continue;
      }
      if (states[i] != kSurveilling && p_.division > 0 &&
          static_cast<int>(map_.agents_in(v).size()) < p_.max_per_voxel &&
          s.uniform() < chance(p_.division * h_debris, ctx.dt)) {
        const VoxelIndex room = occupancy.free(v) >= kind_.volume() ? v : kNoVoxel;
        if (room != kNoVoxel) {
          occupancy.add(room, kind_.volume());
          kind_.request_birth(i, room);
          changed = true;
        }
      }
    }
    if (changed) kind_.note_pending();
  }

 private:
  TissueState& t_;
  AgentKind& kind_;
  PhagocyteParams p_;
  PhagocyteColumns c_;
  CounterRng rng_;
  VoxelMap map_;
  std::int64_t died_ = 0;
};

class PhagocyteModel final : public KindModel {
 public:
  PhagocyteModel(const config::Section& s, Patch& patch, const std::string& name)
      : section_(s), tissue_(tissue_of(patch, s)), params_(read_params(s, tissue_)),
        kind_(add_cell_kind(patch, name, Mobility::Mobile, s)) {
    columns_.load = kind_.declare<float>("load", "1");
    columns_.antigen = kind_.declare<float>("antigen", "min");
    entry_ = read_entry(s, tissue_, kind_);
  }

  void install(Simulation& sim, Patch& patch) override {
    TissueState& t = tissue_;
    const std::string purpose = patch.name() + "." + kind_.name();
    install_cell_kind(sim, t, kind_, section_, kPhagocyteStates, Phase::Interact, 60,
                      std::make_unique<PhagocyteProcess>(t, kind_, params_, columns_, sim.rng("tissue.decide." + purpose)),
                      kSurveilling);
    install_entry(sim, t, kind_, section_, entry_, kInflammatory);
  }

 private:
  config::Section section_;
  TissueState& tissue_;
  PhagocyteParams params_;
  AgentKind& kind_;
  PhagocyteColumns columns_;
  EntryParams entry_;
};

}  // namespace

void register_phagocyte(Registry& registry) {
  registry.add_kind_model("phagocyte", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<PhagocyteModel>(s, patch, name);
  });
}

}  // namespace msabm::tissue
