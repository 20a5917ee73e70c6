#include "engine/sweep/plan.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/config/impl/suggest.hpp"
#include "engine/core/rng.hpp"
#include "engine/run/run_command.hpp"
#include "engine/units/quantity.hpp"

namespace msabm::sweep {
namespace fs = std::filesystem;

namespace {

constexpr long long kMaxMembers = 1'000'000;

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

/// Where nodes of the sweep file are, for messages.
struct Source {
  std::string file;
  [[nodiscard]] Location at(const YAML::Node& node) const {
    const YAML::Mark m = node.Mark();
    if (m.is_null()) return {file, 0, 0};
    return {file, m.line + 1, m.column + 1};
  }
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& message) const {
    throw ConfigError(at(node), key, message);
  }
};

std::string flow_yaml(const YAML::Node& node) {
  YAML::Emitter e;
  e.SetSeqFormat(YAML::Flow);
  e.SetMapFormat(YAML::Flow);
  e << node;
  return e.c_str();
}

std::string describe_node(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "no value";
  return "'" + node.Scalar() + "'";
}

/// Rejects keys of `map` that are not in `known`, suggesting the closest.
void check_keys(const Source& src, const YAML::Node& map, const std::string& path,
                const std::vector<std::string>& known) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const auto guess = config::impl::closest(key, known);
    const std::string full = path.empty() ? key : path + "." + key;
    src.fail(entry.first, full,
             guess ? fmt::format("unknown key '{}' (did you mean '{}'?)", key, *guess)
                   : fmt::format("unknown key '{}' (expected one of {})", key,
                                 config::impl::join_list(known, true)));
  }
}

std::string scalar(const Source& src, const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar())
    src.fail(node, key, "expected a single value, found " + describe_node(node));
  return node.Scalar();
}

long long integer(const Source& src, const YAML::Node& node, const std::string& key, long long min,
                  long long max) {
  const std::string text(trim(scalar(src, node, key)));
  long long v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    src.fail(node, key, fmt::format("expected a whole number, found '{}'", text));
  }
  if (v < min || v > max) {
    src.fail(node, key, fmt::format("{} is out of range (expected {} to {})", v, min, max));
  }
  return v;
}

bool boolean(const Source& src, const YAML::Node& node, const std::string& key) {
  const std::string text(trim(scalar(src, node, key)));
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  src.fail(node, key, fmt::format("expected true or false, found '{}'", text));
}

std::string choice(const Source& src, const YAML::Node& node, const std::string& key,
                   const std::vector<std::string>& choices) {
  const std::string text(trim(scalar(src, node, key)));
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  const auto guess = config::impl::closest(text, choices);
  src.fail(node, key,
           fmt::format("'{}' is not one of {}{}", text, config::impl::join_list(choices, true),
                       guess ? fmt::format(" (did you mean '{}'?)", *guess) : ""));
}

/// A quantity converted into `unit`'s dimension, returned in internal units.
double quantity(const Source& src, const YAML::Node& node, const std::string& key,
                std::string_view unit) {
  const std::string text = scalar(src, node, key);
  try {
    return units::to_internal(text, unit);
  } catch (const units::UnitError& e) {
    src.fail(node, key, e.what());
  }
}

// ---- numbers with units ----

struct Number {
  double value = 0;
  std::string unit;  ///< as written ("" for a plain number)
};

/// "15 um^2/min" -> {15, "um^2/min"}; "3" -> {3, ""}; text that is not a number: nullopt.
std::optional<Number> split_number(std::string_view text) {
  text = trim(text);
  for (std::size_t len = text.size(); len > 0; --len) {
    const auto v = units::parse_number(text.substr(0, len));
    if (!v) continue;
    Number n{*v, std::string(trim(text.substr(len)))};
    try {
      units::parse_unit(n.unit);
    } catch (const units::UnitError&) {
      return std::nullopt;
    }
    return n;
  }
  return std::nullopt;
}

