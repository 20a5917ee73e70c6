#include "models/tissue/entry.hpp"

#include <fmt/format.h>

#include "engine/core/period_config.hpp"
#include "engine/core/random_counts.hpp"

namespace msabm::tissue {

namespace {

using config::Range;

class EntryProcess final : public Process {
 public:
  EntryProcess(TissueState& t, AgentKind& kind, const EntryParams& p, ParameterHandle blood, ParameterHandle factor,
               std::uint8_t state, EntryInit init, CounterRng rng)
      : t_(t), kind_(kind), p_(p), blood_(blood), factor_(factor), state_(state), init_(std::move(init)), rng_(rng) {}

  void visit_state(StateVisitor& v) override {
    v.value("entered", "cells", StateRole::ProcessState, entered_);
    v.value("refused", "cells", StateRole::ProcessState, refused_);
  }
  [[nodiscard]] double entered() const { return static_cast<double>(entered_); }
  [[nodiscard]] double refused() const { return static_cast<double>(refused_); }

  void run(const StepContext& ctx) override {
    const double blood = ctx.sim.parameters().value(blood_);  // cells/um^3
    const double factor = ctx.sim.parameters().value(factor_);
    if (blood <= 0 || factor <= 0) return;
    const auto adhesion = t_.array(t_.adhesion);
    Occupancy& occupancy = t_.patch().occupancy();
    const std::uint16_t volume = kind_.volume();
    for (std::size_t i = 0; i < t_.venule_voxels.size(); ++i) {
      const VoxelIndex v = t_.venule_voxels[i];
      const std::uint32_t b = t_.entry_begin[i], e = t_.entry_begin[i + 1];
      double chem = 0;
      if (p_.chemokine >= 0) {
        for (std::uint32_t j = b; j < e; ++j) chem += t_.value(static_cast<Signal>(p_.chemokine), t_.entry_voxels[j]);
        chem = hill(chem / static_cast<double>(e - b), p_.chemokine_ec50);
      }
      const double mean = p_.capture * blood * adhesion[v] * factor * (1.0 + chem) * ctx.dt;
      RandomStream s = rng_.stream(v, static_cast<std::uint64_t>(ctx.step));
      const std::int64_t n = poisson(s, mean);
      for (std::int64_t k = 0; k < n; ++k) {
        const auto first = static_cast<std::uint32_t>(s.uniform() * (e - b));
        VoxelIndex landing = kNoVoxel;
        for (std::uint32_t probe = 0; probe < e - b && landing == kNoVoxel; ++probe) {
          const VoxelIndex w = t_.entry_voxels[b + (first + probe) % (e - b)];
          if (occupancy.free(w) >= volume) landing = w;
        }
        if (landing == kNoVoxel) {
          ++refused_;
          continue;
        }
        const std::size_t a = kind_.add(landing, state_);
        occupancy.add(landing, volume);
        if (init_) init_(a, s);
        ++entered_;
      }
    }
  }

 private:
  TissueState& t_;
  AgentKind& kind_;
  EntryParams p_;
  ParameterHandle blood_, factor_;
  std::uint8_t state_;
  EntryInit init_;
  CounterRng rng_;
  std::int64_t entered_ = 0;
  std::int64_t refused_ = 0;
};

}  // namespace

EntryParams read_entry(const config::Section& kind_section, const TissueState& t, const AgentKind& kind) {
  EntryParams p;
  if (!kind_section.has("entry")) return p;
  const config::Section e = kind_section.section("entry");
  p.enabled = true;
  p.blood = e.quantity("blood", "cells/uL", Range::non_negative());
  p.capture = e.quantity("capture", "um^3/min", Range::non_negative());
  p.adhesion_factor = e.number("adhesion_factor", 1.0, Range::non_negative());
  p.period = e.quantity("period", "min", "1 h", Range::positive());
  if (e.has("chemokine")) {
    const std::string name = e.choice("chemokine", {"cxcl10", "ccl2"});
    p.chemokine = static_cast<int>(name == "cxcl10" ? Signal::cxcl10 : Signal::ccl2);
    if (t.field(static_cast<Signal>(p.chemokine)) < 0) {
      e.fail("chemokine", fmt::format("patch '{}' has no field '{}'", t.patch().name(), name));
    }
    p.chemokine_ec50 = read_level(e, "chemokine_ec50", t, static_cast<Signal>(p.chemokine), "0.05 molecules/um^3");
  }
  if (t.venule_voxels.empty()) {
    e.fail("", fmt::format("kind '{}' enters from blood but the tissue has no venules", kind.name()));
  }
  return p;
}

void install_entry(Simulation& sim, TissueState& t, AgentKind& kind, const config::Section& s, const EntryParams& p,
                   std::uint8_t state, EntryInit init) {
  if (!p.enabled) return;
  const std::string purpose = t.patch().name() + "." + kind.name();
  // Parameters hold internal units (cells/um^3); set_parameter converts "cells/uL" to them.
  const ParameterHandle blood = sim.parameters().declare(purpose + ".blood", "cells/um^3", p.blood);
  const ParameterHandle factor = sim.parameters().declare(purpose + ".adhesion_factor", "1", p.adhesion_factor);
  auto process = std::make_unique<EntryProcess>(t, kind, p, blood, factor, state, std::move(init),
                                                sim.rng("tissue.entry." + purpose));
  const EntryProcess* counter = process.get();
  sim.scheduler().add_process("entry." + purpose, Phase::Population,
                              period_ticks(sim, s.section("entry"), "period", p.period), std::move(process), sim.tick());
  sim.add_readout({purpose + ".entered", "cells", [counter](const Simulation&) { return counter->entered(); }});
  sim.add_readout({purpose + ".refused", "cells", [counter](const Simulation&) { return counter->refused(); }});
}

std::uint8_t install_egress(Simulation& sim, Patch& patch, AgentKind& kind, const std::string& key_column) {
  const std::string purpose = patch.name() + "." + kind.name();
  const std::string table = purpose + ".egress";
  if (sim.find_table(table) == nullptr) {
    SystemicTable& tab = sim.add_table(SystemicTable(table, key_column, {{"cells", "cells", SystemicTable::ColumnType::Count}}));
    tab.declare_aggregate("cells", "cells", SystemicTable::AggregateOp::Sum);
  }
  Route r;
  r.name = purpose + ".egress";
  r.to = Route::To::Table;
  r.from_patch = patch.uid();
  r.from_kind = kind.name();
  r.table = table;
  r.column = "cells";
  r.key_column = key_column;
  const std::uint8_t route = sim.add_route(std::move(r));
  const SystemicTable* tab = sim.find_table(table);
  sim.add_readout({purpose + ".left", "cells", [tab](const Simulation&) { return tab->total(0); }});
  return route;
}

}  // namespace msabm::tissue
