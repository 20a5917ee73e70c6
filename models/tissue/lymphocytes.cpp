// Infiltrating lymphocytes. Every T and B cell carries a clone id and a myelin-reactivity flag
// (columns `clone`, `myelin_reactive`), drawn on entry from the kind's clone list, so that the
// body model can later hand over real clones.
//
// t_cell (CD4 Th1/Th17, CD8, Treg: the subset is what it secretes, kills and suppresses):
//   primed -> reactivated   a myelin-reactive cell next to (same or face-neighbour voxel) an
//                           antigen-presenting cell that displays myelin antigen, at rate
//                           reactivation x (1 - suppression); non-reactive clones never are
//   reactivated -> primed   after `active_time` without antigen, or by suppression at rate
//                           suppression x (active Treg next to it, or h(IL-10))
//   reactivated cells divide (rate x (1 - suppression), while the voxel has room and fewer than
//   max_per_voxel of them; with `division.helpers`, only next to a reactivated helper: Tregs
//   make no IL-2 and proliferate on the IL-2 of activated effectors), secrete, and CD8 cells kill a prey cell (oligodendrocyte) in their
//   voxel at `kill.rate` (one per killer per decision); all die and leave (egress) at their rates.
// b_cell: myelin-reactive B cells take up antigen where there is debris and present it; helped by
//   a reactivated T helper next to them they become activated, and activated cells differentiate
//   into plasma cells at `plasma.rate`.
// plasma_cell: static, long-lived, secretes antibody (only myelin-reactive clones' antibody binds
//   myelin, so only they secrete into the antibody field).
#include <cmath>

#include <fmt/format.h>

#include "engine/core/period_config.hpp"
#include "engine/core/simulation.hpp"
#include "engine/core/voxel_map.hpp"
#include "models/tissue/cell_common.hpp"
#include "models/tissue/cell_kinds.hpp"
#include "models/tissue/entry.hpp"

