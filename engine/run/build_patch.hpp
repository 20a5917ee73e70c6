#pragma once
// Reading one patch of the config (under `patches:` or `patch_templates:`): lattice, tissue
// labels, fields and their clock, contents models and agent kinds. Used at build time and when
// a patch is created from a template while the run goes on (and again on restart).
#include <memory>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/simulation.hpp"
#include "engine/model/registry.hpp"

namespace msabm {

/// Models created for a patch, installed once every patch and kind exists.
struct PatchModels {
  Patch* patch = nullptr;
  std::vector<std::unique_ptr<KindModel>> kinds;
  std::vector<std::unique_ptr<Model>> contents;
  void install(Simulation& sim);
};

/// Creates the patch `name` from section `s` (lattice, labels, fields, the field process,
/// contents and kinds) and returns its models, not yet installed.
PatchModels read_patch(const config::Section& s, const std::string& name, Simulation& sim,
                       const Registry& registry);

}  // namespace msabm
