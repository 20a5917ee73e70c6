// Reading one `vary:` entry of a sweep file: a list of values, a range {start, stop, step|num}
// or a draw {uniform | log_uniform | normal | lognormal | choice: ...}.
#include <cmath>

#include <fmt/format.h>

#include "engine/sweep/varied_key.hpp"

namespace msabm::sweep {
namespace {

const std::vector<std::string> kDraws = {"uniform", "log_uniform", "normal", "lognormal", "choice"};
const std::vector<std::string> kRangeKeys = {"start", "stop", "step", "num", "spacing"};

std::string format_number(double v) {
  return fmt::format("{:.8g}", v);
}

/// A numeric parameter in the key's unit; the first one read fixes the unit.
double in_key_unit(const config::Node& node, std::optional<std::string>& unit) {
  if (!unit) unit = node.measure().unit;
  return node.measure_in(*unit);
}

/// [low, high]
std::vector<config::Node> bounds(const config::Node& node) {
  if (!node.is_list() || node.items().size() != 2) {
    node.fail("expected [low, high], found " + node.describe());
  }
  return node.items();
}

/// A list of values (any YAML); numbers among them are taken in the unit of the first.
void read_values(const config::Node& list, KeySpec& spec, const std::string& what) {
  const auto items = list.items();
  if (items.empty()) list.fail(what + " has no values");
  std::optional<std::string> unit;
  for (const auto& item : items) {
    Value v{item.yaml(), std::nullopt};
    if (item.try_measure()) v.number = in_key_unit(item, unit);
    spec.discrete.push_back(std::move(v));
  }
  spec.info.unit = unit.value_or("");
}

void read_range(const config::Section& range, KeySpec& spec) {
  range.expect_keys(kRangeKeys);
  if (!range.has("stop")) spec.node.fail("a range needs 'start' and 'stop', and 'step' or 'num'");
  if (range.has("step") == range.has("num")) {
    spec.node.fail("a range needs exactly one of 'step' (spacing of values) or 'num' (count)");
  }
  spec.info.kind = "range";
  std::optional<std::string> unit;
  const double start = in_key_unit(range.node("start"), unit);
  const double stop = in_key_unit(range.node("stop"), unit);
  std::vector<double> values;
  bool whole = false;
  if (range.has("step")) {
    if (range.has("spacing")) range.fail("spacing", "'spacing' goes with 'num', not 'step'");
    const config::Node step_node = range.node("step");
    const double step = in_key_unit(step_node, unit);
    if (step == 0 || (stop - start) * step < 0) {
      step_node.fail(fmt::format("step {} does not lead from {} to {}", format_number(step),
                                 format_number(start), format_number(stop)));
    }
    const double count = std::floor((stop - start) / step + 1e-9) + 1;
    if (count > static_cast<double>(kMaxMembers)) spec.node.fail("range has too many values");
    const auto n = static_cast<long long>(count);
    for (long long i = 0; i < n; ++i) values.push_back(start + static_cast<double>(i) * step);
    whole = unit->empty() && start == std::round(start) && step == std::round(step);
  } else {
    const std::int64_t n = range.integer("num", 1, 1, kMaxMembers);
    const std::string spacing = range.choice("spacing", "linear", {"linear", "log"});
    if (spacing == "log" && (start <= 0 || stop <= 0)) {
      spec.node.fail("log spacing needs start and stop above zero");
    }
    for (std::int64_t i = 0; i < n; ++i) {
      const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
      values.push_back(spacing == "log" ? start * std::pow(stop / start, t)
                                        : start + t * (stop - start));
    }
    if (n > 1) values.back() = stop;  // exact end point
  }
  spec.info.unit = *unit;
  for (double v : values) spec.discrete.push_back(number_value(v, spec.info.unit, whole));
}

void read_choice(const config::Section& draw, const config::Node& values, KeySpec& spec) {
  if (!values.is_list()) values.fail("expected a list of values, found " + values.describe());
  read_values(values, spec, "choice");
  if (draw.has("integer") || draw.has("clip")) {
    spec.node.fail("'integer' and 'clip' apply to numeric draws, not to a choice");
  }
  const config::Node weights = draw.node("weights");
  if (!weights.present()) return;
  if (!weights.is_list() || weights.items().size() != spec.discrete.size()) {
    weights.fail(fmt::format("expected a list of {} weights, one per value", spec.discrete.size()));
  }
  double sum = 0;
  for (const auto& w : weights.items()) {
    sum += w.number(config::Range::non_negative());
    spec.cumulative.push_back(sum);
  }
  if (sum <= 0) weights.fail("weights must not all be zero");
  for (double& c : spec.cumulative) c /= sum;
}

void read_draw(const config::Section& draw, KeySpec& spec, const std::string& kind) {
  draw.expect_keys({kind, "integer", "clip", "weights"});
  const config::Node params = draw.node(kind);
  spec.info.kind = kind;
  if (kind == "choice") {
    read_choice(draw, params, spec);
    return;
  }
  if (draw.has("weights")) draw.fail("weights", "'weights' go with a 'choice'");
  std::optional<std::string> unit;
  if (kind == "uniform" || kind == "log_uniform") {
    const auto b = bounds(params);
    spec.a = in_key_unit(b[0], unit);
    spec.b = in_key_unit(b[1], unit);
    if (!(spec.a < spec.b)) params.fail("low must be below high");
    if (kind == "log_uniform" && spec.a <= 0) params.fail("log_uniform needs low above zero");
  } else {
    if (!params.is_map()) params.fail("expected a map, found " + params.describe());
    const config::Section p = params.section();
    const std::string centre = kind == "normal" ? "mean" : "median";
    const std::string spread = kind == "normal" ? "sd" : "sigma";
    p.expect_keys({centre, spread});
    if (!p.has(centre) || !p.has(spread)) {
      params.fail(fmt::format("{} needs '{}' and '{}'", kind, centre, spread));
    }
    spec.a = in_key_unit(p.node(centre), unit);
    if (kind == "normal") {
      const config::Node sd = p.node(spread);
      spec.b = in_key_unit(sd, unit);
      if (spec.b < 0) sd.fail("the spread must be >= 0");
    } else {
      spec.b = p.quantity(spread, "", config::Range::non_negative());
      if (spec.a <= 0) p.fail(centre, "the median must be above zero");
    }
  }
  if (const config::Node clip = draw.node("clip"); clip.present()) {
    const auto b = bounds(clip);
    const double lo = in_key_unit(b[0], unit);
    const double hi = in_key_unit(b[1], unit);
    if (!(lo <= hi)) clip.fail("low must not be above high");
    spec.clip = std::make_pair(lo, hi);
  }
  spec.info.unit = unit.value_or("");
  spec.integer = draw.boolean("integer", false);
  if (spec.integer && !spec.info.unit.empty()) {
    draw.fail("integer", "'integer' applies to plain numbers (counts), not quantities");
  }
}

}  // namespace

KeySpec read_varied_key(const config::Section& vary, const std::string& key) {
  KeySpec spec(vary.node(key));
  spec.info.key = key;
  spec.info.where = vary.location(key);
  const config::Node& node = spec.node;
  if (key.empty() || key.front() == '.' || key.back() == '.' ||
      key.find("..") != std::string::npos || key.find('=') != std::string::npos) {
    node.fail(fmt::format("'{}' is not a config key path like 'a.b.c'", key));
  }
  if (key == "seed")
    node.fail("seeds are set by 'replicates' (and 'seed' for the sweep), not varied");
  if (node.is_list()) {
    spec.info.kind = "list";
    read_values(node, spec, "the list");
    return spec;
  }
  if (!node.is_map()) {
    node.fail(
        fmt::format("expected a list of values, a range {{start, stop, step}} or a draw "
                    "{{uniform: [low, high]}}, found {} (a fixed value goes under 'set:')",
                    node.describe()));
  }
  const config::Section map = node.section();
  if (map.has("start")) {
    read_range(map, spec);
    return spec;
  }
  std::vector<std::string> kinds;
  for (const auto& d : kDraws) {
    if (map.has(d)) kinds.push_back(d);
  }
  if (kinds.size() != 1) {
    std::vector<std::string> known = kRangeKeys;
    known.insert(known.end(), kDraws.begin(), kDraws.end());
    known.insert(known.end(), {"integer", "clip", "weights"});
    map.expect_keys(known);
    node.fail(kinds.empty()
                  ? "expected a range {start, stop, step|num} or one draw (uniform, "
                    "log_uniform, normal, lognormal, choice)"
                  : fmt::format("give one draw per key, found '{}'", fmt::join(kinds, "', '")));
  }
  read_draw(map, spec, kinds.front());
  return spec;
}

}  // namespace msabm::sweep
