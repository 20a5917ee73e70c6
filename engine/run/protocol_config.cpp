#include "engine/run/protocol_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "engine/core/period_config.hpp"
#include "engine/core/region.hpp"
#include "engine/run/named_lookup.hpp"
#include "engine/run/readout_config.hpp"

namespace msabm {

namespace {

/// How long a modification lasts (`for`, min; absent: for good, returned as 0).
double duration_of(const config::Section& e) {
  return e.has("for") ? e.quantity("for", "min", config::Range::positive()) : 0.0;
}
std::int64_t until_tick(double span, const Simulation& sim) {
  if (span <= 0) return ParameterStore::kForever;
  return sim.tick() + std::max<std::int64_t>(1, sim.tick_at_or_after(span));
}

ParameterHandle parameter_named(const config::Section& e, const Simulation& sim) {
  const std::string name = e.string("parameter");
  if (!sim.parameters().has(name)) {
    std::string known;
    for (std::size_t i = 0; i < sim.parameters().size(); ++i) {
      known += (known.empty() ? "" : ", ") + sim.parameters().name({static_cast<std::uint32_t>(i)});
    }
    e.fail("parameter", fmt::format("no model parameter named '{}' (declared: {})", name,
                                    known.empty() ? "none" : known));
  }
  return sim.parameters().handle(name);
}

std::function<void(Simulation&)> add_agents_action(const config::Section& e, Simulation& sim) {
  Patch& patch = patch_named(e, sim);
  const std::string kind_name = kind_named(e, patch).name();
  const auto count = static_cast<std::size_t>(e.integer("count", 0, 0, 100'000'000));
  const Region region = read_region(e.section("region"));
  if (count > 0 && region.voxels(patch.lattice()).empty()) {
    // Known now; otherwise the run would stop with this error when the event fires.
    e.error("region", fmt::format("the region holds no voxel of patch '{}' (voxel centres span {}): the {} "
                                  "agents cannot be placed; move the region inside the lattice",
                                  patch.name(), lattice_span(patch.lattice()), count));
  }
  const std::string patch_name = patch.name();
  return [patch_name, kind_name, count, region](Simulation& s) {
    Patch* p = s.find_patch(patch_name);
    if (p == nullptr) return;  // removed since
    AgentKind& kind = *p->find_kind(kind_name);
    place_agents(kind, count, region, p->lattice(), p->occupancy(), s.rng("protocol.add_agents." + patch_name),
                 static_cast<std::uint64_t>(s.tick()));
  };
}

std::function<void(Simulation&)> remove_agents_action(const config::Section& e, Simulation& sim) {
  Patch& patch = patch_named(e, sim);
  const std::string kind_name = kind_named(e, patch).name();
  const double fraction = e.number("fraction", config::Range::probability());
  // Optional: only agents whose voxel centre lies in the region (a focal insult).
  const std::optional<Region> region =
      e.has("region") ? std::optional<Region>(read_region(e.section("region"))) : std::nullopt;
  if (region) warn_if_outside(e.section("region"), *region, patch.lattice());
  const std::string patch_name = patch.name();
  return [patch_name, kind_name, fraction, region](Simulation& s) {
    Patch* p = s.find_patch(patch_name);
    if (p == nullptr) return;
    AgentKind& kind = *p->find_kind(kind_name);
    const CounterRng rng = s.rng("protocol.remove_agents." + patch_name + "." + kind_name);
    const auto ids = kind.ids();
    const auto voxels = kind.voxels();
    for (std::size_t i = 0; i < kind.size(); ++i) {
      if (region && !region->contains(p->lattice().centre(voxels[i]))) continue;
      if (rng.uniform(ids[i], static_cast<std::uint64_t>(s.tick())) < fraction) kind.mark_dead(i);
    }
    kind.note_pending();
    kind.commit(p->occupancy());
  };
}

std::function<void(Simulation&)> set_parameter_action(const config::Section& e, Simulation& sim) {
  const ParameterHandle h = parameter_named(e, sim);
  const std::string& units = sim.parameters().units(h);
  const double value = units == "1" ? e.number("value") : e.quantity("value", units);
  const double span = duration_of(e);
  return [h, value, span](Simulation& s) { s.parameters().set(h, value, s.tick(), until_tick(span, s)); };
}

std::function<void(Simulation&)> scale_parameter_action(const config::Section& e, Simulation& sim) {
  const ParameterHandle h = parameter_named(e, sim);
  const double factor = e.number("factor", config::Range::non_negative());
  const double span = duration_of(e);
  return [h, factor, span](Simulation& s) { s.parameters().scale(h, factor, s.tick(), until_tick(span, s)); };
}

std::function<void(Simulation&)> create_patch_action(const config::Section& e, Simulation& sim) {
  const std::string template_name = e.string("template");
  if (!sim.has_patch_template(template_name)) {
    e.fail("template", fmt::format("no patch template named '{}' under patch_templates", template_name));
  }
  const std::string name = e.string("name");
  if (sim.find_patch(name) != nullptr) e.fail("name", fmt::format("a patch named '{}' exists already", name));
  return [template_name, name](Simulation& s) { s.create_patch(template_name, name); };
}

std::function<void(Simulation&)> remove_patch_action(const config::Section& e, Simulation& /*sim*/) {
  const std::string name = e.string("patch");
  return [name](Simulation& s) {
    if (Patch* p = s.find_patch(name)) s.remove_patch(p->uid());
  };
}

/// `when: {readout: R, above: X}` or `{readout: R, below: X}`.
std::function<bool(const Simulation&)> read_condition(const config::Section& w, const Simulation& sim) {
  const Readout& r = readout_named(w, "readout", sim);
  if (w.has("above") == w.has("below")) w.fail("", "give exactly one of 'above' and 'below'");
  const bool above = w.has("above");
  // In the readout's own units (a crossing time in d takes "2 d" or "48 h").
  const double threshold = threshold_in(w, above ? "above" : "below", r.units);
  const std::string readout = r.name;
  return [readout, above, threshold](const Simulation& s) {
    const double v = s.find_readout(readout)->measure(s);
    return above ? v > threshold : v < threshold;
  };
}

}  // namespace

void read_protocol(const config::Section& root, Simulation& sim, const Registry& registry) {
  const double step = sim.clock().step;
  const double start = -sim.clock().day_zero;  // the run's start, relative to day 0
  auto ticks_of = [&](const config::Section& e, std::string_view key, double t) {
    if (t < start - 1e-9 * step) {
      e.fail(key, fmt::format("{} min relative to day 0 is before the run starts ({} min; set time.day_zero "
                              "earlier or the event later)", t, start));
    }
    return sim.tick_at_or_after(t + sim.clock().day_zero);
  };
  const double day_zero = sim.clock().day_zero;
  for (const config::Section& e : root.list("protocol")) {
    ProtocolEvent event;
    const double at = e.quantity("at", "min");
    event.first_tick = ticks_of(e, "at", at);
    // Events happen at steps: one between steps waits for the next; one at or after the end
    // of the run (its last step starts at duration - step) never happens.
    const double fires_at = static_cast<double>(event.first_tick) * step - day_zero;
    if (event.first_tick >= sim.total_ticks()) {
      e.warn("at", fmt::format("{:g} min relative to day 0 is at or after the end of the run ({:g} min, "
                               "time.duration - time.day_zero): the event never fires",
                               at, static_cast<double>(sim.total_ticks()) * step - day_zero));
    } else if (std::abs(fires_at - at) > 1e-9 * std::max(step, std::abs(at))) {
      e.warn("at", fmt::format("{:g} min relative to day 0 falls between steps of {:g} min: the event fires "
                               "at the next step, {:g} min",
                               at, step, fires_at));
    }
    if (e.has("every")) {
      const double every = e.quantity("every", "min", config::Range::positive());
      event.every_ticks = period_ticks(sim, e, "every", every);
      event.max_count = e.integer("times", 0, 0);
    }
    if (e.has("until")) {
      const double until = e.quantity("until", "min");
      if (until < at) e.fail("until", "is before 'at'");
      event.last_tick = static_cast<std::int64_t>(std::floor((until + sim.clock().day_zero) / step + 1e-9));
    }
    if (e.has("when")) {
      const config::Section w = e.section("when");
      event.condition = read_condition(w, sim);
      const double check = w.quantity("check_every", "min", "1 h", config::Range::positive());
      event.check_ticks = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(check / step)));
      if (std::abs(static_cast<double>(event.check_ticks) * step - check) > 1e-9 * std::max(step, check)) {
        w.warn("check_every", fmt::format("{:g} min is not a whole number of steps of {:g} min: the condition is "
                                          "checked every {} step{} ({:g} min)",
                                          check, step, event.check_ticks, event.check_ticks == 1 ? "" : "s",
                                          static_cast<double>(event.check_ticks) * step));
      }
    }
    const std::string action = e.choice("action", registry.action_names());
    event.name = fmt::format("{}@{} min", action, at);
    event.action = (*registry.action(action))(e, sim);
    sim.protocol().add(std::move(event));
  }
}

void register_engine_actions(Registry& registry) {
  registry.add_action("add_agents", add_agents_action);
  registry.add_action("remove_agents", remove_agents_action);
  registry.add_action("set_parameter", set_parameter_action);
  registry.add_action("scale_parameter", scale_parameter_action);
  registry.add_action("create_patch", create_patch_action);
  registry.add_action("remove_patch", remove_patch_action);
}

}  // namespace msabm
