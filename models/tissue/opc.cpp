// Oligodendrocyte precursor cells. Quiescent cells are activated by the PDGF-like signal of
// demyelinated tissue and repair-state phagocytes (rate x h(PDGF)) and fall back to quiescence
// when it fades; activated cells migrate (up the PDGF gradient when configured), divide (one
// cycle per `cycle`) while fewer than `max_nearby` OPCs live in the 27 voxels around them
// (self-avoidance keeps OPC territories) and there is room, and
// commit to differentiation only when every gate holds in their voxel: debris below
// `debris_below`, inflammation h(TNF) + h(IFN-gamma) below `inflammation_below`, and bare axon
// within the territory a new cell would wrap. After `delay` a committed cell makes a new
// oligodendrocyte in its voxel: by an asymmetric division that leaves an OPC behind
// (`self_renewal`, default) or by turning into it.
#include <cmath>

#include "engine/core/simulation.hpp"
#include "engine/core/voxel_map.hpp"
#include "models/tissue/cell_common.hpp"
#include "models/tissue/cell_kinds.hpp"
#include "models/tissue/oligodendrocyte.hpp"

namespace msabm::tissue {

namespace {

using config::Range;

enum OpcState : std::uint8_t { kQuiescent = 0, kActivated = 1, kDifferentiating = 2 };
const std::vector<std::string> kOpcStates{"quiescent", "activated", "differentiating"};

struct OpcParams {
  double activation = 0, deactivation = 0, pdgf_ec50 = 1;
  double division = 0;  ///< 1/min
  int max_nearby = 4;
  double differentiation = 0, debris_below = 0.1, inflammation_below = 0.3, tnf_ec50 = 1, ifng_ec50 = 1;
  double delay = 0;  ///< min
  bool self_renewal = true;
};

OpcParams read_params(const config::Section& s, const TissueState& t) {
  OpcParams p;
  const config::Section a = s.section("activation");
  p.activation = a.quantity("rate", "1/min", "1 1/d", Range::non_negative());
  p.deactivation = a.quantity("deactivation", "1/min", "0.2 1/d", Range::non_negative());
  p.pdgf_ec50 = read_level(a, "pdgf_ec50", t, Signal::pdgf, "0.05 molecules/um^3");
  const config::Section d = s.section("division");
  p.division = std::log(2.0) / d.quantity("cycle", "min", "2 d", Range::positive());
  p.max_nearby = static_cast<int>(d.integer("max_nearby", 4, 1, 1000));
  const config::Section g = s.section("differentiation");
  p.differentiation = g.quantity("rate", "1/min", "1 1/d", Range::non_negative());
  p.debris_below = g.number("debris_below", 0.1, Range::non_negative());
  p.inflammation_below = g.number("inflammation_below", 0.3, Range::non_negative());
  p.tnf_ec50 = read_level(g, "tnf_ec50", t, Signal::tnf, "0.05 molecules/um^3");
  p.ifng_ec50 = read_level(g, "ifng_ec50", t, Signal::ifng, "0.05 molecules/um^3");
  p.delay = g.quantity("delay", "min", "3 d", Range::non_negative());
  p.self_renewal = g.boolean("self_renewal", true);
  return p;
}

class OpcProcess final : public Process {
 public:
  OpcProcess(TissueState& t, AgentKind& kind, const OpcParams& p, ColumnRef<float> committed, CounterRng rng)
      : t_(t), kind_(kind), p_(p), committed_(committed), rng_(rng) {}