namespace msabm::tissue {

namespace {

using config::Range;

enum TState : std::uint8_t { kPrimed = 0, kReactivated = 1 };
const std::vector<std::string> kTStates{"primed", "reactivated"};
enum BState : std::uint8_t { kNaive = 0, kPresenting = 1, kActivated = 2 };
const std::vector<std::string> kBStates{"naive", "presenting", "activated"};
const std::vector<std::string> kPlasmaStates{"secreting"};

/// Clones a kind's entering cells are drawn from: ids first_id .. first_id + count - 1, the
/// first round(share x count) of them myelin-reactive.
struct CloneList {
  std::uint64_t first_id = 1;
  std::uint64_t count = 1;
  std::uint64_t reactive = 0;
};

CloneList read_clones(const config::Section& s) {
  const config::Section c = s.section("clones");
  CloneList l;
  l.first_id = static_cast<std::uint64_t>(c.integer("first_id", 1, 0, std::int64_t{1} << 62));
  l.count = static_cast<std::uint64_t>(c.integer("count", 1, 1, 1'000'000'000));
  const double share = c.number("myelin_reactive_share", 0.0, Range::probability());
  l.reactive = static_cast<std::uint64_t>(std::llround(share * static_cast<double>(l.count)));
  return l;
}

/// Columns every lymphocyte has.
struct CloneColumns {
  ColumnRef<std::uint64_t> clone;
  ColumnRef<std::uint8_t> myelin_reactive;
  ColumnRef<float> clock;  ///< t_cell: activity left (min); b_cell: antigen display left (min)
};

CloneColumns declare_clone_columns(AgentKind& kind, const char* clock_name) {
  return {kind.declare<std::uint64_t>("clone", "1"), kind.declare<std::uint8_t>("myelin_reactive", "1"),
          kind.declare<float>(clock_name, "min")};
}

EntryInit clone_init(AgentKind& kind, CloneColumns c, CloneList l) {
  return [&kind, c, l](std::size_t a, RandomStream& s) {
    auto k = static_cast<std::uint64_t>(s.uniform() * static_cast<double>(l.count));
    k = std::min(k, l.count - 1);
    kind.column(c.clone)[a] = l.first_id + k;
    kind.column(c.myelin_reactive)[a] = k < l.reactive ? 1 : 0;
  };
}

/// Kinds of the patch looked up by name from a list key, with their column `column` (float).
struct KindRefs {
  std::vector<AgentKind*> kinds;
  std::vector<ColumnRef<float>> columns;
  std::vector<VoxelMap> maps;
};

KindRefs find_kinds(const config::Section& s, const char* key, Patch& patch, const char* column) {
  KindRefs r;
  if (!s.has(key)) return r;
  for (const config::Node& item : s.node(key).items()) {
    const std::string name = item.text("an agent kind name");
    AgentKind* k = patch.find_kind(name);
    if (k == nullptr) item.fail(fmt::format("patch '{}' has no agent kind '{}'", patch.name(), name));
    r.kinds.push_back(k);
    if (column != nullptr) {
      try {
        r.columns.push_back(column_named<float>(*k, column));
      } catch (const std::logic_error&) {
        item.fail(fmt::format("agent kind '{}' has no '{}' (it cannot do this)", name, column));
      }
    }
  }
  r.maps.resize(r.kinds.size());
  return r;
}

/// Whether any agent of `refs` in voxel v or its face neighbours passes `ok(kind index, agent)`.
template <class F>
bool any_near(const Lattice& lattice, KindRefs& refs, VoxelIndex v, F&& ok) {
  const auto near = lattice.neighbours(v);
  for (std::size_t k = 0; k < refs.kinds.size(); ++k) {
    auto test = [&](VoxelIndex w) {
      if (w == kNoVoxel) return false;
      for (std::uint32_t a : refs.maps[k].agents_in(w)) {
        if (ok(k, a)) return true;
      }
      return false;
    };
    if (test(v)) return true;
    for (VoxelIndex w : near) {
      if (test(w)) return true;
    }
  }
  return false;
}

struct Fates {
  double death[2] = {0, 0};  ///< per state (t_cell) or [naive/presenting, activated] (b_cell)
  double egress = 0;
};

/// Accounting of a lymphocyte kind's decisions (entry and egress are counted where they happen):
/// initial + entered + born = present + died + left + differentiated.
struct Tally {
  std::int64_t died = 0, born = 0, kills = 0, differentiated = 0;
  void visit(StateVisitor& v) {
    v.value("died", "cells", StateRole::ProcessState, died);
    v.value("born", "cells", StateRole::ProcessState, born);
    v.value("kills", "cells", StateRole::ProcessState, kills);
    v.value("differentiated", "cells", StateRole::ProcessState, differentiated);
  }
};

/// Death or egress of cell i (competing risks at rates death[stage] and egress): true when
/// it goes. `u` is the cell's draw for it; `s` gives the draw that picks which.
bool end_of_life(AgentKind& kind, std::size_t i, const Fates& f, int stage, double u, RandomStream& s, double dt,
                 std::uint8_t egress, Tally& tally) {
  const double die = f.death[stage];
  const double leave = f.egress;
  if (u >= chance(die + leave, dt)) return false;
  if (s.uniform() * (die + leave) < die) {
    kind.mark_dead(i);
    ++tally.died;
  } else {
    kind.request_transfer(i, egress);
  }
  return true;
}

struct TParams {
  double period = 30;
  double reactivation = 0, active_time = 0;
  double suppression = 0, il10_ec50 = 1;
  double division = 0;
  int max_per_voxel = 4;
  Fates fates;
  double kill = 0;
};

class TCellProcess final : public Process {
 public:
  TCellProcess(TissueState& t, AgentKind& kind, const TParams& p, CloneColumns c, KindRefs presenters,
               KindRefs suppressors, KindRefs helpers, AgentKind* prey, std::uint8_t egress, CounterRng rng)
      : t_(t), kind_(kind), p_(p), c_(c), presenters_(std::move(presenters)), suppressors_(std::move(suppressors)),
        helpers_(std::move(helpers)), prey_(prey), egress_(egress), rng_(rng) {}

  void visit_state(StateVisitor& v) override { tally_.visit(v); }
  [[nodiscard]] const Tally& tally() const { return tally_; }

  void run(const StepContext& ctx) override {
    const Lattice& lattice = t_.patch().lattice();
    Occupancy& occupancy = t_.patch().occupancy();
    const std::size_t nvox = lattice.voxel_count();
    for (std::size_t k = 0; k < presenters_.kinds.size(); ++k) presenters_.maps[k].build(presenters_.kinds[k]->voxels(), nvox);
    for (std::size_t k = 0; k < suppressors_.kinds.size(); ++k) suppressors_.maps[k].build(suppressors_.kinds[k]->voxels(), nvox);
    for (std::size_t k = 0; k < helpers_.kinds.size(); ++k) helpers_.maps[k].build(helpers_.kinds[k]->voxels(), nvox);
    if (prey_ != nullptr) prey_map_.build(prey_->voxels(), nvox);
    own_map_.build(kind_.voxels(), nvox);
    auto states = kind_.states();
    const auto voxels = kind_.voxels();
    const auto ids = kind_.ids();
    const auto reactive = kind_.column(c_.myelin_reactive);
    auto active = kind_.column(c_.clock);
    bool changed = false;
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_.is_marked_dead(i)) continue;
      const VoxelIndex v = voxels[i];
      RandomStream s = rng_.stream(ids[i], static_cast<std::uint64_t>(ctx.step));
      const double u_state = s.uniform(), u_div = s.uniform(), u_fate = s.uniform(), u_kill = s.uniform();
      // Antigen in reach: a presenting cell (antigen display left > 0) in the voxel or next to it.
      const bool antigen = reactive[i] != 0 && any_near(lattice, presenters_, v, [&](std::size_t k, std::uint32_t a) {
                             return presenters_.kinds[k]->column(presenters_.columns[k])[a] > 0;
                           });
      double suppression = t_.field(Signal::il10) >= 0 && p_.il10_ec50 > 0 ? hill(t_.value(Signal::il10, v), p_.il10_ec50) : 0.0;
      if (!suppressors_.kinds.empty() &&
          any_near(lattice, suppressors_, v, [&](std::size_t k, std::uint32_t a) {
            return suppressors_.kinds[k]->states()[a] == kReactivated;
          })) {
        suppression = 1.0;
      }
      if (states[i] == kPrimed) {
        if (antigen && u_state < chance(p_.reactivation * (1.0 - suppression), ctx.dt)) {
          states[i] = kReactivated;
          active[i] = static_cast<float>(p_.active_time);
        }
      } else {
        active[i] = antigen ? static_cast<float>(p_.active_time) : active[i] - static_cast<float>(ctx.dt);
        if (active[i] <= 0 || u_state < chance(p_.suppression * suppression, ctx.dt)) {
          states[i] = kPrimed;
          active[i] = 0;
        }
      }
      if (states[i] == kReactivated) {
        if (p_.division > 0 && static_cast<int>(own_map_.agents_in(v).size()) < p_.max_per_voxel &&
            occupancy.free(v) >= kind_.volume() && u_div < chance(p_.division * (1.0 - suppression), ctx.dt) &&
            (helpers_.kinds.empty() || any_near(lattice, helpers_, v, [&](std::size_t k, std::uint32_t a) {
               return helpers_.kinds[k]->states()[a] == kReactivated;
             }))) {
          occupancy.add(v, kind_.volume());
          kind_.request_birth(i, v);
          ++tally_.born;
          changed = true;
        }
        if (prey_ != nullptr && reactive[i] != 0 && u_kill < chance(p_.kill, ctx.dt)) {
          for (std::uint32_t a : prey_map_.agents_in(v)) {
            if (prey_->is_marked_dead(a)) continue;
            prey_->mark_dead(a);
            prey_->note_pending();
            ++tally_.kills;
            break;
          }
        }
      }
      changed |= end_of_life(kind_, i, p_.fates, states[i], u_fate, s, ctx.dt, egress_, tally_);
    }
    if (changed) kind_.note_pending();
  }

 private:
  TissueState& t_;
  AgentKind& kind_;
  TParams p_;
  CloneColumns c_;
  KindRefs presenters_, suppressors_, helpers_;
  AgentKind* prey_;
  std::uint8_t egress_;
  CounterRng rng_;
  VoxelMap prey_map_, own_map_;
  Tally tally_;
};

void read_fates(const config::Section& s, Fates& f, const char* first, const char* second) {
  const config::Section d = s.section("death");
  f.death[0] = d.quantity(first, "1/min", "0.35 1/d", Range::non_negative());
  f.death[1] = d.quantity(second, "1/min", "0.35 1/d", Range::non_negative());
  f.egress = s.section("egress").quantity("rate", "1/min", "0.2 1/d", Range::non_negative());
}

void add_tally_readouts(Simulation& sim, const std::string& purpose, const std::function<const Tally&()>& tally,
                        bool kills) {
  sim.add_readout({purpose + ".died", "cells", [tally](const Simulation&) { return static_cast<double>(tally().died); }});
  sim.add_readout({purpose + ".born", "cells", [tally](const Simulation&) { return static_cast<double>(tally().born); }});
  if (kills) {
    sim.add_readout({purpose + ".kills", "cells", [tally](const Simulation&) { return static_cast<double>(tally().kills); }});
  }
}

class TCellModel final : public KindModel {
 public:
  TCellModel(const config::Section& s, Patch& patch, const std::string& name)
      : section_(s), tissue_(tissue_of(patch, s)),
        kind_(add_cell_kind(patch, name, Mobility::Mobile, s)),
        columns_(declare_clone_columns(kind_, "active")), clones_(read_clones(s)), entry_(read_entry(s, tissue_, kind_)) {
    params_.period = s.section("decide").quantity("period", "min", "30 min", Range::positive());
    const config::Section r = s.section("reactivation");
    params_.reactivation = r.quantity("rate", "1/min", "1 1/h", Range::non_negative());
    params_.active_time = r.quantity("active_time", "min", "1 d", Range::positive());
    const config::Section sup = s.section("suppression");
    params_.suppression = sup.quantity("rate", "1/min", "0 1/h", Range::non_negative());
    params_.il10_ec50 = sup.has("il10_ec50") ? read_level(sup, "il10_ec50", tissue_, Signal::il10, "0.05 molecules/um^3") : 0.0;
    const config::Section d = s.section("division");
    params_.division = d.quantity("rate", "1/min", "0 1/d", Range::non_negative());
    params_.max_per_voxel = static_cast<int>(d.integer("max_per_voxel", 4, 1, 1000));
    read_fates(s, params_.fates, "primed", "reactivated");
    params_.kill = s.section("kill").quantity("rate", "1/min", "0 1/h", Range::non_negative());
  }

