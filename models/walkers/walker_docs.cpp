// What `msabm describe` says about `walker` and `target`, with the small configs it builds to
// read their keys (they also exercise the engine's actions and readouts).
#include "models/walkers/walker_docs.hpp"

namespace msabm::walkers {

namespace {

// A walker following a diffusing field, its prey secreting into it, and the engine's events
// and readouts acting on them.
constexpr const char* kFieldExample = R"(time: {step: "1 min", duration: "10 min"}
patches:
  p:
    lattice: {dims: [10, 10, 10], voxel_size: "10 um"}
    fields:
      cue: {units: "1/um^3", diffusion: "100 um^2/min", decay: "0.1 1/min"}
    agents:
      prey: {model: target, count: 20, volume: 1, placement: {shape: sphere, centre: ["50 um", "50 um", "50 um"], radius: "30 um"},
             exchange: [{field: cue, secretion: "1 1/min", uptake: "0 1/min"}]}
      hunter:
        model: walker
        count: 10
        volume: 1
        placement: {shape: shell, centre: ["50 um", "50 um", "50 um"], inner_radius: "30 um", outer_radius: "45 um"}
        motility: {diffusivity: "10 um^2/min", period: "1 min"}
        chemotaxis: {bias: 0.5, gradient: {type: field, field: cue}}
        contact: {prey: prey, kill_rate: "0.01 1/min", period: "1 min"}
        population: {division_rate: "0.001 1/min", death_rate: "0.001 1/min", period: "5 min"}
        exchange: [{field: cue, uptake: "0.1 1/min"}]
readouts:
  hunters: {model: kind_count, patch: p, kind: hunter}
  dividing: {model: kind_count, patch: p, kind: hunter, state: 0}
  prey_near: {model: kind_count, patch: p, kind: prey, region: {shape: sphere, centre: ["50 um", "50 um", "50 um"], radius: "30 um"}}
  cue_mean: {model: field, patch: p, field: cue, measure: mean}
  few_hunters: {model: crossing_time, readout: hunters, below: 5, units: "min", check_every: "1 min", from: "0 min"}
  many_hunters: {model: crossing_time, readout: hunters, above: 50}
protocol:
  - {at: "1 min", action: add_agents, patch: p, kind: hunter, count: 2, region: {shape: everywhere}}
  - {at: "2 min", action: remove_agents, patch: p, kind: hunter, fraction: 0.1, region: {shape: everywhere}}
  - {at: "3 min", action: set_parameter, parameter: p.hunter.kill_rate, value: "0.02 1/min", for: "2 min"}
  - {at: "4 min", action: scale_parameter, parameter: p.hunter.kill_rate, factor: 0.5, for: "2 min"}
  - {at: "0 min", when: {readout: hunters, below: 5, check_every: "1 min"}, action: remove_agents, patch: p, kind: hunter, fraction: 1}
  - {at: "0 min", when: {readout: hunters, above: 50}, action: remove_agents, patch: p, kind: hunter, fraction: 0.5}
)";

// The other gradients: a fixed direction and a point.
constexpr const char* kGradientExample = R"(time: {step: "1 min", duration: "10 min"}
patches:
  p:
    lattice: {dims: [10, 10, 10], voxel_size: "10 um"}
    agents:
      east: {model: walker, count: 5, motility: {diffusivity: "10 um^2/min"},
             chemotaxis: {bias: 0.5, gradient: {type: uniform, direction: [1, 0, 0]}}}
      inward: {model: walker, count: 5, motility: {diffusivity: "10 um^2/min"},
               chemotaxis: {bias: 0.5, gradient: {type: point, centre: ["50 um", "50 um", "50 um"]}}}
)";

ModelDoc walker_doc() {
  return {"a cell on a random walk, optionally biased up a gradient, that kills prey on contact, divides and dies",
          {
              {"count", "agents placed at the start"},
              {"placement", "where they are placed (one per free voxel per pass)"},
              {"volume", "occupancy units one agent uses in its voxel (see lattice.capacity)"},
              {"motility.diffusivity",
               "random-walk diffusivity D: a jump to a face neighbour with probability 6 D dt / dx^2 per period",
               "walkers never move"},
              {"motility.period", "how often walkers may jump"},
              {"chemotaxis.bias", "share of jumps whose face is drawn along the gradient (drift bias p dx / dt)"},
              {"chemotaxis.gradient.type", "what the walkers follow: none, uniform (a direction), point (towards a centre) or field"},
              {"chemotaxis.gradient.direction", "uniform: the direction followed"},
              {"chemotaxis.gradient.centre", "point: the point walkers move towards"},
              {"chemotaxis.gradient.field", "field: the patch field whose gradient is followed"},
              {"contact.prey", "kind killed on contact (same or face-adjacent voxel); empty: none",
               "walkers kill nothing"},
              {"contact.kill_rate", "rate at which a walker in contact kills one prey (1 - exp(-k dt) per period); "
                                    "parameter <patch>.<kind>.kill_rate"},
              {"contact.period", "how often contacts are checked"},
              {"population.division_rate", "division rate b (exp(b dt) - 1 daughters per period; needs room in the voxel)"},
              {"population.death_rate", "death rate d (1 - exp(-d dt) per period)"},
              {"population.period", "how often divisions and deaths are drawn"},
              {"exchange", "secretion into and uptake from the patch's fields"},
              {"exchange[].field", "the field"},
              {"exchange[].secretion", "amount one agent releases per minute, in the field's units x um^3"},
              {"exchange[].uptake", "first-order uptake rate by one agent from its voxel"},
          },
          {kFieldExample, kGradientExample}};
}

ModelDoc target_doc() {
  return {"a static cell, prey of walkers, that may secrete into and take up from fields",
          {
              {"count", "agents placed at the start"},
              {"placement", "where they are placed"},
              {"volume", "occupancy units one agent uses in its voxel"},
              {"exchange", "secretion into and uptake from the patch's fields"},
              {"exchange[].field", "the field"},
              {"exchange[].secretion", "amount one agent releases per minute, in the field's units x um^3"},
              {"exchange[].uptake", "first-order uptake rate by one agent from its voxel"},
          }};
}

}  // namespace

void register_walker_docs(Registry& registry) {
  registry.document(ModelSlot::Kind, "walker", walker_doc());
  registry.document(ModelSlot::Kind, "target", target_doc());
}

}  // namespace msabm::walkers