  void run(const StepContext& ctx) override {
    const Lattice& lattice = t_.patch().lattice();
    Occupancy& occupancy = t_.patch().occupancy();
    map_.build(kind_.voxels(), lattice.voxel_count());
    auto states = kind_.states();
    const auto voxels = kind_.voxels();
    const auto ids = kind_.ids();
    auto committed = kind_.column(committed_);
    const auto debris = t_.array(t_.debris);
    const auto myelin = t_.array(t_.myelin);
    const auto remyelin = t_.array(t_.remyelin);
    const auto axons = t_.array(t_.axons);
    const auto axons0 = t_.array(t_.axons0);
    const std::size_t n = kind_.size();
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      const VoxelIndex v = voxels[i];
      const double pdgf = hill(t_.value(Signal::pdgf, v), p_.pdgf_ec50);
      if (states[i] == kQuiescent && pdgf == 0) continue;  // nothing calls it
      RandomStream s = rng_.stream(ids[i], static_cast<std::uint64_t>(ctx.step));
      const double u = s.uniform();
      switch (states[i]) {
        case kQuiescent:
          if (u < chance(p_.activation * pdgf, ctx.dt)) states[i] = kActivated;
          break;
        case kActivated: {
          const double inflammation =
              hill(t_.value(Signal::tnf, v), p_.tnf_ec50) + hill(t_.value(Signal::ifng, v), p_.ifng_ec50);
          bool bare_in_reach = false;
          t_.for_territory(v, [&](VoxelIndex w) {
            if (axons0[w] > 0 && axons[w] / axons0[w] - myelin[w] - remyelin[w] > 0.05) bare_in_reach = true;
          });
          const bool gates = debris[v] < p_.debris_below && inflammation < p_.inflammation_below && bare_in_reach;
          const double r_diff = gates ? p_.differentiation : 0.0;
          const double r_deact = p_.deactivation * (1.0 - pdgf);
          const double r_div = nearby(lattice, v) < p_.max_nearby ? p_.division : 0.0;
          const double total = r_diff + r_deact + r_div;
          if (total <= 0 || u >= chance(total, ctx.dt)) break;
          // Which event, in proportion to its rate.
          const double pick = s.uniform() * total;
          if (pick < r_diff) {
            states[i] = kDifferentiating;
            committed[i] = static_cast<float>(ctx.time);
          } else if (pick < r_diff + r_deact) {
            states[i] = kQuiescent;
          } else {
            const VoxelIndex room = room_near(lattice, occupancy, v, s);
            if (room != kNoVoxel) {
              occupancy.add(room, kind_.volume());
              kind_.request_birth(i, room);
              changed = true;
            }
          }
          break;
        }
        case kDifferentiating:
          if (ctx.time - committed[i] >= p_.delay) {
            // With self-renewal the division is asymmetric: one daughter becomes the new
            // oligodendrocyte, the other stays an (activated) OPC, and the pool is kept.
            if (p_.self_renewal) {
              states[i] = kActivated;
            } else {
              kind_.mark_dead(i);
              changed = true;
            }
            add_new_oligodendrocyte(t_, v, ctx.time);
          }
          break;
        default:
          break;
      }
    }
    if (changed) kind_.note_pending();
  }

 private:
  /// OPCs in the 3 x 3 x 3 voxels around v (their own included).
  int nearby(const Lattice& lattice, VoxelIndex v) const {
    const auto c = lattice.coords(v);
    int n = 0;
    for (int k = -1; k <= 1; ++k) {
      for (int j = -1; j <= 1; ++j) {
        for (int i = -1; i <= 1; ++i) {
          if (lattice.contains(c[0] + i, c[1] + j, c[2] + k)) {
            n += static_cast<int>(map_.agents_in(lattice.index(c[0] + i, c[1] + j, c[2] + k)).size());
          }
        }
      }
    }
    return n;
  }

  /// The cell's own voxel if it has room, else a face neighbour with room (drawn first), else none.
  VoxelIndex room_near(const Lattice& lattice, const Occupancy& occupancy, VoxelIndex v, RandomStream& s) const {
    const std::uint16_t vol = kind_.volume();
    if (occupancy.free(v) >= vol) return v;
    const int first = static_cast<int>(s.uniform() * 6.0);
    for (int k = 0; k < 6; ++k) {
      const VoxelIndex w = lattice.neighbour(v, (first + k) % 6);
      if (w != kNoVoxel && static_cast<int>(lattice.label(w)) != t_.venule && occupancy.free(w) >= vol) return w;
    }
    return kNoVoxel;
  }

  TissueState& t_;
  AgentKind& kind_;
  OpcParams p_;
  ColumnRef<float> committed_;
  CounterRng rng_;
  VoxelMap map_;
};

class OpcModel final : public KindModel {
 public:
  OpcModel(const config::Section& s, Patch& patch, const std::string& name)
      : section_(s), tissue_(tissue_of(patch, s)), params_(read_params(s, tissue_)),
        kind_(add_cell_kind(patch, name, Mobility::Mobile, s)),
        committed_(kind_.declare<float>("committed", "min")) {}

  void install(Simulation& sim, Patch& patch) override {
    TissueState& t = tissue_;
    if (t.oligodendrocytes == nullptr) {
      section_.fail("model", "OPCs differentiate into oligodendrocytes: the patch needs an agent kind with "
                             "model: oligodendrocyte (listed before the OPCs)");
    }
    const std::string purpose = patch.name() + "." + kind_.name();
    install_cell_kind(sim, t, kind_, section_, kOpcStates, Phase::Population, 60,
                      std::make_unique<OpcProcess>(t, kind_, params_, committed_, sim.rng("tissue.decide." + purpose)),
                      kQuiescent);
  }

 private:
  config::Section section_;
  TissueState& tissue_;
  OpcParams params_;
  AgentKind& kind_;
  ColumnRef<float> committed_;
};

}  // namespace

void register_opc(Registry& registry) {
  registry.add_kind_model("opc", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<OpcModel>(s, patch, name);
  });
}

}  // namespace msabm::tissue