/// Converts `n` into `unit` (same dimension) or throws UnitError.
double convert(const Number& n, const std::string& unit) {
  if (n.unit == unit) return n.value;
  const units::Quantity from = units::parse_unit(n.unit);
  const units::Quantity to = units::parse_unit(unit);
  if (from.dimension != to.dimension) {
    throw units::UnitError(
        fmt::format("'{}{}{}' is {}, but this key's values are {} (in '{}')", n.value,
                    n.unit.empty() ? "" : " ", n.unit, units::describe_with_article(from.dimension),
                    units::describe_with_article(to.dimension), unit.empty() ? "no unit" : unit));
  }
  return n.value * from.value / to.value;
}

/// A numeric parameter of a range or draw, converted into the key's unit (the first numeric
/// parameter fixes the unit).
double number_in_unit(const Source& src, const YAML::Node& node, const std::string& key,
                      std::string& unit, bool& unit_set) {
  const std::string text = scalar(src, node, key);
  const auto n = split_number(text);
  if (!n)
    src.fail(node, key,
             fmt::format("expected a number or a quantity such as '10 um', found '{}'", text));
  if (!unit_set) {
    unit = n->unit;
    unit_set = true;
  }
  try {
    return convert(*n, unit);
  } catch (const units::UnitError& e) {
    src.fail(node, key, e.what());
  }
}

std::string format_number(double v) {
  return fmt::format("{:.8g}", v);
}

Value make_value(double v, const std::string& unit, bool integer) {
  std::string text = integer ? fmt::format("{}", std::llround(v)) : format_number(v);
  const double exact = std::stod(text);
  if (!unit.empty()) text += " " + unit;
  return {flow_yaml(YAML::Node(text)), exact};
}

// ---- one varied key ----

struct KeySpec {
  VariedKey info;
  YAML::Node node;
  std::vector<Value> discrete;     // list, range, choice
  std::vector<double> cumulative;  // choice weights, cumulative and normalised
  double a = 0, b = 0;  // uniform/log_uniform: lo, hi; normal: mean, sd; lognormal: median, sigma
  bool integer = false;
  std::optional<std::pair<double, double>> clip;

  [[nodiscard]] bool is_draw() const { return discrete.empty(); }

  /// The value at quantile u in [0, 1).
  [[nodiscard]] Value at(double u) const {
    if (!discrete.empty()) {
      std::size_t i = 0;
      if (cumulative.empty()) {
        i = std::min(discrete.size() - 1,
                     static_cast<std::size_t>(u * static_cast<double>(discrete.size())));
      } else {
        i = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                     cumulative.begin());
        i = std::min(i, discrete.size() - 1);
      }
      return discrete[i];
    }
    const double p = std::clamp(u, 1e-16, 1.0 - 1e-16);
    double v = 0;
    if (info.kind == "uniform")
      v = a + p * (b - a);
    else if (info.kind == "log_uniform")
      v = std::exp(std::log(a) + p * (std::log(b) - std::log(a)));
    else if (info.kind == "normal")
      v = a + b * normal_quantile(p);
    else
      v = a * std::exp(b * normal_quantile(p));  // lognormal
    if (clip) v = std::clamp(v, clip->first, clip->second);
    return make_value(v, info.unit, integer);
  }
};

void parse_list(const Source& src, const YAML::Node& node, KeySpec& spec, const std::string& what) {
  const std::string& key = spec.info.key;
  if (node.size() == 0) src.fail(node, key, what + " has no values");
  bool unit_set = false;
  for (const auto& item : node) {
    Value v{flow_yaml(item), std::nullopt};
    if (item.IsScalar()) {
      if (const auto n = split_number(item.Scalar())) {
        if (!unit_set) {
          spec.info.unit = n->unit;
          unit_set = true;
        }
        try {
          v.number = convert(*n, spec.info.unit);
        } catch (const units::UnitError& e) {
          src.fail(item, key, e.what());
        }
      }
    }
    spec.discrete.push_back(std::move(v));
  }
}

