#pragma once
// The first model: chemotactic "walker" cells that kill static "target" cells on contact,
// divide and die. Small but complete; it exercises every engine mechanism.
#include "engine/model/registry.hpp"

namespace msabm::walkers {

/// Registers kind models `walker` and `target`.
void register_walker_model(Registry& registry);

}  // namespace msabm::walkers
