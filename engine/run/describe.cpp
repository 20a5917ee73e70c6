#include "engine/run/describe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "engine/config/error.hpp"
#include "engine/config/tree.hpp"
#include "engine/run/run_command.hpp"

namespace msabm {

namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < parts.size(); ++i) out += (out.empty() ? "" : ".") + parts[i];
  return out;
}

// Patch templates hold what patches hold: one description serves both.
std::string engine_pattern(const std::string& pattern) {
  const std::string from = "patch_templates.<name>";
  if (pattern.starts_with(from)) return "patches.<name>" + pattern.substr(from.size());
  return pattern;
}

// A described key matches a read's key when every segment is equal, or the described one is "*"
// (any of the fixed names a model reads in a loop, e.g. the body's lineages), or the read's is
// "<name>" and the described one is the name read (a fixed key in a map of names: fields.solver).
// `path` is the key as written (same segments), "" when not known.
bool matches(const std::string& described, const std::string& key, const std::string& path = "") {
  if (described == key) return true;
  if (described.find('*') == std::string::npos && key.find('<') == std::string::npos) return false;
  const auto d = split(described);
  const auto k = split(key);
  const auto p = path.empty() ? k : split(path);
  if (d.size() != k.size() || p.size() != k.size()) return false;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d[i] != "*" && d[i] != k[i] && !(k[i] == "<name>" && d[i] == p[i])) return false;
  }
  return true;
}

const KeyDoc* find_key(const ModelDoc* doc, const std::string& key, const std::string& path = "") {
  if (doc == nullptr || key.empty()) return nullptr;
  for (const auto& k : doc->keys) {
    if (k.key == key) return &k;
  }
  for (const auto& k : doc->keys) {
    if (matches(k.key, key, path)) return &k;
  }
  return nullptr;
}

struct SlotInfo {
  ModelSlot slot;
  const char* title;
  const char* where;
};

constexpr SlotInfo kSlots[] = {
    {ModelSlot::Kind, "agent kinds", "patches.<patch>.agents.<kind>: {model: NAME, ...}"},
    {ModelSlot::Contents, "patch contents", "patches.<patch>.contents.<name>: {model: NAME, ...}"},
    {ModelSlot::Systemic, "systemic models", "a top-level section NAME: {...}"},
    {ModelSlot::Readout, "readouts", "readouts.<name>: {model: NAME, ...}"},
    {ModelSlot::Action, "protocol actions", "protocol: [{at: TIME, action: NAME, ...}]"},
};

std::vector<std::string> names_in(const Registry& registry, ModelSlot slot) {
  switch (slot) {
    case ModelSlot::Kind:
      return registry.kind_model_names();
    case ModelSlot::Contents:
      return registry.patch_model_names();
    case ModelSlot::Systemic: {
      std::vector<std::string> names;
      for (const auto& [name, f] : registry.systemic_models()) names.push_back(name);
      return names;
    }
    case ModelSlot::Readout:
      return registry.readout_names();
    case ModelSlot::Action:
      return registry.action_names();
    case ModelSlot::Engine:
      return {"engine"};
  }
  return {};
}

// One key of a model as describe prints it.
struct Row {
  std::string key;
  std::string kind;     ///< "um^2/min", "integer", "one of: a, b", "map"...
  std::string deflt;    ///< "0 um^2/min", "required", ""
  std::string range;
  std::string meaning;  ///< "" when undocumented
  std::string off;
};

/// What a default switches off, as describe prints it ("walkers never move, unless
/// motility.persistence_time is set").
std::string off_text(const KeyDoc& d) {
  if (d.off.empty() || d.on_by.empty()) return d.off;
  return d.off + ", unless " + d.on_by + " is set";
}

std::string kind_text(const config::KeyFacts& f) {
  if (f.type == "quantity") return f.unit.empty() ? "number" : f.unit;
  if (f.type == "quantity[3]") return "3 x " + (f.unit.empty() ? std::string("number") : f.unit);
  if (f.type == "choice") {
    std::string text = "one of ";
    for (std::size_t i = 0; i < f.choices.size(); ++i) text += (i ? "|" : "") + f.choices[i];
    return text;
  }
  if (f.type == "map" && !f.structure.empty()) return f.structure;  // "region": see engine
  if (f.type == "names") return "map of names";
  if (f.type == "list") return "list of maps";
  if (f.type == "boolean") return "true|false";
  return f.type;
}

// A value rather than a container (maps, lists and name maps need no meaning of their own).
bool is_value(const config::KeyFacts& f) {
  return f.type != "map" && f.type != "list" && f.type != "names";
}

std::string default_text(const config::KeyFacts& f) {
  if (f.type == "map" || f.type == "names" || f.type == "list" || f.type == "value") return "";
  if (!f.default_text) return "no default";
  return f.default_text->empty() ? "\"\"" : *f.default_text;
}

