#pragma once
#include "engine/model/registry.hpp"

namespace msabm::tissue {

/// Registers the white-matter contents model and the tissue cell kinds.
void register_tissue_models(Registry& registry);

}  // namespace msabm::tissue
