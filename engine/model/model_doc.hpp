#pragma once
// What `msabm describe` says about a registered model: one line on what it is, a one-line
// meaning for every key it reads, and small configs that use it. The unit, default and range of
// each key are not written here: describe builds the examples and takes them from the reads
// themselves (config::KeyRead), so they cannot drift from the code.
#include <string>
#include <vector>

namespace msabm {

/// Where a model's section sits in a config. `Engine` documents the keys the engine itself
/// reads (time, lattices, fields, output, the common keys of kinds, readouts and events).
enum class ModelSlot { Engine, Kind, Contents, Systemic, Readout, Action };

struct KeyDoc {
  /// Path below the model's section ("motility.diffusivity"); "<name>" stands for a name the
  /// user chooses and "[]" for any item of a list ("exchange[].field", "drugs.<name>.half_life").
  /// Engine keys are full patterns ("patches.<name>.lattice.dims").
  std::string key;
  std::string meaning;  ///< one line
  /// When the default turns a behaviour off: what is then off ("walkers never move"). Shown as
  /// "default (off: ...)" by describe and check --print.
  std::string off = {};
  /// A sibling key (path below the same section, "motility.persistence_time") that, written
  /// with a non-zero value, turns the behaviour on by another route: then the default is not
  /// reported as off.
  std::string on_by = {};
};

struct ModelDoc {
  std::string summary;  ///< one line: what the model is
  std::vector<KeyDoc> keys;
  /// Complete, valid configs that use the model (together reading every key in `keys`).
  std::vector<std::string> examples = {};
};

}  // namespace msabm
