#pragma once
// The descriptions (msabm describe) of the engine's own keys, actions and readouts.
#include "engine/model/registry.hpp"

namespace msabm {

void register_engine_docs(Registry& registry);

}  // namespace msabm
