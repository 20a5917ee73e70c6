// A sweep plan: loading (read the sweep file, then lay out its design), the members' overrides,
// and the up-front validation of every member's config.
#include "engine/sweep/plan.hpp"

#include <fmt/format.h>

#include "engine/core/rng.hpp"
#include "engine/run/run_command.hpp"
#include "engine/sweep/design.hpp"
#include "engine/sweep/sweep_file.hpp"

namespace msabm::sweep {
namespace fs = std::filesystem;

std::vector<std::string> Plan::overrides(const Member& m) const {
  std::vector<std::string> list;
  list.reserve(fixed.size() + keys.size());
  for (const auto& f : fixed) list.push_back(f.key + "=" + f.yaml);
  for (std::size_t k = 0; k < keys.size(); ++k)
    list.push_back(keys[k].key + "=" + m.values[k].yaml);
  return list;
}

std::string Plan::describe(const Member& m) const {
  std::string text;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    text += (text.empty() ? "" : ", ") + keys[k].key + "=" + m.values[k].yaml;
  }
  return text.empty() ? "no varied keys" : text;
}

std::string Plan::fingerprint() const {
  std::string text = name + "\n" + base.filename().string() + "\n";
  for (const auto& m : members) {
    text += fmt::format("{} {}", m.id, m.seed);
    for (const auto& o : overrides(m)) text += " " + o;
    text += "\n";
  }
  return fmt::format("{:016x}", purpose_key(text));
}

std::string Plan::sampling_name() const {
  switch (sampling) {
    case Sampling::Grid:
      return "grid";
    case Sampling::Random:
      return "random";
    case Sampling::LatinHypercube:
      return "latin_hypercube";
  }
  return "grid";
}

Plan load_plan(const fs::path& sweep_file) {
  SweepFile file = read_sweep_file(sweep_file);
  add_members(file.plan, design_points(file.plan, file.specs));
  return std::move(file.plan);
}

void validate_members(const Plan& plan, const Registry& registry,
                      const std::function<void(int, int)>& progress) {
  const auto where_of = [&](const std::string& key_path) -> Location {
    const auto covers = [&](const std::string& k) {
      return key_path == k || key_path.rfind(k + ".", 0) == 0 || key_path.rfind(k + "[", 0) == 0;
    };
    for (const auto& k : plan.keys) {
      if (covers(k.key)) return k.where;
    }
    for (const auto& f : plan.fixed) {
      if (covers(f.key)) return f.where;
    }
    return {plan.file.string(), 0, 0};
  };
  for (int p = 0; p < plan.points; ++p) {
    const Member& m = plan.members[static_cast<std::size_t>(p * plan.replicates)];
    try {
      check_config(ConfigRequest{plan.base, plan.overrides(m)}, registry);
    } catch (const ConfigError& e) {
      const Location at =
          e.where().file == "--set" ? where_of(e.key_path()) : Location{plan.file.string(), 0, 0};
      throw InputError(
          fmt::format("{}: member {} ({}): {}", at.to_string(), m.id, plan.describe(m), e.what()));
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: member {} ({}): {}", plan.file.string(), m.id,
                                   plan.describe(m), e.what()));
    }
    if (progress) progress(p + 1, plan.points);
  }
}

}  // namespace msabm::sweep