  void install(Simulation& sim, Patch& patch) override {
    TissueState& t = tissue_;
    const std::string purpose = patch.name() + "." + kind_.name();
    KindRefs presenters = find_kinds(section_.section("reactivation"), "presenters", patch, "antigen");
    KindRefs suppressors = find_kinds(section_.section("suppression"), "by", patch, nullptr);
    KindRefs helpers = find_kinds(section_.section("division"), "helpers", patch, nullptr);
    AgentKind* prey = nullptr;
    if (section_.section("kill").has("prey")) {
      const std::string name = section_.section("kill").string("prey");
      prey = patch.find_kind(name);
      if (prey == nullptr) section_.section("kill").fail("prey", fmt::format("patch '{}' has no agent kind '{}'", patch.name(), name));
    }
    const std::uint8_t egress = install_egress(sim, patch, kind_, "clone");
    auto process = std::make_unique<TCellProcess>(t, kind_, params_, columns_, std::move(presenters), std::move(suppressors),
                                                  std::move(helpers), prey, egress, sim.rng("tissue.decide." + purpose));
    const TCellProcess* p = process.get();
    sim.scheduler().add_process("decide." + purpose, Phase::Interact,
                                period_ticks(sim, section_.section("decide"), "period", params_.period), std::move(process),
                                sim.tick());
    add_tally_readouts(sim, purpose, [p]() -> const Tally& { return p->tally(); }, prey != nullptr);
    install_motility_and_secretion(sim, t, kind_, section_, read_motility(section_, t, kTStates, 1),
                                   read_secretion(section_, t, kTStates));
    install_entry(sim, t, kind_, section_, entry_, kPrimed, clone_init(kind_, columns_, clones_));
    add_state_readouts(sim, patch, kind_, kTStates);
    const auto candidates = parenchyma_voxels(t, true);
    const std::size_t first = kind_.size();
    place_cells(kind_, candidates, initial_count(section_, t, candidates.size()), patch.occupancy(),
                sim.rng("tissue.placement." + purpose), 0, kPrimed);
    const CounterRng rng = sim.rng("tissue.clones." + purpose);
    const EntryInit init = clone_init(kind_, columns_, clones_);
    for (std::size_t i = first; i < kind_.size(); ++i) {
      RandomStream s = rng.stream(i, 0);
      init(i, s);
    }
  }

