#pragma once
// The descriptions (msabm describe) of the white_matter contents model and the tissue's cell
// kinds.
#include "engine/model/registry.hpp"

namespace msabm::tissue {

void register_tissue_docs(Registry& registry);
void register_cell_docs(Registry& registry);

}  // namespace msabm::tissue
