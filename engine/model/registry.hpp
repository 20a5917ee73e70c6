#pragma once
// The explicit registry through which models plug into the engine. A config names a model for
// each agent kind (`model: walker`) and an action for each protocol event (`action: add_agents`);
// the registry maps those names to factories. Models register with an explicit call
// (e.g. register_walker_model(registry)), never through static initialisers.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/scheduler.hpp"

namespace msabm {

class Patch;
class Simulation;

/// One configured agent kind's model, created before any process exists.
class KindModel {
 public:
  virtual ~KindModel() = default;
  /// Called once every kind of every patch exists: resolve references to other kinds, add
  /// processes and readouts, place the initial agents.
  virtual void install(Simulation& sim, Patch& patch) = 0;
};

/// Creates the agent kind `kind_name` in `patch` (declaring its columns) and reads its
/// parameters from `section`. Throws ConfigError (via section.fail) on bad values.
using KindModelFactory = std::function<std::unique_ptr<KindModel>(
    const config::Section& section, Patch& patch, const std::string& kind_name)>;

/// Reads a protocol event's parameters (validating them at load) and returns what it does.
using ActionFactory =
    std::function<std::function<void(Simulation&)>(const config::Section& event, Simulation& sim)>;

class Registry {
 public:
  void add_kind_model(const std::string& name, KindModelFactory factory);
  void add_action(const std::string& name, ActionFactory factory);

  [[nodiscard]] const KindModelFactory* kind_model(const std::string& name) const;
  [[nodiscard]] const ActionFactory* action(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> kind_model_names() const;
  [[nodiscard]] std::vector<std::string> action_names() const;

 private:
  std::map<std::string, KindModelFactory> kind_models_;
  std::map<std::string, ActionFactory> actions_;
};

}  // namespace msabm
