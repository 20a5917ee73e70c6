#include "engine/config/impl/yaml_load.hpp"

#include <string>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace msabm::config::impl {
namespace {

Location to_location(const YAML::Mark& mark, const std::string& file, const Location& fallback) {
  if (mark.is_null() || mark.line < 0) return fallback;
  return {file, mark.line + 1, mark.column + 1};
}

// YAML aliases repeat the node they name without copying it, so a few lines can stand for
// billions of values ("b: [*a, *a, ...]", "c: [*b, *b, ...]"); converting them all would exhaust
// memory. No config comes near this many values (the body model's patient has a few hundred).
constexpr long kMaxValues = 100'000;

struct Converter {
  const std::string& file;
  long values = 0;

  NodePtr convert(const YAML::Node& y, const Location& fallback);
};

NodePtr Converter::convert(const YAML::Node& y, const Location& fallback) {
  const Location where = to_location(y.Mark(), file, fallback);
  if (++values > kMaxValues) {
    throw InputError(fmt::format("{}: the config holds more than {} values (YAML aliases such as *a repeat "
                                 "what they name)",
                                 where.to_string(), kMaxValues));
  }
  switch (y.Type()) {
    case YAML::NodeType::Scalar: {
      auto node = make_node(NodeState::Kind::Scalar, where);
      node->text = y.Scalar();
      return node;
    }
    case YAML::NodeType::Sequence: {
      auto node = make_node(NodeState::Kind::Sequence, where);
      for (const auto& item : y) node->items.push_back(convert(item, where));
      return node;
    }
    case YAML::NodeType::Map: {
      auto node = make_node(NodeState::Kind::Map, where);
      for (const auto& kv : y) {
        const Location key_where = to_location(kv.first.Mark(), file, where);
        if (!kv.first.IsScalar()) {
          throw InputError(
              fmt::format("{}: a config key must be a plain name", key_where.to_string()));
        }
        const std::string key = kv.first.Scalar();
        if (const MapEntry* first = node->find(key)) {
          throw InputError(fmt::format("{}: duplicate key '{}' (first written at line {})",
                                       key_where.to_string(), key, first->key_where.line));
        }
        node->entries.push_back({key, key_where, convert(kv.second, key_where), false});
      }
      return node;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return make_node(NodeState::Kind::Null, where);
}

}  // namespace

NodePtr parse_yaml(std::string_view text, const std::string& file) {
  YAML::Node document;
  try {
    document = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    const Location where = to_location(e.mark, file, Location{file, 0, 0});
    throw InputError(fmt::format("{}: YAML syntax error: {}", where.to_string(), e.msg));
  }
  return Converter{file}.convert(document, Location{file, 1, 1});
}

}  // namespace msabm::config::impl
