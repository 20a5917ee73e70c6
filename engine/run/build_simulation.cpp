#include "engine/run/build_simulation.hpp"

#include <fmt/format.h>

#include "engine/core/region.hpp"
#include "engine/fields/field_config.hpp"
#include "engine/fields/field_set.hpp"
#include "engine/run/field_process.hpp"

namespace msabm {

namespace {

ClockSettings read_clock(const config::Section& time) {
  ClockSettings c;
  c.step = time.quantity("step", "min", "1 min", config::Range::positive());
  c.duration = time.quantity("duration", "min", config::Range::non_negative());
  return c;
}

Patch read_patch(const config::Section& s, const std::string& name) {
  const config::Section lat = s.section("lattice");
  LatticeShape shape;
  const auto dims = lat.integer3("dims", {20, 20, 20}, 1, 4096);
  for (int a = 0; a < 3; ++a) shape.dims[a] = static_cast<int>(dims[a]);
  if (dims[0] * dims[1] * dims[2] >= 0xFFFFFFFFll) lat.fail("dims", "too many voxels (>= 2^32)");
  shape.voxel_size = lat.quantity("voxel_size", "um", "10 um", config::Range::positive());
  shape.origin = lat.quantity3("origin", "um", "[0 um, 0 um, 0 um]");
  const auto capacity = static_cast<std::uint16_t>(lat.integer("capacity", 1, 1, 65535));

  // Tissue labels: names, then regions painted in order (later regions win).
  std::vector<std::string> labels;
  const config::Section tissue = lat.section("tissue");
  for (const auto& label : tissue.keys()) labels.push_back(label);
  if (labels.empty()) labels.push_back("white_matter");
  Patch patch(name, shape, capacity, labels);
  if (labels.size() > 255) lat.fail("tissue", "at most 255 tissue labels");
  for (std::size_t l = 0; l < labels.size() && tissue.has(labels[l]); ++l) {
    const config::Section label_section = tissue.section(labels[l]);
    for (const config::Section& r : label_section.list("regions")) {
      const Region region = read_region(r);
      for (VoxelIndex v : region.voxels(patch.lattice())) {
        patch.lattice().set_label(v, static_cast<std::uint8_t>(l));
      }
    }
  }
  return patch;
}

std::function<void(Simulation&)> add_agents_action(const config::Section& e, Simulation& sim) {
  const std::string patch_name = e.string("patch");
  Patch* patch = sim.find_patch(patch_name);
  if (patch == nullptr) e.fail("patch", fmt::format("no patch named '{}'", patch_name));
  const std::string kind_name = e.string("kind");
  if (patch->find_kind(kind_name) == nullptr) {
    e.fail("kind", fmt::format("patch '{}' has no agent kind '{}'", patch_name, kind_name));
  }
  const auto count = static_cast<std::size_t>(e.integer("count", 0, 0, 100'000'000));
  const Region region = read_region(e.section("region"));
  return [patch, kind_name, count, region](Simulation& s) {
    AgentKind& kind = *patch->find_kind(kind_name);
    place_agents(kind, count, region, patch->lattice(), patch->occupancy(),
                 s.rng("protocol.add_agents." + patch->name()), static_cast<std::uint64_t>(s.tick()));
  };
}

std::function<void(Simulation&)> remove_agents_action(const config::Section& e, Simulation& sim) {
  const std::string patch_name = e.string("patch");
  Patch* patch = sim.find_patch(patch_name);
  if (patch == nullptr) e.fail("patch", fmt::format("no patch named '{}'", patch_name));
  const std::string kind_name = e.string("kind");
  if (patch->find_kind(kind_name) == nullptr) {
    e.fail("kind", fmt::format("patch '{}' has no agent kind '{}'", patch_name, kind_name));
  }
  const double fraction = e.number("fraction", config::Range::probability());
  return [patch, kind_name, fraction](Simulation& s) {
    AgentKind& kind = *patch->find_kind(kind_name);
    const CounterRng rng = s.rng("protocol.remove_agents." + patch->name() + "." + kind_name);
    const auto ids = kind.ids();
    for (std::size_t i = 0; i < kind.size(); ++i) {
      if (rng.uniform(ids[i], static_cast<std::uint64_t>(s.tick())) < fraction) kind.mark_dead(i);
    }
    kind.note_pending();
    kind.commit(patch->occupancy());
  };
}

}  // namespace

void register_engine_actions(Registry& registry) {
  registry.add_action("add_agents", add_agents_action);
  registry.add_action("remove_agents", remove_agents_action);
}

std::unique_ptr<Simulation> build_simulation(const config::Section& root, const Registry& registry,
                                             const BuildOptions& options) {
  const auto config_seed = static_cast<std::uint64_t>(root.integer("seed", 1, 0));
  const std::uint64_t seed = options.seed.value_or(config_seed);
  const config::Section time = root.section("time");
  const ClockSettings clock = read_clock(time);
  auto sim = std::make_unique<Simulation>(seed, clock, options.threads);
  const double sort_every = time.quantity("sort_interval", "min", "10 min", config::Range::non_negative());
  if (sort_every > 0) {
    try {
      sim->set_sort_interval(sim->ticks_for(sort_every));
    } catch (const std::invalid_argument&) {
      time.fail("sort_interval", "must be a whole multiple of time.step");
    }
  }

  // Patches first, then kinds (all of them exist before any model installs its processes).
  const config::Section patches = root.section("patches");
  const std::vector<std::string> patch_names = patches.keys();
  if (patch_names.empty()) patches.fail("", "at least one patch is required");
  std::vector<std::pair<Patch*, std::unique_ptr<KindModel>>> models;
  for (const auto& name : patch_names) {
    const config::Section ps = patches.section(name);
    Patch& patch = sim->add_patch(read_patch(ps, name));
    if (ps.has("fields")) {
      fields::FieldsConfig fc = fields::read_fields(ps.section("fields"), patch.lattice(), patch.label_names());
      try {
        patch.set_fields(std::make_unique<FieldSet>(patch.lattice(), std::move(fc.substances), fc.solver));
      } catch (const std::invalid_argument& e) {
        ps.fail("fields", e.what());
      }
    }
  }
  for (std::size_t p = 0; p < patch_names.size(); ++p) {
    Patch& patch = sim->patches()[p];
    const config::Section agents = patches.section(patch_names[p]).section("agents");
    for (const auto& kind_name : agents.keys()) {
      const config::Section ks = agents.section(kind_name);
      const std::string model = ks.choice("model", registry.kind_model_names());
      models.emplace_back(&patch, (*registry.kind_model(model))(ks, patch, kind_name));
    }
  }
  for (auto& [patch, model] : models) model->install(*sim, *patch);

  // Fields advance once per base tick, before agents sense them.
  install_field_processes(*sim);

  for (const config::Section& e : root.list("protocol")) {
    const double at = e.quantity("at", "min", config::Range::non_negative());
    const std::string action = e.choice("action", registry.action_names());
    sim->scheduler().add_event(
        ProtocolEvent{at, fmt::format("{}@{} min", action, at), (*registry.action(action))(e, *sim)});
  }
  return sim;
}

}  // namespace msabm
