// Section structure (sub-sections, user-named keys, lists, locations) and the Reader that owns
// the tree and the record of what was read. Typed scalar reads are in section.cpp.
#include <algorithm>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "engine/config/impl/node_state.hpp"
#include "engine/config/impl/resolved.hpp"
#include "engine/config/impl/section_access.hpp"
#include "engine/config/impl/unknown_keys.hpp"
#include "engine/config/problems.hpp"
#include "engine/config/section.hpp"
#include "engine/config/tree.hpp"
#include "engine/units/suggest.hpp"

namespace msabm::config {
namespace {

using impl::join_path;
using impl::lookup;
using impl::OutNode;
using Kind = NodeState::Kind;

// `key:` with no value reads as an empty map.
void null_to_map(NodeState& node, const Location& where) {
  if (node.kind != Kind::Null) return;
  node.kind = Kind::Map;
  node.where = where;
}

}  // namespace

Section::Section(std::shared_ptr<NodeState> node, std::string path)
    : node_(std::move(node)), path_(std::move(path)) {}

bool Section::has(std::string_view key) const {
  return node_->kind == Kind::Map && node_->find(key) != nullptr;
}

Section Section::section(std::string_view key) const {
  const std::string p = join_path(path_, key);
  MapEntry* e = lookup(*node_, key);
  NodePtr child;
  if (e == nullptr) {
    auto it = node_->absent_children.find(key);
    if (it == node_->absent_children.end()) {
      it = node_->absent_children.emplace(std::string(key), make_node(Kind::Absent, node_->where))
               .first;
      it->second->problems = node_->problems;
    }
    child = it->second;
  } else {
    null_to_map(*e->value, e->key_where);
    if (e->value->kind != Kind::Map) {
      throw ConfigError(e->key_where, p,
                        fmt::format("expected a map of keys, found {}", e->value->describe()));
    }
    child = e->value;
  }
  if (!child->out) child->out = node_->out->child(key, OutNode::Kind::Map);
  if (child->out->facts.type.empty()) child->out->facts.type = "map";
  child->out->facts.defaulted = e == nullptr;
  return Section(child, p);
}

std::vector<std::string> Section::keys() const {
  std::vector<std::string> out;
  node_->out->facts.type = "names";
  if (node_->kind != Kind::Map) return out;
  for (auto& e : node_->entries) {
    e.used = true;
    node_->out->at(e.key);
    out.push_back(e.key);
  }
  return out;
}

std::vector<Section> Section::list(std::string_view key) const {
  const std::string p = join_path(path_, key);
  MapEntry* e = lookup(*node_, key);
  std::vector<Section> out;
  if (e == nullptr || e->value->kind == Kind::Null) {
    node_->out->child(key, OutNode::Kind::Seq)->facts = KeyFacts{"list", "", {}, "", {}, e == nullptr};
    return out;
  }
  if (e->value->kind != Kind::Sequence) {
    throw ConfigError(e->key_where, p,
                      fmt::format("expected a list of maps, found {}", e->value->describe()));
  }
  const auto& items = e->value->items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    null_to_map(*items[i], items[i]->where);
    if (items[i]->kind != Kind::Map) {
      throw ConfigError(items[i]->where, fmt::format("{}[{}]", p, i),
                        fmt::format("expected a map of keys, found {}", items[i]->describe()));
    }
  }
  const auto record = node_->out->child(key, OutNode::Kind::Seq);
  record->facts.type = "list";
  if (record->items.size() != items.size()) {
    record->items.clear();
    for (std::size_t i = 0; i < items.size(); ++i) {
      record->items.push_back(std::make_shared<OutNode>(OutNode::Kind::Map));
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i]->out) items[i]->out = record->items[i];
    out.push_back(Section(items[i], fmt::format("{}[{}]", p, i)));
  }
  return out;
}

Node Section::node(std::string_view key) const {
  const std::string p = join_path(path_, key);
  MapEntry* e = lookup(*node_, key);
  if (e == nullptr) return Node(make_node(Kind::Absent, node_->where), p, node_->where);
  node_->out->set_written(key, e->value);
  node_->out->at(key).facts.type = "value";
  return Node(e->value, p, e->key_where);
}

