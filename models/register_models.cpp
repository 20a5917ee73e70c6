#include "models/register_models.hpp"

#include "engine/run/build_simulation.hpp"
#include "models/walkers/walker_model.hpp"

namespace msabm {

void register_all_models(Registry& registry) {
  register_engine_actions(registry);
  walkers::register_walker_model(registry);
}

}  // namespace msabm
