#pragma once
// `body:` the systemic immune system with clone identity, and the aHSCT protocol actions that
// act on it (give_drug, apheresis, cd34_selection, reinfuse). See body_core.hpp for the state
// and configs/body/patient.yaml for every parameter with its source.
#include "engine/model/registry.hpp"

namespace msabm::body {

class BodyCore;

void register_body_model(Registry& registry);

/// The body of a simulation, or nullptr when it has no `body:` section.
BodyCore* find_body(Simulation& sim);

}  // namespace msabm::body
