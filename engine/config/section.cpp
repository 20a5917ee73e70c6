// Section: typed, validated reads of scalar values. Sub-sections, lists and the Reader are in
// reader.cpp.
#include "engine/config/section.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <optional>

#include "engine/config/impl/node_state.hpp"
#include "engine/config/impl/resolved.hpp"
#include "engine/config/impl/section_access.hpp"
#include "engine/config/impl/values.hpp"
#include "engine/config/impl/yaml_load.hpp"
#include "engine/units/quantity.hpp"
#include "engine/units/suggest.hpp"

namespace msabm::config {
namespace {

using impl::join_path;
using impl::lookup;
using impl::scalar_text;
using Kind = NodeState::Kind;

// "a length/time such as 'um/min'" (or "a dimensionless number").
std::string expected_quantity(std::string_view unit) {
  const auto dim = units::parse_unit(unit).dimension;
  if (dim.dimensionless()) return "a dimensionless number";
  return fmt::format("{} such as '{}'", units::describe_with_article(dim), unit);
}

[[noreturn]] void missing(const NodeState& node, const std::string& path, const std::string& what) {
  throw ConfigError(node.where, path, fmt::format("required key is missing (expected {})", what));
}

double convert_quantity(const std::string& text, std::string_view unit, const Location& where,
                        const std::string& path, const Range& range) {
  double value = 0.0;
  try {
    value = units::to_internal(text, unit);
  } catch (const units::UnitError& e) {
    throw ConfigError(where, path, e.what());
  }
  if (!impl::in_range(value, range)) {
    Range shown = range;
    shown.min = units::from_internal(range.min, unit);
    shown.max = units::from_internal(range.max, unit);
    const std::string suffix = unit.empty() ? "" : " " + std::string(unit);
    throw ConfigError(
        where, path,
        fmt::format("value {} is out of range {}{}", text, impl::range_text(shown), suffix));
  }
  return value;
}

double default_quantity(std::string_view text, std::string_view unit, const std::string& path) {
  try {
    return units::to_internal(text, unit);
  } catch (const units::UnitError& e) {
    throw std::logic_error(
        fmt::format("bad default '{}' for config key '{}': {}", text, path, e.what()));
  }
}

// The three texts of a quantity3 value: a list of three, or one text "[1, 2, 3] um".
std::vector<std::pair<std::string, Location>> triple(const NodeState& value,
                                                     const std::string& path, const Location& where,
                                                     std::string_view unit) {
  std::vector<std::pair<std::string, Location>> out;
  if (value.kind == Kind::Sequence) {
    for (std::size_t i = 0; i < value.items.size(); ++i) {
      const NodeState& item = *value.items[i];
      if (item.kind != Kind::Scalar) {
        throw ConfigError(
            item.where, fmt::format("{}[{}]", path, i),
            fmt::format("expected {}, found {}", expected_quantity(unit), item.describe()));
      }
      out.emplace_back(item.text, item.where);
    }
  } else if (value.kind == Kind::Scalar && value.text.starts_with('[') &&
             value.text.find(']') != std::string::npos) {
    const std::size_t close = value.text.find(']');
    const std::string inner = value.text.substr(1, close - 1);
    const std::string suffix = value.text.substr(close + 1);
    std::size_t start = 0;
    while (start <= inner.size()) {
      std::size_t comma = inner.find(',', start);
      if (comma == std::string::npos) comma = inner.size();
      out.emplace_back(inner.substr(start, comma - start) + " " + suffix, value.where);
      start = comma + 1;
    }
  } else {
    throw ConfigError(where, path,
                      fmt::format("expected a list of 3 values such as "
                                  "[\"1 {0}\", \"2 {0}\", \"3 {0}\"], found {1}",
                                  unit, value.describe()));
  }
  if (out.size() != 3) {
    throw ConfigError(where, path,
                      fmt::format("expected a list of 3 values, found {}", out.size()));
  }
  return out;
}

// `value` when it is one of `choices`; otherwise an error listing them (a wrong choice decides
// which keys are read next, so it stops the load rather than guess).
std::string one_of(const Section& s, std::string_view key, std::string value,
                   const std::vector<std::string>& choices) {
  for (const auto& c : choices) {
    if (c == value) return value;
  }
  const auto near = units::closest(value, choices);
  const std::string hint = near ? fmt::format(" (did you mean '{}'?)", *near) : "";
  throw ConfigError(s.location(key), join_path(s.path(), key),
                    fmt::format("unknown choice '{}'{}; expected one of: {}", value, hint,
                                units::join_list(choices)));
}

// A list of three integers within [min, max], recorded in `out` as written.
std::array<std::int64_t, 3> integer3_value(const MapEntry& e, const std::string& p, std::int64_t min,
                                           std::int64_t max, impl::OutNode& out, std::string_view key) {
  const NodeState& value = *e.value;
  if (value.kind != Kind::Sequence || value.items.size() != 3) {
    const std::string found = value.kind == Kind::Sequence
                                  ? fmt::format("a list of {}", value.items.size())
                                  : value.describe();
    throw ConfigError(e.key_where, p,
                      fmt::format("expected a list of 3 integers such as [50, 50, 20], found {}", found));
  }
  std::array<std::int64_t, 3> values{};
  std::vector<std::string> record;
  for (std::size_t i = 0; i < 3; ++i) {
    const NodeState& item = *value.items[i];
    const std::string ip = fmt::format("{}[{}]", p, i);
    if (item.kind != Kind::Scalar) {
      throw ConfigError(item.where, ip, fmt::format("expected an integer, found {}", item.describe()));
    }
    values[i] = impl::integer_value(item.text, item.where, ip, min, max);
    record.push_back(item.text);
  }
  out.set_flow(key, std::move(record));
  return values;
}

// The range as messages print it, in `unit` ("" when unbounded).
std::string shown_range(const Range& range, std::string_view unit) {
  if (std::isinf(range.min) && std::isinf(range.max)) return "";
  Range shown = range;
  if (!unit.empty()) {
    shown.min = units::from_internal(range.min, unit);
    shown.max = units::from_internal(range.max, unit);
  }
  return impl::range_text(shown);
}

std::string integer_range(std::int64_t min, std::int64_t max) {
  using Limits = std::numeric_limits<std::int64_t>;
  if (min == Limits::min() && max == Limits::max()) return "";
  const std::string lo = min == Limits::min() ? "(-inf" : fmt::format("[{}", min);
  const std::string hi = max == Limits::max() ? "inf)" : fmt::format("{}]", max);
  return lo + ", " + hi;
}

std::string flow_text(const std::array<std::int64_t, 3>& v) {
  return fmt::format("[{}, {}, {}]", v[0], v[1], v[2]);
}

// What a read asked for, kept beside its resolved value (msabm describe, check --print).
void record(NodeState& map, std::string_view key, std::string type, std::string unit,
            std::optional<std::string> default_text, std::string range, bool defaulted,
            std::vector<std::string> choices = {}) {
  map.out->at(key).facts = KeyFacts{std::move(type), std::move(unit), std::move(default_text),
                                    std::move(range), std::move(choices), defaulted};
}

}  // namespace

// Every read of a key with a default goes the same way: a value that is present is read as if
// required; when it is bad and the Reader collects errors, the error is recorded and the default
// used, so that reading goes on and the user sees every such error of the file at once.

double Section::quantity(std::string_view key, std::string_view unit, std::string_view default_text,
                         Range range) const {
  if (lookup(*node_, key) != nullptr) {
    try {
      const double value = quantity(key, unit, range);
      node_->out->at(key).facts.default_text = std::string(default_text);
      return value;
    } catch (const ConfigError& error) {
      if (!impl::recover(*node_, error)) throw;
    }
  }
  const double value = default_quantity(default_text, unit, join_path(path_, key));
  node_->out->set_scalar(key, std::string(default_text));
  record(*node_, key, "quantity", std::string(unit), std::string(default_text), shown_range(range, unit), true);
  return value;
}

double Section::quantity(std::string_view key, std::string_view unit, Range range) const {
  const std::string p = join_path(path_, key);
  const MapEntry* e = lookup(*node_, key);
  if (e == nullptr) missing(*node_, p, expected_quantity(unit));
  const std::string& text = scalar_text(*e, p, expected_quantity(unit));
  const double value = convert_quantity(text, unit, e->key_where, p, range);
  node_->out->set_scalar(key, text);
  record(*node_, key, "quantity", std::string(unit), std::nullopt, shown_range(range, unit), false);
  return value;
}

std::array<double, 3> Section::quantity3(std::string_view key, std::string_view unit,
                                         std::string_view default_text, Range range) const {
  const std::string p = join_path(path_, key);
  if (lookup(*node_, key) != nullptr) {
    try {
      const auto values = quantity3(key, unit, range);
      node_->out->at(key).facts.default_text = std::string(default_text);
      return values;
    } catch (const ConfigError& error) {
      if (!impl::recover(*node_, error)) throw;
    }
  }
  const NodePtr parsed = impl::parse_yaml(default_text, "<default>");
  std::vector<std::pair<std::string, Location>> texts;
  if (parsed->kind == Kind::Scalar && !parsed->text.starts_with('[')) {
    texts.assign(3, {parsed->text, node_->where});
  } else {
    texts = triple(*parsed, p, node_->where, unit);
  }
  std::array<double, 3> values{};
  std::vector<std::string> record;
  for (std::size_t i = 0; i < 3; ++i) {
    values[i] = default_quantity(texts[i].first, unit, p);
    record.push_back(texts[i].first);
  }
  node_->out->set_flow(key, std::move(record));
  config::record(*node_, key, "quantity[3]", std::string(unit), std::string(default_text), shown_range(range, unit),
                 true);
  return values;
}

std::array<double, 3> Section::quantity3(std::string_view key, std::string_view unit,
                                         Range range) const {
  const std::string p = join_path(path_, key);
  const MapEntry* e = lookup(*node_, key);
  if (e == nullptr) missing(*node_, p, "a list of 3 values in " + std::string(unit));
  const auto texts = triple(*e->value, p, e->key_where, unit);
  std::array<double, 3> values{};
  std::vector<std::string> record;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& [text, where] = texts[i];
    values[i] = convert_quantity(text, unit, where, fmt::format("{}[{}]", p, i), range);
    record.push_back(text);
  }
  node_->out->set_flow(key, std::move(record));
  config::record(*node_, key, "quantity[3]", std::string(unit), std::nullopt, shown_range(range, unit), false);
  return values;
}