void parse_range(const Source& src, const YAML::Node& node, KeySpec& spec) {
  const std::string& key = spec.info.key;
  check_keys(src, node, key, {"start", "stop", "step", "num", "spacing"});
  if (!node["stop"]) src.fail(node, key, "a range needs 'start' and 'stop', and 'step' or 'num'");
  if (static_cast<bool>(node["step"]) == static_cast<bool>(node["num"])) {
    src.fail(node, key, "a range needs exactly one of 'step' (spacing of values) or 'num' (count)");
  }
  spec.info.kind = "range";
  bool unit_set = false;
  std::string& unit = spec.info.unit;
  const double start = number_in_unit(src, node["start"], key + ".start", unit, unit_set);
  const double stop = number_in_unit(src, node["stop"], key + ".stop", unit, unit_set);
  std::vector<double> values;
  bool whole = false;
  if (node["step"]) {
    if (node["spacing"])
      src.fail(node["spacing"], key + ".spacing", "'spacing' goes with 'num', not 'step'");
    const double step = number_in_unit(src, node["step"], key + ".step", unit, unit_set);
    if (step == 0 || (stop - start) * step < 0) {
      src.fail(node["step"], key + ".step",
               fmt::format("step {} does not lead from {} to {}", format_number(step),
                           format_number(start), format_number(stop)));
    }
    const double count = std::floor((stop - start) / step + 1e-9) + 1;
    if (count > static_cast<double>(kMaxMembers)) src.fail(node, key, "range has too many values");
    const auto n = static_cast<long long>(count);
    for (long long i = 0; i < n; ++i) values.push_back(start + static_cast<double>(i) * step);
    whole = unit.empty() && start == std::round(start) && step == std::round(step);
  } else {
    const long long n = integer(src, node["num"], key + ".num", 1, kMaxMembers);
    const std::string spacing =
        node["spacing"] ? choice(src, node["spacing"], key + ".spacing", {"linear", "log"})
                        : "linear";
    if (spacing == "log" && (start <= 0 || stop <= 0)) {
      src.fail(node, key, "log spacing needs start and stop above zero");
    }
    for (long long i = 0; i < n; ++i) {
      const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
      values.push_back(spacing == "log" ? start * std::pow(stop / start, t)
                                        : start + t * (stop - start));
    }
    if (n > 1) values.back() = stop;  // exact end point
  }
  for (double v : values) spec.discrete.push_back(make_value(v, unit, whole));
}

