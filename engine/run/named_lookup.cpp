#include "engine/run/named_lookup.hpp"

#include <fmt/format.h>

namespace msabm {

std::string names_or_none(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

Patch& patch_named(const config::Section& s, const Simulation& sim, std::string_view key) {
  const std::string name = s.string(key);
  Patch* patch = sim.find_patch(name);
  if (patch == nullptr) {
    std::vector<std::string> known;
    for (const Patch& p : sim.patches()) known.push_back(p.name());
    s.fail(key, fmt::format("no patch named '{}' (patches: {})", name, names_or_none(known)));
  }
  return *patch;
}

AgentKind& kind_named(const config::Section& s, Patch& patch, std::string_view key) {
  const std::string name = s.string(key);
  AgentKind* kind = patch.find_kind(name);
  if (kind == nullptr) {
    std::vector<std::string> known;
    for (const auto& k : patch.kinds()) known.push_back(k->name());
    s.fail(key, fmt::format("patch '{}' has no agent kind '{}' (kinds: {})", patch.name(), name,
                            names_or_none(known)));
  }
  return *kind;
}

}  // namespace msabm
