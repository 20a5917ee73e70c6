#pragma once
// The explicit registry through which models plug into the engine. Models register with an
// explicit call (e.g. register_walker_model(registry)), never through static initialisers.
// Five kinds of model, each with its place in the config:
//   agent kinds       patches.<patch>.agents.<kind>: {model: walker, ...}
//   patch contents    patches.<patch>.contents.<name>: {model: ..., ...}  (tissue geometry,
//                     voxel state: whatever a patch holds besides agents and fields)
//   systemic models   a top-level section of their own (body:, drugs:): tables, processes
//   readouts          readouts.<name>: {model: kind_count, ...}
//   protocol actions  protocol: [{at: "-6 d", action: set_parameter, ...}]
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/scheduler.hpp"
#include "engine/model/model_doc.hpp"

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

/// A model of a patch's contents or of systemic state: created when its section is read,
/// installed once every patch and kind exists (so it may refer to them).
class Model {
 public:
  virtual ~Model() = default;
  virtual void install(Simulation& sim) = 0;
};

/// Reads patches.<patch>.contents.<name> and adds what the patch holds (voxel arrays, a
/// component); install() adds processes.
using PatchModelFactory = std::function<std::unique_ptr<Model>(
    const config::Section& section, Patch& patch, const std::string& name)>;

/// Reads its own top-level section (e.g. `body:`) and adds tables, parameters and processes.
using SystemicModelFactory =
    std::function<std::unique_ptr<Model>(const config::Section& section, Simulation& sim)>;

/// Reads readouts.<name> and adds the readout(s) to the simulation (after every model installed).
using ReadoutFactory =
    std::function<void(const config::Section& section, Simulation& sim, const std::string& name)>;

/// Reads a protocol event's parameters (validating them at load) and returns what it does.
using ActionFactory =
    std::function<std::function<void(Simulation&)>(const config::Section& event, Simulation& sim)>;

class Registry {
 public:
  void add_kind_model(const std::string& name, KindModelFactory factory);
  void add_patch_model(const std::string& name, PatchModelFactory factory);
  /// `section` is the top-level key the model reads (e.g. "body").
  void add_systemic_model(const std::string& section, SystemicModelFactory factory);
  void add_readout(const std::string& name, ReadoutFactory factory);
  void add_action(const std::string& name, ActionFactory factory);

  [[nodiscard]] const KindModelFactory* kind_model(const std::string& name) const;
  [[nodiscard]] const PatchModelFactory* patch_model(const std::string& name) const;
  [[nodiscard]] const ReadoutFactory* readout(const std::string& name) const;
  [[nodiscard]] const ActionFactory* action(const std::string& name) const;
  [[nodiscard]] const std::map<std::string, SystemicModelFactory>& systemic_models() const {
    return systemic_models_;
  }
  [[nodiscard]] std::vector<std::string> kind_model_names() const;
  [[nodiscard]] std::vector<std::string> patch_model_names() const;
  [[nodiscard]] std::vector<std::string> readout_names() const;
  [[nodiscard]] std::vector<std::string> action_names() const;

  /// The description of a model (`msabm describe`); `name` is the model's name, "engine" for
  /// ModelSlot::Engine, the top-level section for systemic models.
  void document(ModelSlot slot, const std::string& name, ModelDoc doc);
  [[nodiscard]] const ModelDoc* doc(ModelSlot slot, const std::string& name) const;

 private:
  std::map<std::string, KindModelFactory> kind_models_;
  std::map<std::string, PatchModelFactory> patch_models_;
  std::map<std::string, SystemicModelFactory> systemic_models_;
  std::map<std::string, ReadoutFactory> readouts_;
  std::map<std::string, ActionFactory> actions_;
  std::map<std::pair<ModelSlot, std::string>, ModelDoc> docs_;
};

}  // namespace msabm