void parse_draw(const Source& src, const YAML::Node& node, KeySpec& spec, const std::string& kind) {
  const std::string& key = spec.info.key;
  check_keys(src, node, key, {kind, "integer", "clip", "weights"});
  const YAML::Node params = node[kind];
  const std::string pkey = key + "." + kind;
  spec.info.kind = kind;
  bool unit_set = false;
  std::string& unit = spec.info.unit;
  if (kind == "choice") {
    if (!params.IsSequence())
      src.fail(params, pkey, "expected a list of values, found " + describe_node(params));
    parse_list(src, params, spec, "choice");
    if (node["integer"] || node["clip"])
      src.fail(node, key, "'integer' and 'clip' apply to numeric draws, not to a choice");
    if (const YAML::Node w = node["weights"]) {
      if (!w.IsSequence() || w.size() != spec.discrete.size()) {
        src.fail(w, key + ".weights",
                 fmt::format("expected a list of {} weights, one per value", spec.discrete.size()));
      }
      double sum = 0;
      for (const auto& item : w) {
        const auto n = units::parse_number(scalar(src, item, key + ".weights"));
        if (!n || *n < 0) src.fail(item, key + ".weights", "weights are numbers >= 0");
        sum += *n;
        spec.cumulative.push_back(sum);
      }
      if (sum <= 0) src.fail(w, key + ".weights", "weights must not all be zero");
      for (double& c : spec.cumulative) c /= sum;
    }
    return;
  }
  if (node["weights"]) src.fail(node["weights"], key + ".weights", "'weights' go with a 'choice'");
  if (kind == "uniform" || kind == "log_uniform") {
    if (!params.IsSequence() || params.size() != 2) {
      src.fail(params, pkey, "expected [low, high], found " + describe_node(params));
    }
    spec.a = number_in_unit(src, params[0], pkey, unit, unit_set);
    spec.b = number_in_unit(src, params[1], pkey, unit, unit_set);
    if (!(spec.a < spec.b)) src.fail(params, pkey, "low must be below high");
    if (kind == "log_uniform" && spec.a <= 0)
      src.fail(params, pkey, "log_uniform needs low above zero");
  } else {
    if (!params.IsMap()) src.fail(params, pkey, "expected a map, found " + describe_node(params));
    const std::string centre = kind == "normal" ? "mean" : "median";
    const std::string spread = kind == "normal" ? "sd" : "sigma";
    check_keys(src, params, pkey, {centre, spread});
    if (!params[centre] || !params[spread]) {
      src.fail(params, pkey, fmt::format("{} needs '{}' and '{}'", kind, centre, spread));
    }
    spec.a = number_in_unit(src, params[centre], pkey + "." + centre, unit, unit_set);
    if (kind == "normal") {
      spec.b = number_in_unit(src, params[spread], pkey + "." + spread, unit, unit_set);
    } else {
      spec.b = quantity(src, params[spread], pkey + "." + spread, "");
      if (spec.a <= 0)
        src.fail(params[centre], pkey + "." + centre, "the median must be above zero");
    }
    if (spec.b < 0) src.fail(params[spread], pkey + "." + spread, "the spread must be >= 0");
  }
  if (const YAML::Node c = node["clip"]) {
    if (!c.IsSequence() || c.size() != 2) src.fail(c, key + ".clip", "expected [low, high]");
    const double lo = number_in_unit(src, c[0], key + ".clip", unit, unit_set);
    const double hi = number_in_unit(src, c[1], key + ".clip", unit, unit_set);
    if (!(lo <= hi)) src.fail(c, key + ".clip", "low must not be above high");
    spec.clip = std::make_pair(lo, hi);
  }
  if (const YAML::Node i = node["integer"]) {
    spec.integer = boolean(src, i, key + ".integer");
    if (spec.integer && !unit.empty())
      src.fail(i, key + ".integer", "'integer' applies to plain numbers (counts), not quantities");
  }
}

const std::vector<std::string> kDraws = {"uniform", "log_uniform", "normal", "lognormal", "choice"};

KeySpec parse_key(const Source& src, const YAML::Node& key_node, const YAML::Node& node) {
  KeySpec spec;
  spec.info.key = std::string(trim(key_node.Scalar()));
  spec.info.where = src.at(key_node);
  spec.node = node;
  const std::string& key = spec.info.key;
  if (key.empty() || key.front() == '.' || key.back() == '.' ||
      key.find("..") != std::string::npos || key.find('=') != std::string::npos) {
    src.fail(key_node, "vary", fmt::format("'{}' is not a config key path like 'a.b.c'", key));
  }
  if (key == "seed") {
    src.fail(key_node, "vary.seed",
             "seeds are set by 'replicates' (and 'seed' for the sweep), not varied");
  }
  if (node.IsSequence()) {
    spec.info.kind = "list";
    parse_list(src, node, spec, "the list");
  } else if (node.IsMap() && node["start"]) {
    parse_range(src, node, spec);
  } else if (node.IsMap()) {
    std::vector<std::string> kinds;
    for (const auto& d : kDraws) {
      if (node[d]) kinds.push_back(d);
    }
    if (kinds.size() != 1) {
      check_keys(src, node, key,
                 {"start", "stop", "step", "num", "spacing", "uniform", "log_uniform", "normal",
                  "lognormal", "choice", "integer", "clip", "weights"});
      src.fail(node, key,
               kinds.empty()
                   ? "expected a range {start, stop, step|num} or one draw (uniform, "
                     "log_uniform, normal, lognormal, choice)"
                   : "give one draw per key, found " + config::impl::join_list(kinds, true));
    }
    parse_draw(src, node, spec, kinds.front());
  } else {
    src.fail(node, key,
             fmt::format("expected a list of values, a range {{start, stop, step}} or a draw "
                         "{{uniform: [low, high]}}, found {} (a fixed value goes under 'set:')",
                         describe_node(node)));
  }
  return spec;
}

