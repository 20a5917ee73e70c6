#pragma once
#include "engine/model/registry.hpp"

namespace msabm {

/// Registers every model shipped with msabm (and the engine's own protocol actions).
void register_all_models(Registry& registry);

}  // namespace msabm
