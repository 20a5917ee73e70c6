#include "engine/config/tree.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <utility>

#include <fmt/format.h>

#include "engine/config/impl/key_path.hpp"
#include "engine/config/impl/node_state.hpp"
#include "engine/config/impl/yaml_load.hpp"

namespace msabm::config {
namespace fs = std::filesystem;
namespace {

const Location kOverride{"--set", 0, 0};

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// A document must be a map; an empty one is an empty map. `kind`: "config", "sweep"...
NodePtr as_root(NodePtr node, const std::string& file, std::string_view kind) {
  if (node->kind == NodeState::Kind::Null) return make_node(NodeState::Kind::Map, {file, 1, 1});
  if (node->kind != NodeState::Kind::Map) {
    throw InputError(fmt::format("{}: a {} must be a map of 'key: value' lines, found {}",
                                 node->where.to_string(), kind, node->describe()));
  }
  return node;
}

// The text of one file (`prefix` leads its messages).
std::string read_text(const fs::path& path, const std::string& prefix, std::string_view kind) {
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path, ec)) {
    throw InputError(fmt::format("{}cannot read {} file '{}': {}", prefix, kind, path.string(),
                                 fs::exists(path, ec) ? "not a readable file" : "no such file"));
  }
  // A bounded read: `extends: /dev/zero` (or any endless stream) would otherwise read until
  // memory runs out. Configs are a few KB; sweep and calibration files too.
  constexpr std::size_t kMaxBytes = 16u << 20;
  std::string text;
  std::array<char, 1 << 16> chunk{};
  while (text.size() <= kMaxBytes && in.read(chunk.data(), chunk.size()).gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > kMaxBytes) {
    throw InputError(fmt::format("{}cannot read {} file '{}': larger than {} MiB, not a {} file", prefix, kind,
                                 path.string(), kMaxBytes >> 20, kind));
  }
  return text;
}

std::string chain_text(const std::vector<fs::path>& chain, const fs::path& last) {
  std::string out;
  for (const auto& p : chain) out += p.filename().string() + " -> ";
  return out + last.filename().string();
}

NodePtr load_document(const fs::path& path, std::vector<fs::path>& chain, const Location* from);

// Applies a top-level `extends:` of `root` (a file in `dir`): returns the merged tree.
NodePtr resolve_extends(NodePtr root, const fs::path& dir, std::vector<fs::path>& chain) {
  const auto it = std::find_if(root->entries.begin(), root->entries.end(),
                               [](const MapEntry& e) { return e.key == "extends"; });
  if (it == root->entries.end()) return root;
  const MapEntry extends = *it;
  root->entries.erase(it);
  const std::string base_name(
      extends.value->kind == NodeState::Kind::Scalar ? trim(extends.value->text) : "");
  if (base_name.empty()) {
    throw InputError(
        fmt::format("{}: key 'extends': expected the file name of a base config, "
                    "found {}",
                    extends.key_where.to_string(), extends.value->describe()));
  }
  NodePtr base = load_document(dir / base_name, chain, &extends.key_where);
  merge_into(*base, *root);
  return base;
}

NodePtr load_document(const fs::path& path, std::vector<fs::path>& chain, const Location* from) {
  const std::string prefix = from != nullptr ? from->to_string() + ": extends: " : "";
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  if (ec) canonical = fs::absolute(path);
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    throw InputError(fmt::format("{}cycle of configs: {}", prefix, chain_text(chain, path)));
  }
  const std::string text = read_text(path, prefix, "config");
  chain.push_back(canonical);
  NodePtr root = as_root(impl::parse_yaml(text, path.string()), path.string(), "config");
  root = resolve_extends(std::move(root), path.parent_path(), chain);
  chain.pop_back();
  return root;
}