std::string default_name(const fs::path& file) {
  return file.stem().string();
}

void check_name(const Source& src, const YAML::Node& node, const std::string& name) {
  const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
  });
  if (!ok)
    src.fail(node, "name",
             fmt::format("'{}' is not a plain name (letters, digits, '-', '_', '.')", name));
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

SlurmSettings parse_slurm(const Source& src, const YAML::Node& node) {
  SlurmSettings s;
  if (!node) return s;
  if (!node.IsMap()) src.fail(node, "slurm", "expected a map, found " + describe_node(node));
  check_keys(src, node, "slurm",
             {"time", "signal_before", "tasks", "members_per_task", "cpus_per_task", "partition",
              "account", "mem", "requeue", "sbatch"});
  if (node["time"]) {
    s.time_minutes = quantity(src, node["time"], "slurm.time", "min");
    if (s.time_minutes < 1)
      src.fail(node["time"], "slurm.time", "the time limit must be at least 1 min");
  }
  if (node["signal_before"]) {
    s.signal_before_s = quantity(src, node["signal_before"], "slurm.signal_before", "min") * 60;
    if (s.signal_before_s < 1 || s.signal_before_s > 65535) {
      src.fail(node["signal_before"], "slurm.signal_before", "expected 1 s to 18 h");
    }
  }
  if (node["tasks"] && node["members_per_task"]) {
    src.fail(node, "slurm", "give 'tasks' or 'members_per_task', not both");
  }
  if (node["tasks"])
    s.tasks = static_cast<int>(integer(src, node["tasks"], "slurm.tasks", 1, kMaxMembers));
  if (node["members_per_task"]) {
    s.members_per_task = static_cast<int>(
        integer(src, node["members_per_task"], "slurm.members_per_task", 1, kMaxMembers));
  }
  if (node["cpus_per_task"]) {
    s.cpus_per_task =
        static_cast<int>(integer(src, node["cpus_per_task"], "slurm.cpus_per_task", 1, 1024));
  }
  if (node["partition"]) s.partition = scalar(src, node["partition"], "slurm.partition");
  if (node["account"]) s.account = scalar(src, node["account"], "slurm.account");
  if (node["mem"]) s.mem = scalar(src, node["mem"], "slurm.mem");
  if (node["requeue"]) s.requeue = boolean(src, node["requeue"], "slurm.requeue");
  if (const YAML::Node extra = node["sbatch"]) {
    if (!extra.IsSequence())
      src.fail(extra, "slurm.sbatch", "expected a list of options such as ['--qos=normal']");
    for (const auto& item : extra) {
      std::string opt(trim(scalar(src, item, "slurm.sbatch")));
      if (opt.rfind("--", 0) != 0 || opt.find('\n') != std::string::npos) {
        src.fail(item, "slurm.sbatch",
                 fmt::format("'{}' is not an sbatch option like '--qos=normal'", opt));
      }
      s.sbatch.push_back(std::move(opt));
    }
  }
  return s;
}

}  // namespace

