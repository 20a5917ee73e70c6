#include "models/walkers/walker_model.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <functional>
#include <optional>

#include "engine/core/period_config.hpp"
#include "engine/core/placement.hpp"
#include "engine/core/simulation.hpp"
#include "engine/fields/field_set.hpp"
#include "engine/run/field_process.hpp"
#include "models/walkers/attach_kill.hpp"
#include "models/walkers/contact_kill.hpp"
#include "models/walkers/exchange.hpp"
#include "models/walkers/motility.hpp"
#include "models/walkers/population.hpp"
#include "models/walkers/walker_docs.hpp"
#include "models/walkers/walker_params.hpp"

namespace msabm::walkers {

namespace {

/// Secretion into / uptake from fields, recorded at the fields' own period in the ticks they
/// advance (the field step applies each record over its dt).
void install_exchange(Simulation& sim, Patch& patch, AgentKind& kind, const config::Section& s) {
  for (const ExchangeParams& p : read_exchange(s, patch)) {
    sim.scheduler().add_process(
        fmt::format("exchange.{}.{}.{}", patch.name(), kind.name(), patch.fields()->spec(p.field).name),
        Phase::Sense, field_period_ticks(sim, patch), std::make_unique<ExchangeProcess>(patch, kind, p), sim.tick());
  }
}

class WalkerModel final : public KindModel {
 public:
  WalkerModel(const config::Section& s, Patch& patch, const std::string& name)
      : section_(s), params_(WalkerParams::read(s, name)),
        kind_(patch.add_kind(name, Mobility::Mobile, params_.volume)),
        kills_(kind_.declare<std::uint32_t>("kills", "1")) {
    // Columns only where their behaviour is on: a plain walker stays as small as before.
    if (params_.persistence_time > 0) {
      heading_ = HeadingColumns{kind_.declare<float>("heading_x", "1"), kind_.declare<float>("heading_y", "1"),
                                kind_.declare<float>("heading_z", "1"), kind_.declare<float>("offset_x", "um"),
                                kind_.declare<float>("offset_y", "um"), kind_.declare<float>("offset_z", "um")};
    }
    if (params_.attach.enabled) attached_ = kind_.declare<std::uint64_t>("attached_to", "1");
    KindTraits::declare(patch, params_.traits);
  }