double Section::number(std::string_view key, double default_value, Range range) const {
  if (lookup(*node_, key) != nullptr) {
    try {
      const double value = number(key, range);
      node_->out->at(key).facts.default_text = impl::format_number(default_value);
      return value;
    } catch (const ConfigError& error) {
      if (!impl::recover(*node_, error)) throw;
    }
  }
  node_->out->set_scalar(key, impl::format_number(default_value));
  record(*node_, key, "number", "", impl::format_number(default_value), shown_range(range, ""), true);
  return default_value;
}

double Section::number(std::string_view key, Range range) const {
  const std::string p = join_path(path_, key);
  const MapEntry* e = lookup(*node_, key);
  if (e == nullptr) missing(*node_, p, "a number");
  const std::string& text = scalar_text(*e, p, "a number");
  const double value = impl::number_value(text, e->key_where, p, range);
  node_->out->set_scalar(key, text);
  record(*node_, key, "number", "", std::nullopt, shown_range(range, ""), false);
  return value;
}

std::int64_t Section::integer(std::string_view key, std::int64_t default_value, std::int64_t min,
                              std::int64_t max) const {
  const std::string p = join_path(path_, key);
  if (const MapEntry* e = lookup(*node_, key)) {
    try {
      const std::string& text = scalar_text(*e, p, "an integer");
      const std::int64_t value = impl::integer_value(text, e->key_where, p, min, max);
      node_->out->set_scalar(key, text);
      record(*node_, key, "integer", "", std::to_string(default_value), integer_range(min, max), false);
      return value;
    } catch (const ConfigError& error) {
      if (!impl::recover(*node_, error)) throw;
    }
  }
  node_->out->set_scalar(key, std::to_string(default_value));
  record(*node_, key, "integer", "", std::to_string(default_value), integer_range(min, max), true);
  return default_value;
}

