#pragma once
// `msabm describe`: the registered models and, for each, every key it reads with its kind of
// value, unit, default, range and meaning. Meanings come from the models' ModelDocs; units,
// defaults and ranges from the reads themselves (config::KeyRead), recorded while the models'
// example configs are built, so the two cannot drift apart.
#include <optional>
#include <string>
#include <vector>

#include "engine/config/key_read.hpp"
#include "engine/config/section.hpp"
#include "engine/model/registry.hpp"

namespace msabm {

/// The model section a read sits in, and its key there (ModelSlot::Engine: the full pattern,
/// with patch templates written as patches).
struct KeyOwner {
  ModelSlot slot = ModelSlot::Engine;
  std::string model;  ///< "walker", "body", "engine"
  std::string key;    ///< "motility.diffusivity"
  std::string path;   ///< the same as written ("exchange[0].field")
};

/// Attributes reads to the models whose sections they sit in (the reads of one config).
class KeyOwners {
 public:
  KeyOwners(const std::vector<config::KeyRead>& reads, const Registry& registry);
  [[nodiscard]] KeyOwner of(const config::KeyRead& read) const;
  /// The meaning of a read: the model's own, else the shared structure's ("region.shape"),
  /// else the engine's (keys every kind, readout or event has). nullptr: undocumented.
  [[nodiscard]] const KeyDoc* doc(const config::KeyRead& read) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;  ///< path -> value of model/action keys
  const Registry& registry_;
  [[nodiscard]] std::string value_at(const std::string& path) const;
};

/// The reads of one config, in resolved order (config::Reader::key_reads).
using ConfigReads = std::vector<config::KeyRead>;

/// The reads of every registered model's examples, each example built as a run would be.
/// Throws std::logic_error naming the model when an example is not a valid config.
std::vector<ConfigReads> example_key_reads(const Registry& registry);

/// What keeps the reference from being complete, one line each: registered models without a
/// description, values read (by the examples or in `more_reads`, e.g. the shipped configs) that
/// have no meaning, and described keys that no example reads (so describe would show no unit or
/// default for them). Empty when complete.
std::vector<std::string> describe_gaps(const Registry& registry, const std::vector<ConfigReads>& more_reads);

/// `msabm describe`: every registered model with its one-line summary.
std::string describe_models(const Registry& registry);
/// `msabm describe MODEL` ("engine" for the engine's own keys); InputError when unknown.
std::string describe_model(const Registry& registry, const std::string& model);
/// The whole reference as Markdown (docs/parameters.md).
std::string describe_markdown(const Registry& registry);

/// The resolved config with "# default" after each value no file or --set gave, and
/// "(off: ...)" where that default turns a behaviour off.
std::string marked_resolved_yaml(const config::Reader& reader, const Registry& registry);
/// One line per default in effect that turns a behaviour off ("patches.lesion.agents.effector.
/// motility.diffusivity is not set: default 0 um^2/min (off: walkers never move)").
std::vector<std::string> off_default_notes(const config::Reader& reader, const Registry& registry);

}  // namespace msabm