 private:
  config::Section section_;
  TissueState& tissue_;
  AgentKind& kind_;
  CloneColumns columns_;
  CloneList clones_;
  EntryParams entry_;
  TParams params_;
};

struct BParams {
  double period = 60;
  double uptake = 0, debris_min = 0.05, display = 0;
  double activation = 0, plasma = 0;
  Fates fates;
};

class BCellProcess final : public Process {
 public:
  BCellProcess(TissueState& t, AgentKind& kind, const BParams& p, CloneColumns c, KindRefs helpers, AgentKind& plasma,
               std::uint8_t egress, CounterRng rng)
      : t_(t), kind_(kind), p_(p), c_(c), helpers_(std::move(helpers)), plasma_(plasma), egress_(egress), rng_(rng),
        plasma_clone_(column_named<std::uint64_t>(plasma, "clone")),
        plasma_reactive_(column_named<std::uint8_t>(plasma, "myelin_reactive")) {}

  void visit_state(StateVisitor& v) override { tally_.visit(v); }
  [[nodiscard]] const Tally& tally() const { return tally_; }

  void run(const StepContext& ctx) override {
    const Lattice& lattice = t_.patch().lattice();
    for (std::size_t k = 0; k < helpers_.kinds.size(); ++k) helpers_.maps[k].build(helpers_.kinds[k]->voxels(), lattice.voxel_count());
    auto states = kind_.states();
    const auto voxels = kind_.voxels();
    const auto ids = kind_.ids();
    const auto reactive = kind_.column(c_.myelin_reactive);
    const auto clone = kind_.column(c_.clone);
    auto antigen = kind_.column(c_.clock);
    const auto debris = t_.array(t_.debris);
    bool changed = false;
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_.is_marked_dead(i)) continue;
      const VoxelIndex v = voxels[i];
      RandomStream s = rng_.stream(ids[i], static_cast<std::uint64_t>(ctx.step));
      const double u_state = s.uniform(), u_fate = s.uniform();
      switch (states[i]) {
        case kNaive:
          if (reactive[i] != 0 && debris[v] > p_.debris_min && u_state < chance(p_.uptake, ctx.dt)) {
            states[i] = kPresenting;
            antigen[i] = static_cast<float>(p_.display);
          }
          break;
        case kPresenting: {
          antigen[i] -= static_cast<float>(ctx.dt);
          const bool helped = any_near(lattice, helpers_, v, [&](std::size_t k, std::uint32_t a) {
            return helpers_.kinds[k]->states()[a] == kReactivated;
          });
          if (helped && u_state < chance(p_.activation, ctx.dt)) {
            states[i] = kActivated;
          } else if (antigen[i] <= 0) {
            states[i] = kNaive;
            antigen[i] = 0;
          }
          break;
        }
        case kActivated:
          antigen[i] = std::max(0.0F, antigen[i] - static_cast<float>(ctx.dt));
          if (u_state < chance(p_.plasma, ctx.dt)) {
            // Becomes a plasma cell of the same clone in the same voxel.
            kind_.mark_dead(i);
            const std::size_t a = plasma_.add(v, 0);
            t_.patch().occupancy().add(v, plasma_.volume());
            plasma_.column(plasma_clone_)[a] = clone[i];
            plasma_.column(plasma_reactive_)[a] = reactive[i];
            ++tally_.differentiated;
            changed = true;
            continue;
          }
          break;
        default:
          break;
      }
      changed |= end_of_life(kind_, i, p_.fates, states[i] == kActivated ? 1 : 0, u_fate, s, ctx.dt, egress_, tally_);
    }
    if (changed) kind_.note_pending();
  }

