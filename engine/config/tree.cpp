#include "engine/config/tree.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include <fmt/format.h>

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
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
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

std::vector<std::string> split_key(std::string_view key, std::string_view assignment) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    const std::string_view part =
        trim(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (part.empty()) {
      throw InputError(fmt::format("--set '{}': empty key name in '{}' (expected KEY.SUBKEY=VALUE)",
                                   assignment, key));
    }
    parts.emplace_back(part);
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
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
  const std::vector<std::string> parts = split_key(key, assignment);
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

  NodeState* map = root_.get();
  std::string walked;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    walked += (walked.empty() ? "" : ".") + parts[i];
    MapEntry* entry = map->find(parts[i]);
    if (entry == nullptr) {
      map->entries.push_back(
          {parts[i], kOverride, make_node(NodeState::Kind::Map, kOverride), false});
      entry = &map->entries.back();
    } else if (entry->value->kind == NodeState::Kind::Null) {
      entry->value = make_node(NodeState::Kind::Map, kOverride);
    } else if (entry->value->kind != NodeState::Kind::Map) {
      throw InputError(fmt::format("--set {}: '{}' is not a map of keys (it is {} at {})", key,
                                   walked, entry->value->describe(),
                                   entry->value->where.to_string()));
    }
    map = entry->value.get();
  }
  if (MapEntry* entry = map->find(parts.back())) {
    entry->key_where = kOverride;
    entry->value = std::move(value);
  } else {
    map->entries.push_back({parts.back(), kOverride, std::move(value), false});
  }
}

}  // namespace msabm::config