  void install(Simulation& sim, Patch& patch) override {
    const std::string purpose = patch.name() + "." + kind_.name();
    const double dx = patch.lattice().voxel_size();
    const config::Section motility = section_.section("motility");
    const double p_move =
        params_.persistence_time > 0 ? params_.speed * params_.motility_period / dx
                                     : 6.0 * params_.diffusivity * params_.motility_period / (dx * dx);
    // A persistent walker crosses at most one face per period.
    if (params_.persistence_time > 0 && p_move > 0.5) {
      motility.fail("speed", fmt::format("speed x period = {:.3g} voxels > 1/2: a walker cannot cross more than "
                                         "one face per period; shorten motility.period or enlarge the voxel",
                                         p_move));
    }
    if (p_move > 1.0) {
      motility.fail("diffusivity",
                    fmt::format("6 D dt / dx^2 = {:.3g} > 1: a walker cannot jump more than once per "
                                "period; shorten motility.period or enlarge the voxel", p_move));
    }
    if (params_.attractant.type == Attractant::Type::Field &&
        (patch.fields() == nullptr || patch.fields()->index_of(params_.attractant.field) < 0)) {
      section_.section("chemotaxis").section("gradient").fail(
          "field", fmt::format("patch '{}' has no field '{}'", patch.name(), params_.attractant.field));
    }
    if (params_.diffusivity > 0 || params_.speed > 0) {
      sim.scheduler().add_process(
          "motility." + purpose, Phase::Move, period_ticks(sim, motility, "period", params_.motility_period),
          std::make_unique<MotilityProcess>(patch, kind_, params_, p_move,
                                            sim.rng("walker.motility." + purpose), heading_, attached_));
    }
    if (!params_.prey.empty()) {
      const config::Section contact = section_.section("contact");
      AgentKind* prey = patch.find_kind(params_.prey);
      if (prey == nullptr) {
        contact.fail("prey", fmt::format("patch '{}' has no agent kind '{}'", patch.name(), params_.prey));
      }
      const ParameterHandle rate = sim.parameters().declare(purpose + ".kill_rate", "1/min", params_.kill_rate);
      const auto period = period_ticks(sim, contact, "period", params_.contact_period);
      std::function<double(const Simulation&)> kills;
      if (params_.attach.enabled) {
        const TraitSpec* trait = nullptr;
        CounterRng trait_rng;
        if (!params_.attach.scale.trait.empty()) {
          const KindTraits* traits = patch.component<KindTraits>();
          trait = traits == nullptr ? nullptr : traits->find(params_.prey, params_.attach.scale.trait);
          if (trait == nullptr) {
            contact.section("attach").section("scale_by").fail(
                "trait", fmt::format("kind '{}' has no trait '{}' (declare it under its traits:)", params_.prey,
                                     params_.attach.scale.trait));
          }
          trait_rng = sim.rng(trait->purpose(patch.name()));
        }
        auto process = std::make_unique<AttachKillProcess>(patch, kind_, *prey, kills_, *attached_, rate,
                                                           params_.attach, trait, trait_rng,
                                                           sim.rng("walker.contact." + purpose));
        const AttachKillProcess* counter = process.get();
        kills = [counter](const Simulation&) { return static_cast<double>(counter->total_kills()); };
        sim.scheduler().add_process("contact." + purpose, Phase::Interact, period, std::move(process));
      } else {
        auto process = std::make_unique<ContactKillProcess>(patch, kind_, *prey, kills_, rate,
                                                            sim.rng("walker.contact." + purpose));
        const ContactKillProcess* counter = process.get();
        kills = [counter](const Simulation&) { return static_cast<double>(counter->total_kills()); };
        sim.scheduler().add_process("contact." + purpose, Phase::Interact, period, std::move(process));
      }
      sim.add_readout({patch.name() + "." + kind_.name() + ".kills", "1", std::move(kills)});
    }
    if (params_.division_rate > 0 || params_.death_rate > 0) {
      sim.scheduler().add_process(
          "population." + purpose, Phase::Population,
          period_ticks(sim, section_.section("population"), "period", params_.population_period),
          std::make_unique<PopulationProcess>(patch, kind_, params_.division_rate, params_.death_rate,
                                              sim.rng("walker.population." + purpose)));
    }
    install_exchange(sim, patch, kind_, section_);
    std::vector<std::array<double, 3>> points;
    const std::size_t first = kind_.size();
    place_agents(kind_, params_.count, params_.placement, patch.lattice(), patch.occupancy(),
                 sim.rng("walker.placement." + purpose), 0, heading_ ? &points : nullptr);
    if (heading_) {
      // A persistent walker starts at its placed point: its offset from the voxel centre.
      const std::array<std::span<float>, 3> offset{kind_.column(heading_->offset_x), kind_.column(heading_->offset_y),
                                                   kind_.column(heading_->offset_z)};
      for (std::size_t k = 0; k < points.size(); ++k) {
        const auto c = patch.lattice().centre(kind_.voxels()[first + k]);
        for (int a = 0; a < 3; ++a) offset[a][first + k] = static_cast<float>(points[k][a] - c[a]);
      }
    }
  }

 private:
  config::Section section_;
  WalkerParams params_;
  AgentKind& kind_;
  ColumnRef<std::uint32_t> kills_;
  std::optional<HeadingColumns> heading_;
  std::optional<ColumnRef<std::uint64_t>> attached_;
};

class TargetModel final : public KindModel {
 public:
  TargetModel(const config::Section& s, Patch& patch, const std::string& name)
      : section_(s), params_(TargetParams::read(s, name)),
        kind_(patch.add_kind(name, Mobility::Static, params_.volume)) {
    KindTraits::declare(patch, params_.traits);
  }

  void install(Simulation& sim, Patch& patch) override {
    install_exchange(sim, patch, kind_, section_);
    place_agents(kind_, params_.count, params_.placement, patch.lattice(), patch.occupancy(),
                 sim.rng("target.placement." + patch.name() + "." + kind_.name()), 0);
  }

 private:
  config::Section section_;
  TargetParams params_;
  AgentKind& kind_;
};

}  // namespace

void register_walker_model(Registry& registry) {
  registry.add_kind_model("walker", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<WalkerModel>(s, patch, name);
  });
  registry.add_kind_model("target", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<TargetModel>(s, patch, name);
  });
  register_walker_docs(registry);
}

}  // namespace msabm::walkers
