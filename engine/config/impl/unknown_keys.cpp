#include "engine/config/impl/unknown_keys.hpp"

#include <string>

#include <fmt/format.h>

#include "engine/units/suggest.hpp"

namespace msabm::config::impl {
namespace {

// An unread key is reported at its top: nothing inside it was read either.
void walk(const NodeState& node, const std::string& path, std::vector<ConfigError>& out) {
  if (node.kind == NodeState::Kind::Map) {
    for (const auto& e : node.entries) {
      const std::string key_path = path.empty() ? e.key : path + "." + e.key;
      if (!e.used) {
        out.emplace_back(e.key_where, key_path, unknown_message(e.key, node.asked));
      } else {
        walk(*e.value, key_path, out);
      }
    }
  } else if (node.kind == NodeState::Kind::Sequence) {
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      walk(*node.items[i], fmt::format("{}[{}]", path, i), out);
    }
  }
}

}  // namespace

std::string unknown_message(const std::string& key, const std::vector<std::string>& known) {
  if (const auto near = units::closest(key, known)) {
    return fmt::format("unknown key '{}' (did you mean '{}'?)", key, *near);
  }
  if (known.empty()) return fmt::format("unknown key '{}' (no keys are expected here)", key);
  return fmt::format("unknown key '{}' (valid keys here: {})", key, units::join_list(known));
}

std::vector<ConfigError> unread_keys(const NodeState& root) {
  std::vector<ConfigError> out;
  walk(root, "", out);
  return out;
}

}  // namespace msabm::config::impl