// A model's keys, in the order its examples read them (each key once). The keys every model of
// a slot has (model, at, ...) are described once, under engine.
std::vector<Row> rows_of(const Registry& registry, const std::vector<ConfigReads>& configs,
                         ModelSlot slot, const std::string& model) {
  const ModelDoc* engine = registry.doc(ModelSlot::Engine, "engine");
  std::vector<Row> rows;
  for (const auto& reads : configs) {
    const KeyOwners owners(reads, registry);
    for (const auto& r : reads) {
      const KeyOwner o = owners.of(r);
      const KeyDoc* own = o.slot == ModelSlot::Engine ? nullptr : find_key(registry.doc(o.slot, o.model), o.key, o.path);
      const KeyDoc* shared = own == nullptr ? find_key(engine, r.shared) : nullptr;
      const KeyDoc* common =
          own == nullptr && shared == nullptr ? find_key(engine, engine_pattern(r.pattern), r.path) : nullptr;
      // The keys of shared structures (a region's shape, centre...) are listed once, under engine.
      std::string key;
      if (slot == ModelSlot::Engine && shared != nullptr) {
        key = shared->key;
      } else if (slot == ModelSlot::Engine && (o.slot == ModelSlot::Engine || common != nullptr)) {
        key = common != nullptr ? common->key : engine_pattern(r.pattern);
      } else if (o.slot == slot && o.model == model && common == nullptr && shared == nullptr) {
        key = o.key;
      } else {
        continue;
      }
      if (std::any_of(rows.begin(), rows.end(), [&](const Row& row) { return row.key == key; })) continue;
      const KeyDoc* d = own != nullptr ? own : shared != nullptr ? shared : common;
      if (d == nullptr && !is_value(r.facts)) continue;  // a container: its keys are listed
      rows.push_back({key, kind_text(r.facts), default_text(r.facts), r.facts.range,
                      d != nullptr ? d->meaning : "", d != nullptr ? off_text(*d) : ""});
    }
  }
  return rows;
}

// Calls f(slot, name, doc) for the engine and every registered model that has a description.
template <class F>
void for_each_doc(const Registry& registry, F f) {
  std::vector<ModelSlot> slots = {ModelSlot::Engine};
  for (const auto& s : kSlots) slots.push_back(s.slot);
  for (ModelSlot slot : slots) {
    for (const auto& name : names_in(registry, slot)) {
      if (const ModelDoc* doc = registry.doc(slot, name)) f(slot, name, *doc);
    }
  }
}

const ModelDoc& doc_or_fail(const Registry& registry, ModelSlot slot, const std::string& name) {
  const ModelDoc* doc = registry.doc(slot, name);
  if (doc == nullptr) throw std::logic_error("model '" + name + "' has no description (Registry::document)");
  return *doc;
}

std::string slot_line(ModelSlot slot) {
  for (const auto& s : kSlots) {
    if (s.slot == slot) return fmt::format("{} ({})", s.title, s.where);
  }
  return "the keys of every config (time, patches, fields, output) and those every kind, readout "
         "or event has";
}

bool find_model(const Registry& registry, const std::string& name, ModelSlot& slot) {
  if (name == "engine") {
    slot = ModelSlot::Engine;
    return true;
  }
  for (const auto& s : kSlots) {
    const auto names = names_in(registry, s.slot);
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      slot = s.slot;
      return true;
    }
  }
  return false;
}

std::string defaults_text(const Row& row) {
  std::string d = row.deflt;
  if (!row.off.empty()) d += " (off: " + row.off + ")";
  return d;
}

// Table cells: '|' would end the cell, and "<name>" would be read as an HTML tag.
std::string md_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string slot_line_md(ModelSlot slot) {
  for (const auto& s : kSlots) {
    if (s.slot == slot) return fmt::format("{} (`{}`)", s.title, s.where);
  }
  return slot_line(slot);
}

}  // namespace

KeyOwners::KeyOwners(const std::vector<config::KeyRead>& reads, const Registry& registry)
    : registry_(registry) {
  for (const auto& r : reads) {
    if (r.path.ends_with(".model") || r.path.ends_with(".action")) values_.emplace_back(r.path, r.value);
  }
}

std::string KeyOwners::value_at(const std::string& path) const {
  for (auto it = values_.rbegin(); it != values_.rend(); ++it) {
    if (it->first == path) return it->second;
  }
  return "";
}