double normal_quantile(double p) {
  // Acklam's rational approximation (relative error 1.2e-9), refined by one Halley step.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double low = 0.02425;
  double x = 0;
  if (p < low) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

std::uint64_t member_seed(std::uint64_t sweep_seed, std::uint64_t point, std::uint64_t replicate) {
  return splitmix64(splitmix64(splitmix64(sweep_seed) ^ point) ^
                    (replicate * 0x9e3779b97f4a7c15ull)) >>
         16;
}

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
  const Source src{sweep_file.string()};
  YAML::Node root;
  try {
    root = YAML::LoadFile(sweep_file.string());
  } catch (const YAML::BadFile&) {
    std::error_code ec;
    throw InputError(
        fmt::format("cannot read sweep file '{}': {}", sweep_file.string(),
                    fs::exists(sweep_file, ec) ? "not a readable file" : "no such file"));
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}:{}:{}: YAML syntax error: {}", sweep_file.string(),
                                 e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  if (!root.IsMap()) {
    throw InputError(fmt::format("{}: a sweep file must be a map with 'base:' and 'vary:'",
                                 sweep_file.string()));
  }
  check_keys(src, root, "",
             {"name", "base", "out", "seed", "sampling", "samples", "replicates", "seeds",
              "threads", "set", "vary", "slurm"});

  Plan plan;
  std::error_code ec;
  plan.file = fs::absolute(sweep_file, ec).lexically_normal();
  plan.name = default_name(sweep_file);
  if (root["name"]) {
    plan.name = std::string(trim(scalar(src, root["name"], "name")));
    check_name(src, root["name"], plan.name);
  }
  if (!root["base"])
    throw ConfigError({src.file, 1, 1}, "base", "missing: the config every member starts from");
  const fs::path base(std::string(trim(scalar(src, root["base"], "base"))));
  plan.base = (base.is_absolute() ? base : plan.file.parent_path() / base).lexically_normal();
  if (!fs::is_regular_file(plan.base, ec)) {
    src.fail(root["base"], "base", fmt::format("cannot read base config '{}'", plan.base.string()));
  }
  if (root["out"]) plan.out = fs::path(std::string(trim(scalar(src, root["out"], "out"))));
  plan.seed = root["seed"]
                  ? static_cast<std::uint64_t>(integer(src, root["seed"], "seed", 0,
                                                       std::numeric_limits<long long>::max()))
                  : purpose_key(plan.name);
  if (root["sampling"]) {
    const std::string s =
        choice(src, root["sampling"], "sampling", {"grid", "random", "latin_hypercube"});
    plan.sampling = s == "grid"     ? Sampling::Grid
                    : s == "random" ? Sampling::Random
                                    : Sampling::LatinHypercube;
  }
  if (root["replicates"])
    plan.replicates =
        static_cast<int>(integer(src, root["replicates"], "replicates", 1, kMaxMembers));
  if (root["seeds"])
    plan.common_seeds = choice(src, root["seeds"], "seeds", {"independent", "common"}) == "common";
  if (root["threads"])
    plan.threads = static_cast<int>(integer(src, root["threads"], "threads", 1, 1024));
  if (const YAML::Node set = root["set"]) {
    if (!set.IsMap()) src.fail(set, "set", "expected a map of config keys to fixed values");
    for (const auto& entry : set) {
      plan.fixed.push_back(
          {std::string(trim(entry.first.Scalar())), flow_yaml(entry.second), src.at(entry.first)});
    }
  }
  plan.slurm = parse_slurm(src, root["slurm"]);

  std::vector<KeySpec> specs;
  if (const YAML::Node vary = root["vary"]) {
    if (!vary.IsMap())
      src.fail(vary, "vary", "expected a map of config keys to values, ranges or draws");
    for (const auto& entry : vary) {
      KeySpec spec = parse_key(src, entry.first, entry.second);
      for (const auto& other : specs) {
        if (other.info.key == spec.info.key)
          src.fail(entry.first, "vary", fmt::format("'{}' is varied twice", spec.info.key));
      }
      for (const auto& f : plan.fixed) {
        if (f.key == spec.info.key)
          src.fail(entry.first, "vary",
                   fmt::format("'{}' is both varied and fixed under 'set:'", f.key));
      }
      specs.push_back(std::move(spec));
    }
  }
  for (const auto& s : specs) plan.keys.push_back(s.info);

  // Design points: one value per key each.
  std::vector<std::vector<Value>> points;
  if (plan.sampling == Sampling::Grid) {
    if (root["samples"])
      src.fail(
          root["samples"], "samples",
          "a grid runs every combination; 'samples' goes with sampling: random or latin_hypercube");
    long long count = 1;
    for (const auto& s : specs) {
      if (s.is_draw()) {
        src.fail(s.node, s.info.key,
                 fmt::format("a '{}' draw needs sampling: random or latin_hypercube (a grid takes "
                             "lists and ranges)",
                             s.info.kind));
      }
      count *= static_cast<long long>(s.discrete.size());
      if (count * plan.replicates > kMaxMembers) {
        throw ConfigError(src.at(root["vary"]), "vary",
                          fmt::format("the grid has more than {} members", kMaxMembers));
      }
    }
    for (long long p = 0; p < count; ++p) {
      std::vector<Value> values(specs.size());
      long long rest = p;
      for (std::size_t k = specs.size(); k-- > 0;) {  // the last key varies fastest
        const auto n = static_cast<long long>(specs[k].discrete.size());
        values[k] = specs[k].discrete[static_cast<std::size_t>(rest % n)];
        rest /= n;
      }
      points.push_back(std::move(values));
    }
  } else {
    if (!root["samples"])
      throw ConfigError(src.at(root["sampling"]), "samples", "missing: how many points to draw");
    plan.samples = static_cast<int>(integer(src, root["samples"], "samples", 1, kMaxMembers));
    if (static_cast<long long>(plan.samples) * plan.replicates > kMaxMembers) {
      src.fail(root["samples"], "samples", fmt::format("more than {} members", kMaxMembers));
    }
    const auto n = static_cast<std::size_t>(plan.samples);
    // u[k][p]: the quantile of key k at point p. Streams are addressed by the key's name, so
    // adding or reordering keys leaves the others' values unchanged.
    std::vector<std::vector<double>> u(specs.size(), std::vector<double>(n));
    const CounterRng draw(plan.seed, "sweep.draw");
    const CounterRng shuffle(plan.seed, "sweep.lhs.permutation");
    for (std::size_t k = 0; k < specs.size(); ++k) {
      const std::uint64_t key_id = purpose_key(specs[k].info.key);
      if (plan.sampling == Sampling::Random) {
        for (std::size_t p = 0; p < n; ++p) u[k][p] = draw.uniform(key_id, p);
      } else {
        std::vector<std::uint32_t> perm(n);
        std::iota(perm.begin(), perm.end(), 0u);
        RandomStream s = shuffle.stream(key_id, 0);
        for (std::size_t i = n; i > 1; --i)
          std::swap(perm[i - 1], perm[s.below(static_cast<std::uint32_t>(i))]);
        for (std::size_t p = 0; p < n; ++p) {
          u[k][p] = (perm[p] + draw.uniform(key_id, p)) / static_cast<double>(n);
        }
      }
    }
    for (std::size_t p = 0; p < n; ++p) {
      std::vector<Value> values;
      for (std::size_t k = 0; k < specs.size(); ++k) values.push_back(specs[k].at(u[k][p]));
      points.push_back(std::move(values));
    }
  }

  plan.points = static_cast<int>(points.size());
  int id = 0;
  for (int p = 0; p < plan.points; ++p) {
    for (int r = 0; r < plan.replicates; ++r) {
      Member m;
      m.id = id++;
      m.point = p;
      m.replicate = r;
      m.seed = member_seed(plan.seed, plan.common_seeds ? 0 : static_cast<std::uint64_t>(p),
                           static_cast<std::uint64_t>(r));
      m.values = points[static_cast<std::size_t>(p)];
      plan.members.push_back(std::move(m));
    }
  }
  return plan;
}

void validate_members(const Plan& plan, const Registry& registry,
                      const std::function<void(int, int)>& progress) {
  const auto where_of = [&](const std::string& key_path) -> Location {
    const auto covers = [&](const std::string& k) {
      return key_path == k || key_path.rfind(k + ".", 0) == 0;
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
