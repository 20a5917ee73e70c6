#pragma once
// A parsed YAML config with the source location of every node, after `extends:` inheritance
// and command-line `--set` overrides have been applied.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/error.hpp"

namespace msabm::config {

struct NodeState;

class Tree {
 public:
  /// Loads a YAML file. A top-level `extends: other.yaml` (path relative to the file) loads the
  /// base first and merges this file over it (maps merge key by key; scalars and sequences
  /// replace). Cycles, missing files and YAML syntax errors are InputErrors naming file:line:col.
  static Tree load_file(const std::filesystem::path& path);
  /// Loads one YAML file as written, without `extends:` (an ordinary key there): for inputs
  /// that are not configs, such as sweep files. `kind` names them in messages ("sweep":
  /// "cannot read sweep file 'x.yaml': no such file").
  static Tree load_standalone_file(const std::filesystem::path& path, std::string_view kind);
  /// Parses YAML text (for tests); `name` stands in for the file name in messages.
  static Tree load_string(std::string_view yaml, std::string name);

  /// Applies "a.b.c=VALUE" (VALUE is YAML: scalar, or flow list/map). Creates missing maps.
  /// Malformed assignments are InputErrors. Validation happens when the value is read.
  void apply_override(std::string_view assignment);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::shared_ptr<NodeState> root() const { return root_; }

 private:
  Tree(std::shared_ptr<NodeState> root, std::string name);
  std::shared_ptr<NodeState> root_;
  std::string name_;
};

}  // namespace msabm::config