KeyOwner KeyOwners::of(const config::KeyRead& read) const {
  const auto path = split(read.path);
  const auto pattern = split(read.pattern);
  const std::size_t n = pattern.size();
  const auto in_model = [&](ModelSlot slot, std::size_t depth, const char* name_key) {
    return KeyOwner{slot, value_at(join(path, 0, depth) + "." + name_key), join(pattern, depth, n), join(path, depth, n)};
  };
  if (n > 4 && (pattern[0] == "patches" || pattern[0] == "patch_templates")) {
    if (pattern[2] == "agents") return in_model(ModelSlot::Kind, 4, "model");
    if (pattern[2] == "contents") return in_model(ModelSlot::Contents, 4, "model");
  }
  if (n > 2 && pattern[0] == "readouts") return in_model(ModelSlot::Readout, 2, "model");
  if (n > 1 && pattern[0] == "protocol[]") return in_model(ModelSlot::Action, 1, "action");
  if (n > 1 && registry_.systemic_models().contains(path[0])) {
    return KeyOwner{ModelSlot::Systemic, path[0], join(pattern, 1, n), join(path, 1, n)};
  }
  return KeyOwner{ModelSlot::Engine, "engine", engine_pattern(read.pattern), read.path};
}

const KeyDoc* KeyOwners::doc(const config::KeyRead& read) const {
  const KeyOwner o = of(read);
  const ModelDoc* engine = registry_.doc(ModelSlot::Engine, "engine");
  if (o.slot != ModelSlot::Engine) {
    if (const KeyDoc* d = find_key(registry_.doc(o.slot, o.model), o.key, o.path)) return d;
  }
  if (const KeyDoc* d = find_key(engine, read.shared)) return d;
  return find_key(engine, engine_pattern(read.pattern), read.path);
}

std::vector<ConfigReads> example_key_reads(const Registry& registry) {
  std::vector<ConfigReads> all;
  for_each_doc(registry, [&](ModelSlot /*slot*/, const std::string& name, const ModelDoc& doc) {
    for (std::size_t i = 0; i < doc.examples.size(); ++i) {
      const std::string label = fmt::format("<example {} of {}>", i + 1, name);
      try {
        all.push_back(read_config(config::Tree::load_string(doc.examples[i], label), registry).key_reads());
      } catch (const InputError& e) {
        throw std::logic_error(fmt::format("the example of model '{}' is not valid: {}", name, e.what()));
      }
    }
  });
  return all;
}

std::vector<std::string> describe_gaps(const Registry& registry, const std::vector<ConfigReads>& more_reads) {
  std::vector<std::string> gaps;
  const auto add = [&gaps](std::string gap) {
    if (std::find(gaps.begin(), gaps.end(), gap) == gaps.end()) gaps.push_back(std::move(gap));
  };
  for (const auto& s : kSlots) {
    for (const auto& name : names_in(registry, s.slot)) {
      if (registry.doc(s.slot, name) == nullptr) add(fmt::format("{} '{}' has no description", s.title, name));
    }
  }
  if (registry.doc(ModelSlot::Engine, "engine") == nullptr) add("the engine's keys have no description");
  const auto examples = example_key_reads(registry);
  for (const auto* configs : {&examples, &more_reads}) {
    for (const auto& reads : *configs) {
      const KeyOwners owners(reads, registry);
      for (const auto& r : reads) {
        if (!is_value(r.facts) || owners.doc(r) != nullptr) continue;
        const KeyOwner o = owners.of(r);
        add(fmt::format("{} (key '{}' of {}) has no meaning", r.path, o.key, o.model));
      }
    }
  }
  // Every described key is read by some example, so describe shows its unit and default.
  const auto read_by_examples = [&](ModelSlot slot, const std::string& name, const std::string& key) {
    for (const auto& reads : examples) {
      const KeyOwners owners(reads, registry);
      for (const auto& r : reads) {
        const KeyOwner o = owners.of(r);
        if (slot == ModelSlot::Engine ? matches(key, engine_pattern(r.pattern), r.path) || matches(key, r.shared)
                                      : o.slot == slot && o.model == name && matches(key, o.key, o.path)) {
          return true;
        }
      }
    }
    return false;
  };
  for_each_doc(registry, [&](ModelSlot slot, const std::string& name, const ModelDoc& doc) {
    for (const auto& k : doc.keys) {
      if (!read_by_examples(slot, name, k.key)) add(fmt::format("key '{}' of {} is described but no example reads it", k.key, name));
    }
  });
  return gaps;
}

std::string describe_models(const Registry& registry) {
  std::string out = "Models (msabm describe MODEL lists the keys one reads; msabm describe engine the others):\n";
  for (const auto& s : kSlots) {
    out += fmt::format("\n{} ({})\n", s.title, s.where);
    for (const auto& name : names_in(registry, s.slot)) {
      out += fmt::format("  {:<18} {}\n", name, doc_or_fail(registry, s.slot, name).summary);
    }
  }
  out += fmt::format("\n  {:<18} {}\n", "engine", doc_or_fail(registry, ModelSlot::Engine, "engine").summary);
  return out;
}

