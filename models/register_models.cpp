#include "models/register_models.hpp"

#include "engine/run/engine_docs.hpp"
#include "engine/run/protocol_config.hpp"
#include "engine/run/readout_config.hpp"
#include "models/body/body_model.hpp"
#include "models/systemic/linear_compartments.hpp"
#include "models/tissue/white_matter.hpp"
#include "models/walkers/walker_model.hpp"

namespace msabm {

void register_all_models(Registry& registry) {
  register_engine_actions(registry);
  register_engine_readouts(registry);
  register_engine_docs(registry);
  walkers::register_walker_model(registry);
  systemic::register_linear_compartments(registry);
  tissue::register_tissue_models(registry);
  body::register_body_model(registry);
}

}  // namespace msabm