// The node a `--set` key leads to: walks maps (creating missing ones) and list entries (which
// must exist). Returns the map entry or list item to replace. Errors are ConfigErrors for `key`
// (so a sweep names its `vary:` line); a list's says how many entries it has.
NodePtr* override_target(NodeState& root, const std::vector<impl::KeyStep>& steps,
                         const std::string& key) {
  const auto fail = [&](const std::string& message) -> void {
    throw ConfigError(kOverride, key, message);
  };
  NodeState* node = &root;
  NodePtr* slot = nullptr;
  std::string walked;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const impl::KeyStep& step = steps[s];
    const bool last = s + 1 == steps.size();
    if (step.is_index) {
      if (node->kind != NodeState::Kind::Sequence) {
        fail(fmt::format("'{}' is not a list, so it has no entry [{}] (it is {}{})", walked,
                         step.index, node->describe(),
                         node->where.line > 0 ? " at " + node->where.to_string() : ""));
      }
      const std::size_t n = node->items.size();
      if (step.index >= n) {
        fail(fmt::format("index [{}] is out of range: '{}' ({}) has {}", step.index, walked,
                         node->where.to_string(),
                         n == 0 ? std::string("no entries")
                                : fmt::format("{} entr{} ([0] to [{}])", n, n == 1 ? "y" : "ies", n - 1)));
      }
      slot = &node->items[step.index];
    } else {
      if (node->kind == NodeState::Kind::Null && slot != nullptr) {
        *slot = make_node(NodeState::Kind::Map, kOverride);  // `key:` with no value
        node = slot->get();
      }
      if (node->kind != NodeState::Kind::Map) {
        fail(fmt::format("'{}' is not a map of keys (it is {} at {})", walked, node->describe(),
                         node->where.to_string()));
      }
      MapEntry* entry = node->find(step.name);
      if (entry == nullptr) {
        if (!last && steps[s + 1].is_index) {
          fail(fmt::format("'{}' is not in the config, so it has no entry [{}]",
                           impl::append_step(walked, step), steps[s + 1].index));
        }
        node->entries.push_back({step.name, kOverride,
                                 make_node(last ? NodeState::Kind::Null : NodeState::Kind::Map,
                                           kOverride),
                                 false});
        entry = &node->entries.back();
      } else if (last) {
        entry->key_where = kOverride;
      }
      slot = &entry->value;
    }
    walked = impl::append_step(walked, step);
    node = slot->get();
  }
  return slot;
}

}  // namespace

Tree::Tree(std::shared_ptr<NodeState> root, std::string name)
    : root_(std::move(root)), name_(std::move(name)) {}

Tree Tree::load_file(const std::filesystem::path& path) {
  std::vector<fs::path> chain;
  return Tree(load_document(path, chain, nullptr), path.string());
}

Tree Tree::load_standalone_file(const std::filesystem::path& path, std::string_view kind) {
  const std::string file = path.string();
  return Tree(as_root(impl::parse_yaml(read_text(path, "", kind), file), file, kind), file);
}

Tree Tree::load_string(std::string_view yaml, std::string name) {
  std::vector<fs::path> chain;
  NodePtr root = as_root(impl::parse_yaml(yaml, name), name, "config");
  root = resolve_extends(std::move(root), fs::path(name).parent_path(), chain);
  return Tree(std::move(root), std::move(name));
}

void Tree::apply_override(std::string_view assignment) {
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    throw InputError(fmt::format(
        "--set '{}': expected KEY=VALUE, e.g. --set lattice.size=[50,50,20]", assignment));
  }
  const std::string_view key = trim(assignment.substr(0, eq));
  const std::string_view value_text = trim(assignment.substr(eq + 1));
  const std::vector<impl::KeyStep> steps = impl::parse_key_path(key, assignment);
  if (value_text.empty()) {
    throw InputError(
        fmt::format("--set {}: missing value after '=' (write \"\" for an empty text)", key));
  }
  NodePtr value;
  try {
    value = impl::parse_yaml(value_text, "--set");
  } catch (const InputError& e) {
    throw InputError(fmt::format("--set {}: invalid value '{}': {}", key, value_text, e.what()));
  }
  relocate(*value, kOverride);
  *override_target(*root_, steps, std::string(key)) = std::move(value);
}

}  // namespace msabm::config