std::string describe_model(const Registry& registry, const std::string& model) {
  ModelSlot slot{};
  if (!find_model(registry, model, slot)) {
    throw InputError(fmt::format("no model named '{}'; msabm describe lists them", model));
  }
  const ModelDoc& doc = doc_or_fail(registry, slot, model);
  std::string out = fmt::format("{}: {}\n  {}\n\n", model, doc.summary, slot_line(slot));
  bool shared = false;
  for (const Row& row : rows_of(registry, example_key_reads(registry), slot, model)) {
    std::string facts = row.kind;
    if (row.deflt == "no default") {
      facts += ", no default";
    } else if (!row.deflt.empty()) {
      facts += ", default " + defaults_text(row);
    }
    if (!row.range.empty()) facts += ", range " + row.range;
    out += fmt::format("{}  ({})\n    {}\n", row.key, facts,
                       row.meaning.empty() ? "(no description)" : row.meaning);
    shared |= row.kind == "region" || row.kind == "face";
  }
  if (shared) out += "\n(a region's or face's own keys: region.* and face.* in msabm describe engine)\n";
  return out;
}

std::string describe_markdown(const Registry& registry) {
  const auto reads = example_key_reads(registry);
  std::string out =
      "# Parameter reference\n\n"
      "Generated by `msabm describe --markdown` (`scripts/gen-docs.sh`); do not edit: a test checks\n"
      "that it is current. Units are those the key is read in (any unit of the same dimension may\n"
      "be written); a default marked *off* turns a behaviour off. `<name>` stands for a name you\n"
      "choose and `[]` for any item of a list.\n";
  std::vector<std::pair<ModelSlot, std::string>> models;
  for (const auto& s : kSlots) {
    out += fmt::format("\n**{}** (`{}`):", s.title, s.where);
    for (const auto& name : names_in(registry, s.slot)) {
      out += fmt::format(" [`{}`](#{}),", name, name);
      models.emplace_back(s.slot, name);
    }
    out.pop_back();
    out += "\n";
  }
  out += "\n**engine**: [`engine`](#engine), the keys every config has.\n";
  models.emplace_back(ModelSlot::Engine, "engine");
  for (const auto& [slot, name] : models) {
    const ModelDoc& doc = doc_or_fail(registry, slot, name);
    out += fmt::format("\n## {}\n\n{}. In {}.\n\n| key | unit or kind | default | range | meaning |\n|---|---|---|---|---|\n",
                       name, md_cell(doc.summary), slot_line_md(slot));
    for (const Row& row : rows_of(registry, reads, slot, name)) {
      out += fmt::format("| `{}` | {} | {} | {} | {} |\n", row.key, md_cell(row.kind),
                         md_cell(row.off.empty() ? row.deflt : row.deflt + " (*off*: " + row.off + ")"),
                         md_cell(row.range), md_cell(row.meaning));
    }
  }
  return out;
}

namespace {

/// True when the default `r` (documented by `d`) really leaves its behaviour off: `d` marks it
/// off and its `on_by` sibling is not written with a non-zero value.
bool default_is_off(const config::KeyRead& r, const KeyDoc* d, const std::vector<config::KeyRead>& reads) {
  if (d == nullptr || d->off.empty()) return false;
  if (d->on_by.empty() || !r.path.ends_with(d->key)) return true;
  const std::string sibling = r.path.substr(0, r.path.size() - d->key.size()) + d->on_by;
  for (const auto& other : reads) {
    if (other.path != sibling || other.facts.defaulted) continue;
    // The printed value starts with its number ("5 min"); zero leaves the other route off.
    return std::strtod(other.value.c_str(), nullptr) == 0.0;
  }
  return true;
}

}  // namespace

std::string marked_resolved_yaml(const config::Reader& reader, const Registry& registry) {
  const auto reads = reader.key_reads();
  const KeyOwners owners(reads, registry);
  return reader.resolved_yaml([&](const config::KeyRead& r) -> std::string {
    if (!r.facts.defaulted) return "";
    const KeyDoc* d = owners.doc(r);
    return default_is_off(r, d, reads) ? "default (off: " + d->off + ")" : "default";
  });
}

std::vector<std::string> off_default_notes(const config::Reader& reader, const Registry& registry) {
  const auto reads = reader.key_reads();
  const KeyOwners owners(reads, registry);
  std::vector<std::string> notes;
  for (const auto& r : reads) {
    if (!r.facts.defaulted) continue;
    const KeyDoc* d = owners.doc(r);
    if (!default_is_off(r, d, reads)) continue;
    notes.push_back(fmt::format("{} is not set: default {} (off: {})", r.path, r.value.empty() ? "\"\"" : r.value, d->off));
  }
  return notes;
}

}  // namespace msabm
