// The white_matter contents model: builds the tissue (geometry, voxel state, axon agents) and
// installs its voxel rules and readouts. Cell kinds (oligodendrocytes, OPCs, microglia,
// infiltrating cells) are agent kinds of their own that find the tissue through TissueState.
#include "models/tissue/white_matter.hpp"

#include <fmt/format.h>

#include "engine/core/period_config.hpp"
#include "engine/core/simulation.hpp"
#include "engine/run/field_process.hpp"
#include "models/tissue/cell_kinds.hpp"
#include "models/tissue/geometry.hpp"
#include "models/tissue/tissue_readouts.hpp"
#include "models/tissue/white_matter_processes.hpp"

namespace msabm::tissue {

namespace {

class WhiteMatterModel final : public Model {
 public:
  WhiteMatterModel(const config::Section& s, Patch& patch, const std::string& name)
      : section_(s), patch_(patch), name_(name) {
    const double fraction = s.number("myelin_volume_fraction", 0.4, config::Range{0.0, 1.0, true, false});
    tissue_ = &static_cast<TissueState&>(patch.add_component(std::make_unique<TissueState>(patch, fraction)));
    TissueState& t = *tissue_;
    params_ = WhiteMatterParams::read(s, t);
    const std::size_t n = patch.lattice().voxel_count();
    VoxelStateSet& vs = patch.voxel_state();
    t.myelin = vs.declare("myelin", "1", n, 0.0);
    t.remyelin = vs.declare("remyelin", "1", n, 0.0);
    t.debris = vs.declare("debris", "1", n, 0.0);
    t.axons = vs.declare("axons", "axons", n, 0.0);
    t.axons0 = vs.declare("axons0", "axons", n, 0.0);
    t.adhesion = vs.declare("adhesion", "1", n, 0.0);
    t.leak = vs.declare("leak", "1", n, 0.0);
    t.owners0 = vs.declare("oligodendrocyte_owners0", "cells", n, 0.0);
    build_geometry(read_geometry(s), t, s);
    auto adhesion = t.array(t.adhesion);
    auto leak = t.array(t.leak);
    for (VoxelIndex v : t.venule_voxels) adhesion[v] = leak[v] = params_.bbb.baseline;
    for (std::size_t v = 0; v < n; ++v) {
      if (t.leak_source[v] != kNoVoxel) leak[v] = params_.bbb.baseline;
    }
    if (params_.myelin.pdgf_secretion > 0 && t.field(Signal::pdgf) < 0) {
      s.section("myelin").fail("pdgf_secretion", fmt::format("patch '{}' has no field 'pdgf'", patch.name()));
    }
    if (params_.myelin.antibody_damage > 0 && t.field(Signal::antibody) < 0) {
      s.section("myelin").fail("antibody_damage", fmt::format("patch '{}' has no field 'antibody'", patch.name()));
    }
    // Neurons as agents: one axon agent per line, standing for the axons of its bundle there.
    axon_kind_ = &patch.add_kind(s.string("axon_kind", "axon"), Mobility::Static, 0);
    axon_kind_->set_state_names({"intact", "lost"});  // AxonState
    columns_.axons = axon_kind_->declare<std::uint32_t>("axons", "axons");
    columns_.axons0 = axon_kind_->declare<std::uint32_t>("axons0", "axons");
    columns_.line = axon_kind_->declare<std::uint32_t>("line", "1");
    columns_.myelin = axon_kind_->declare<float>("myelin", "1");
  }

  void install(Simulation& sim) override {
    TissueState& t = *tissue_;
    const std::string p = patch_.name();
    const auto axons = t.array(t.axons);
    for (std::uint32_t l = 0; l + 1 < t.line_begin.size(); ++l) {
      const VoxelIndex first = t.line_voxels[t.line_begin[l]];
      const std::size_t i = axon_kind_->add(first, kAxonIntact);
      const auto count = static_cast<std::uint32_t>(axons[first]);
      axon_kind_->column(columns_.axons)[i] = count;
      axon_kind_->column(columns_.axons0)[i] = count;
      axon_kind_->column(columns_.line)[i] = l;
      axon_kind_->column(columns_.myelin)[i] = 1.0F;
    }
    Scheduler& sched = sim.scheduler();
    const config::Section m = section_.section("myelin");
    sched.add_process("tissue.myelin." + p, Phase::Population, period_ticks(sim, m, "period", params_.myelin.period),
                      std::make_unique<MyelinProcess>(t, params_.myelin), sim.tick());
    if (params_.myelin.pdgf_secretion > 0) {
      sched.add_process("tissue.signals." + p, Phase::Sense, field_period_ticks(sim, patch_),
                        std::make_unique<SignalProcess>(t, params_.myelin), sim.tick());
    }
    if (!t.venule_voxels.empty()) {
      const config::Section b = section_.section("bbb");
      sched.add_process("tissue.bbb." + p, Phase::Sense, period_ticks(sim, b, "period", params_.bbb.period),
                        std::make_unique<BbbProcess>(t, params_.bbb), sim.tick());
    }
    const config::Section a = section_.section("axons");
    sched.add_process("tissue.axons." + p, Phase::Population, period_ticks(sim, a, "period", params_.axons.period),
                      std::make_unique<AxonProcess>(t, *axon_kind_, columns_, params_.axons,
                                                    sim.rng("tissue.axons." + p)),
                      sim.tick());
    add_tissue_readouts(sim, t, params_);
  }

 private:
  config::Section section_;
  Patch& patch_;
  std::string name_;
  TissueState* tissue_ = nullptr;
  WhiteMatterParams params_;
  AgentKind* axon_kind_ = nullptr;
  AxonColumns columns_;
};

}  // namespace

void register_tissue_models(Registry& registry) {
  registry.add_patch_model("white_matter", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<WhiteMatterModel>(s, patch, name);
  });
  register_cell_kinds(registry);
}

}  // namespace msabm::tissue