void Section::expect_keys(const std::vector<std::string>& keys) const {
  for (const auto& k : keys) node_->ask(k);
  if (node_->kind != Kind::Map) return;
  for (auto& e : node_->entries) {
    if (std::find(keys.begin(), keys.end(), e.key) == keys.end()) {
      const ConfigError error(e.key_where, join_path(path_, e.key), impl::unknown_message(e.key, node_->asked));
      if (!impl::recover(*node_, error)) throw error;
      e.used = true;  // reported: not again by Reader::finish()
    }
  }
}

void Section::shared_structure(std::string_view name) const {
  node_->out->facts.structure = std::string(name);
}

const std::string& Section::path() const {
  return path_;
}

Location Section::location() const {
  return node_->where;
}

Location Section::location(std::string_view key) const {
  if (node_->kind == Kind::Map) {
    if (const MapEntry* e = node_->find(key)) return e->key_where;
  }
  return node_->where;
}

void Section::fail(std::string_view key, const std::string& message) const {
  throw ConfigError(location(key), join_path(path_, key), with_default_note(key, message));
}

void Section::error(std::string_view key, const std::string& message) const {
  const ConfigError e(location(key), join_path(path_, key), with_default_note(key, message));
  if (!impl::recover(*node_, e)) throw e;
}

void Section::warn(std::string_view key, const std::string& message) const {
  if (node_->problems) node_->problems->add_warning({location(key), join_path(path_, key), message});
}

std::string Section::with_default_note(std::string_view key, const std::string& message) const {
  if (key.empty() || has(key) || !node_->out) return message;
  // The value at fault is a default the user never wrote: say so, and what to set.
  for (const auto& [name, value] : node_->out->entries) {
    if (name != key) continue;
    std::string text = value->text;
    if (value->kind == OutNode::Kind::Flow) text = "[" + units::join_list(value->flow) + "]";
    if (value->kind != OutNode::Kind::Scalar && value->kind != OutNode::Kind::Flow) break;
    const std::string p = join_path(path_, key);
    return fmt::format("{} ({} is not in the file: {} is its default; set {} to change it)", message, p, text, p);
  }
  return message;
}

namespace {

void share_problems(NodeState& node, const std::shared_ptr<Problems>& problems) {
  node.problems = problems;
  for (auto& item : node.items) share_problems(*item, problems);
  for (auto& e : node.entries) share_problems(*e.value, problems);
}

}  // namespace

struct Reader::Impl {
  NodePtr root;
  std::string name;
  std::shared_ptr<Problems> problems = std::make_shared<Problems>();
};

Reader::Reader(Tree tree) : impl_(std::make_unique<Impl>()) {
  // A private copy: read state never leaks into the Tree or into another Reader.
  impl_->root = tree.root() ? tree.root()->clone() : make_node(Kind::Map, {tree.name(), 1, 1});
  impl_->root->out = std::make_shared<OutNode>(OutNode::Kind::Map);
  impl_->name = std::filesystem::path(tree.name()).stem().string();
  share_problems(*impl_->root, impl_->problems);
}

Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

Section Reader::root() const {
  return Section(impl_->root, "");
}

void Reader::collect_errors() const {
  impl_->problems->set_collecting(true);
}

void Reader::finish() const {
  impl_->problems->set_collecting(false);
  impl_->problems->throw_if_any(impl::unread_keys(*impl_->root));
}

void Reader::fail_with(const std::exception_ptr& stop) const {
  impl_->problems->set_collecting(false);
  if (impl_->problems->has_errors()) {
    try {
      std::rethrow_exception(stop);
    } catch (const ConfigError& e) {
      impl_->problems->throw_if_any({e});
    } catch (const InputError& e) {
      impl_->problems->throw_if_any({}, {e.what()});
    } catch (...) {
      // Anything else most likely follows from the bad input found before: report that.
      impl_->problems->throw_if_any();
    }
  }
  std::rethrow_exception(stop);
}

const std::vector<Warning>& Reader::warnings() const {
  return impl_->problems->warnings();
}

std::string Reader::resolved_yaml() const {
  return impl::emit_yaml(*impl_->root->out, nullptr);
}

std::string Reader::resolved_yaml(const std::function<std::string(const KeyRead&)>& comment) const {
  return impl::emit_yaml(*impl_->root->out, &comment);
}

std::vector<KeyRead> Reader::key_reads() const {
  return impl::key_reads(*impl_->root->out);
}

const std::string& Reader::name() const {
  return impl_->name;
}

}  // namespace msabm::config
