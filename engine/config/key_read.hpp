#pragma once
// What each typed read of a config key asked for (kind of value, unit, default, range), as the
// Reader records it. `msabm describe` lists the keys a model reads from these records, and
// `msabm check --print` marks the values that came from a default.
#include <optional>
#include <string>
#include <vector>

namespace msabm::config {

struct KeyFacts {
  /// "quantity", "quantity[3]", "number", "integer", "integer[3]", "boolean", "text", "choice",
  /// "map", "list" (of maps), "names" (a map whose keys the user names) or "value" (read whole).
  std::string type;
  std::string unit;                         ///< quantities: the unit messages use; "" otherwise
  std::optional<std::string> default_text;  ///< nullopt: required, or a map or list
  std::string range;                        ///< "[0, inf)" (in `unit`); "" when unbounded
  std::vector<std::string> choices;         ///< choice: the values allowed
  bool defaulted = false;                   ///< absent from the config: the default was used
  /// Maps only: the shared structure this map is ("region"), see Section::shared_structure.
  std::string structure = {};
};

struct KeyRead {
  std::string path;     ///< "patches.lesion.agents.effector.exchange[0].secretion"
  /// The path with the names users choose and list positions generalised:
  /// "patches.<name>.agents.<name>.exchange[].secretion".
  std::string pattern;
  std::string value;    ///< the resolved value as printed (lists "[a, b, c]"); "" for maps
  KeyFacts facts;
  /// Below a map marked as a shared structure: the key within it ("region.shape"); "" otherwise.
  std::string shared = {};
};

}  // namespace msabm::config
