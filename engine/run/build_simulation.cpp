#include "engine/run/build_simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/run/build_patch.hpp"
#include "engine/run/protocol_config.hpp"

namespace msabm {

namespace {

ClockSettings read_clock(const config::Section& time) {
  ClockSettings c;
  c.step = time.quantity("step", "min", "1 min", config::Range::positive());
  c.duration = time.quantity("duration", "min", config::Range::non_negative());
  c.day_zero = time.quantity("day_zero", "min", "0 min", config::Range::non_negative());
  // The run lasts a whole number of steps (the nearest): "90 s" at 1 min steps runs 2.
  const double steps = c.duration / c.step;
  const double whole = std::round(steps);
  if (std::abs(steps - whole) > 1e-9 * std::max(1.0, steps)) {
    time.warn("duration", fmt::format("{:g} min is not a whole number of steps of {:g} min (time.step): the run "
                                      "lasts {:g} steps, {:g} min",
                                      c.duration, c.step, whole, whole * c.step));
  }
  return c;
}

/// Run-time patches: the builder reads the template's section each time a patch is created
/// (by a protocol action, and again on restart). Each template is validated at load, and its
/// keys marked known, by creating it once as a patch named "<template>.check" and removing it.
void read_patch_templates(const config::Section& root, Simulation& sim, const Registry& registry) {
  const config::Section templates = root.section("patch_templates");
  const std::vector<std::string> names = templates.keys();
  if (names.empty()) return;
  sim.set_patch_builder([templates, registry](Simulation& s, const std::string& template_name,
                                              const std::string& patch_name, std::uint16_t) -> Patch& {
    PatchModels models = read_patch(templates.section(template_name), patch_name, s, registry);
    models.install(s);
    return *models.patch;
  });
  for (const auto& name : names) {
    sim.add_patch_template(name);
    sim.remove_patch(sim.create_patch(name, name + ".check").uid());
  }
}

}  // namespace

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
      time.fail("sort_interval", fmt::format("{:g} min is not a whole multiple of time.step ({:g} min)", sort_every,
                                             clock.step));
    }
  }

  // Patches first, with their kinds; systemic models; then every model installs (all kinds
  // and tables exist by then, so models can refer to each other).
  const config::Section patches = root.section("patches");
  const std::vector<std::string> patch_names = patches.keys();
  if (patch_names.empty()) patches.fail("", "at least one patch is required");
  std::vector<PatchModels> models;
  for (const auto& name : patch_names) models.push_back(read_patch(patches.section(name), name, *sim, registry));
  std::vector<std::unique_ptr<Model>> systemic;
  for (const auto& [section, factory] : registry.systemic_models()) {
    if (root.has(section)) systemic.push_back(factory(root.section(section), *sim));
  }
  for (auto& m : systemic) {
    m->install(*sim);
    sim->keep_alive(std::shared_ptr<Model>(std::move(m)));
  }
  for (auto& m : models) m.install(*sim);
  read_patch_templates(root, *sim, registry);

  const config::Section readouts = root.section("readouts");
  for (const auto& name : readouts.keys()) {
    const config::Section rs = readouts.section(name);
    if (sim->find_readout(name) != nullptr) rs.fail("", fmt::format("a readout named '{}' exists already", name));
    (*registry.readout(rs.choice("model", registry.readout_names())))(rs, *sim, name);
  }
  read_protocol(root, *sim, registry);
  return sim;
}

}  // namespace msabm