std::int64_t Section::integer(std::string_view key) const {
  const std::string p = join_path(path_, key);
  const MapEntry* e = lookup(*node_, key);
  if (e == nullptr) missing(*node_, p, "an integer");
  const std::string& text = scalar_text(*e, p, "an integer");
  const std::int64_t value = impl::integer_value(text, e->key_where, p, std::numeric_limits<std::int64_t>::min(),
                                                 std::numeric_limits<std::int64_t>::max());
  node_->out->set_scalar(key, text);
  record(*node_, key, "integer", "", std::nullopt, "", false);
  return value;
}

std::array<std::int64_t, 3> Section::integer3(std::string_view key,
                                              std::array<std::int64_t, 3> default_value,
                                              std::int64_t min, std::int64_t max) const {
  const std::string p = join_path(path_, key);
  if (const MapEntry* e = lookup(*node_, key)) {
    try {
      const auto values = integer3_value(*e, p, min, max, *node_->out, key);
      config::record(*node_, key, "integer[3]", "", flow_text(default_value), integer_range(min, max), false);
      return values;
    } catch (const ConfigError& error) {
      if (!impl::recover(*node_, error)) throw;
    }
  }
  std::vector<std::string> record;
  for (auto v : default_value) record.push_back(std::to_string(v));
  node_->out->set_flow(key, std::move(record));
  config::record(*node_, key, "integer[3]", "", flow_text(default_value), integer_range(min, max), true);
  return default_value;
}