 private:
  TissueState& t_;
  AgentKind& kind_;
  BParams p_;
  CloneColumns c_;
  KindRefs helpers_;
  AgentKind& plasma_;
  std::uint8_t egress_;
  CounterRng rng_;
  ColumnRef<std::uint64_t> plasma_clone_;
  ColumnRef<std::uint8_t> plasma_reactive_;
  Tally tally_;
};

class BCellModel final : public KindModel {
 public:
  BCellModel(const config::Section& s, Patch& patch, const std::string& name)
      : section_(s), tissue_(tissue_of(patch, s)),
        kind_(add_cell_kind(patch, name, Mobility::Mobile, s)),
        columns_(declare_clone_columns(kind_, "antigen")), clones_(read_clones(s)), entry_(read_entry(s, tissue_, kind_)) {
    params_.period = s.section("decide").quantity("period", "min", "1 h", Range::positive());
    const config::Section a = s.section("antigen");
    params_.uptake = a.quantity("uptake", "1/min", "1 1/h", Range::non_negative());
    params_.debris_min = a.number("debris_above", 0.05, Range::non_negative());
    params_.display = a.quantity("display", "min", "2 d", Range::non_negative());
    params_.activation = s.section("help").quantity("rate", "1/min", "1 1/h", Range::non_negative());
    params_.plasma = s.section("plasma").quantity("rate", "1/min", "0.03 1/d", Range::non_negative());
    read_fates(s, params_.fates, "resting", "activated");
  }

