#pragma once
// The descriptions of `walker` and `target` for msabm describe.
#include "engine/model/registry.hpp"

namespace msabm::walkers {

void register_walker_docs(Registry& registry);

}  // namespace msabm::walkers