bool Section::boolean(std::string_view key, bool default_value) const {
  const std::string p = join_path(path_, key);
  bool value = default_value;
  const bool present = lookup(*node_, key) != nullptr;
  if (const MapEntry* e = lookup(*node_, key)) {
    try {
      const std::string& text = scalar_text(*e, p, "true or false");
      const auto parsed = impl::parse_bool(text);
      if (!parsed) throw ConfigError(e->key_where, p, fmt::format("expected true or false, found '{}'", text));
      value = *parsed;
    } catch (const ConfigError& error) {
      if (!impl::recover(*node_, error)) throw;
    }
  }
  node_->out->set_scalar(key, value ? "true" : "false");
  record(*node_, key, "boolean", "", default_value ? "true" : "false", "", !present);
  return value;
}

std::string Section::string(std::string_view key, std::string_view default_value) const {
  if (lookup(*node_, key) != nullptr) {
    try {
      std::string value = string(key);
      node_->out->at(key).facts.default_text = std::string(default_value);
      return value;
    } catch (const ConfigError& error) {
      if (!impl::recover(*node_, error)) throw;
    }
  }
  node_->out->set_scalar(key, std::string(default_value));
  record(*node_, key, "text", "", std::string(default_value), "", true);
  return std::string(default_value);
}

std::string Section::string(std::string_view key) const {
  const std::string p = join_path(path_, key);
  const MapEntry* e = lookup(*node_, key);
  if (e == nullptr) missing(*node_, p, "a text");
  std::string value = scalar_text(*e, p, "a text");
  node_->out->set_scalar(key, value);
  record(*node_, key, "text", "", std::nullopt, "", false);
  return value;
}

std::string Section::choice(std::string_view key, std::string_view default_value,
                            const std::vector<std::string>& choices) const {
  std::string value = string(key, default_value);
  KeyFacts& facts = node_->out->at(key).facts;
  facts.type = "choice";
  facts.choices = choices;
  return one_of(*this, key, std::move(value), choices);
}

std::string Section::choice(std::string_view key, const std::vector<std::string>& choices) const {
  const std::string p = join_path(path_, key);
  if (lookup(*node_, key) == nullptr) {
    missing(*node_, p, "one of: " + units::join_list(choices));
  }
  std::string value = string(key);
  KeyFacts& facts = node_->out->at(key).facts;
  facts.type = "choice";
  facts.choices = choices;
  return one_of(*this, key, std::move(value), choices);
}

}  // namespace msabm::config