  void install(Simulation& sim, Patch& patch) override {
    TissueState& t = tissue_;
    const std::string purpose = patch.name() + "." + kind_.name();
    KindRefs helpers = find_kinds(section_.section("help"), "by", patch, nullptr);
    const config::Section pl = section_.section("plasma");
    const std::string plasma_name = pl.string("becomes", "plasma_cell");
    AgentKind* plasma = patch.find_kind(plasma_name);
    if (plasma == nullptr) pl.fail("becomes", fmt::format("patch '{}' has no agent kind '{}'", patch.name(), plasma_name));
    const std::uint8_t egress = install_egress(sim, patch, kind_, "clone");
    std::unique_ptr<BCellProcess> process;
    try {
      process = std::make_unique<BCellProcess>(t, kind_, params_, columns_, std::move(helpers), *plasma, egress,
                                               sim.rng("tissue.decide." + purpose));
    } catch (const std::logic_error&) {
      pl.fail("becomes", fmt::format("agent kind '{}' is not a plasma_cell (it has no clone column)", plasma_name));
    }
    const BCellProcess* p = process.get();
    sim.scheduler().add_process("decide." + purpose, Phase::Interact,
                                period_ticks(sim, section_.section("decide"), "period", params_.period), std::move(process),
                                sim.tick());
    add_tally_readouts(sim, purpose, [p]() -> const Tally& { return p->tally(); }, false);
    sim.add_readout({purpose + ".differentiated", "cells",
                     [p](const Simulation&) { return static_cast<double>(p->tally().differentiated); }});
    install_motility_and_secretion(sim, t, kind_, section_, read_motility(section_, t, kBStates, 1),
                                   read_secretion(section_, t, kBStates));
    install_entry(sim, t, kind_, section_, entry_, kNaive, clone_init(kind_, columns_, clones_));
    add_state_readouts(sim, patch, kind_, kBStates);
  }

