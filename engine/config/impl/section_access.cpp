#include "engine/config/impl/section_access.hpp"

#include <limits>

#include <fmt/format.h>

#include "engine/config/impl/values.hpp"
#include "engine/config/problems.hpp"
#include "engine/units/quantity.hpp"

namespace msabm::config::impl {

std::string join_path(const std::string& base, std::string_view key) {
  if (base.empty()) return std::string(key);
  if (key.empty()) return base;
  return base + "." + std::string(key);
}

MapEntry* lookup(NodeState& map, std::string_view key) {
  map.ask(key);
  if (map.kind != NodeState::Kind::Map) return nullptr;
  MapEntry* entry = map.find(key);
  if (entry != nullptr) entry->used = true;
  return entry;
}

bool recover(const NodeState& map, const ConfigError& error) {
  if (!map.problems || !map.problems->collecting()) return false;
  map.problems->add_error(error);
  return true;
}

const std::string& scalar_text(const MapEntry& entry, const std::string& path,
                               const std::string& what) {
  if (entry.value->kind != NodeState::Kind::Scalar) {
    throw ConfigError(entry.key_where, path,
                      fmt::format("expected {}, found {}", what, entry.value->describe()));
  }
  return entry.value->text;
}

double number_value(const std::string& text, const Location& where, const std::string& path,
                    const Range& range) {
  const auto value = units::parse_number(text);
  if (!value) throw ConfigError(where, path, fmt::format("expected a number, found '{}'", text));
  if (!in_range(*value, range)) {
    throw ConfigError(where, path,
                      fmt::format("value {} is out of range {}", text, range_text(range)));
  }
  return *value;
}

std::int64_t integer_value(const std::string& text, const Location& where, const std::string& path,
                           std::int64_t min, std::int64_t max) {
  const auto value = parse_integer(text);
  if (!value) throw ConfigError(where, path, fmt::format("expected an integer, found '{}'", text));
  if (*value < min || *value > max) {
    using Limits = std::numeric_limits<std::int64_t>;
    const std::string lo = min == Limits::min() ? "(-inf" : fmt::format("[{}", min);
    const std::string hi = max == Limits::max() ? "inf)" : fmt::format("{}]", max);
    throw ConfigError(where, path, fmt::format("value {} is out of range {}, {}", text, lo, hi));
  }
  return *value;
}

}  // namespace msabm::config::impl