 private:
  config::Section section_;
  TissueState& tissue_;
  AgentKind& kind_;
  CloneColumns columns_;
  CloneList clones_;
  EntryParams entry_;
  BParams params_;
};

class PlasmaDeath final : public Process {
 public:
  PlasmaDeath(AgentKind& kind, double rate, CounterRng rng) : kind_(kind), rate_(rate), rng_(rng) {}
  void visit_state(StateVisitor& v) override { v.value("died", "cells", StateRole::ProcessState, died_); }
  void run(const StepContext& ctx) override {
    const auto ids = kind_.ids();
    bool any = false;
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (rng_.uniform(ids[i], static_cast<std::uint64_t>(ctx.step)) < chance(rate_, ctx.dt)) {
        kind_.mark_dead(i);
        ++died_;
        any = true;
      }
    }
    if (any) kind_.note_pending();
  }

 private:
  AgentKind& kind_;
  double rate_;
  CounterRng rng_;
  std::int64_t died_ = 0;
};

class PlasmaCellModel final : public KindModel {
 public:
  PlasmaCellModel(const config::Section& s, Patch& patch, const std::string& name)
      : section_(s), tissue_(tissue_of(patch, s)),
        kind_(add_cell_kind(patch, name, Mobility::Static, s)),
        columns_(declare_clone_columns(kind_, "age")) {
    // Read here, not at install, so that `msabm check` sees every key.
    const config::Section d = s.section("death");
    death_rate_ = d.quantity("rate", "1/min", "0.01 1/d", Range::non_negative());
    death_period_ = d.quantity("period", "min", "1 d", Range::positive());
  }

  void install(Simulation& sim, Patch& patch) override {
    const std::string purpose = patch.name() + "." + kind_.name();
    if (death_rate_ > 0) {
      sim.scheduler().add_process("decide." + purpose, Phase::Population,
                                  period_ticks(sim, section_.section("death"), "period", death_period_),
                                  std::make_unique<PlasmaDeath>(kind_, death_rate_, sim.rng("tissue.decide." + purpose)),
                                  sim.tick());
    }
    AgentKind* k = &kind_;
    const auto reactive = columns_.myelin_reactive;
    install_motility_and_secretion(sim, tissue_, kind_, section_, read_motility(section_, tissue_, kPlasmaStates, 60),
                                   read_secretion(section_, tissue_, kPlasmaStates),
                                   [k, reactive](std::size_t i) { return k->column(reactive)[i] != 0 ? 1.0 : 0.0; });
    add_state_readouts(sim, patch, kind_, kPlasmaStates);
  }

 private:
  config::Section section_;
  TissueState& tissue_;
  AgentKind& kind_;
  CloneColumns columns_;
  double death_rate_ = 0, death_period_ = 1440;
};

}  // namespace

void register_lymphocytes(Registry& registry) {
  registry.add_kind_model("t_cell", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<TCellModel>(s, patch, name);
  });
  registry.add_kind_model("b_cell", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<BCellModel>(s, patch, name);
  });
  registry.add_kind_model("plasma_cell", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<PlasmaCellModel>(s, patch, name);
  });
}

}  // namespace msabm::tissue
