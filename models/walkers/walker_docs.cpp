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

// Cells that attach before they kill (scaled by a trait of the prey), walk persistently and start
// in a ring at a normally distributed radius.
constexpr const char* kAttachExample = R"(time: {step: "1 min", duration: "10 min"}
patches:
  p:
    lattice: {dims: [12, 12, 12], voxel_size: "20 um", capacity: 3}
    agents:
      tumour: {model: target, count: 50, placement: {shape: sphere, centre: ["120 um", "120 um", "120 um"], radius: "50 um"},
               traits: {oncoprotein: {mean: 1, sd: 0.25, min: 0, max: 2}}}
      killer:
        model: walker
        count: 20
        placement: {shape: radial_normal, centre: ["120 um", "120 um", "120 um"], mean_radius: "70 um", sd_radius: "10 um"}
        traits: {size: {mean: 1, sd: 0.1, min: 0.5, max: 1.5}}
        motility: {speed: "1 um/min", persistence_time: "10 min"}
        chemotaxis: {bias: 0.5, gradient: {type: point, centre: ["120 um", "120 um", "120 um"]}}
        contact:
          prey: tumour
          kill_rate: "0.0667 1/min"
          attach: {rate: "0.2 1/min", full_rate_distance: "14 um", max_distance: "18 um", lifetime: "60 min",
                   scale_by: {trait: oncoprotein, threshold: 0.5, saturation: 2}}
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

/// The keys of `traits:`, which walkers and targets share.
std::vector<KeyDoc> with_trait_keys(std::vector<KeyDoc> keys) {
  keys.insert(keys.end(),
              {{"traits", "numbers each agent carries for life, drawn once per agent (a fixed function of its id "
                          "and the seed, so placed, born and added agents all get one)"},
               {"traits.<name>.mean", "mean of the trait's normal distribution"},
               {"traits.<name>.sd", "its standard deviation"},
               {"traits.<name>.min", "values below are raised to it", "no lower bound"},
               {"traits.<name>.max", "values above are lowered to it", "no upper bound"}});
  return keys;
}

ModelDoc walker_doc() {
  return {"a cell on a random walk, optionally biased up a gradient, that kills prey on contact, divides and dies",
          with_trait_keys({
              {"count", "agents placed at the start"},
              {"placement", "where they are placed (one per free voxel per pass)"},
              {"volume", "occupancy units one agent uses in its voxel (see lattice.capacity)"},
              {"motility.diffusivity",
               "random-walk diffusivity D: a jump to a face neighbour with probability 6 D dt / dx^2 per period",
               "walkers never move", "motility.persistence_time"},
              {"motility.period", "how often walkers may jump"},
              {"motility.persistence_time",
               "a persistent walk (PhysiCell's motility): the mean time a walker keeps its heading d, renewed with "
               "probability 1 - exp(-dt / tau) per period to normalize(bias g + (1 - bias) r), r random; no heading "
               "(no motion) before the first renewal; the walker's position within its voxel moves by speed dt d "
               "and it enters the face neighbour it reaches (if there is room); 0: none, motility.diffusivity sets "
               "a plain random walk"},
              {"motility.speed", "speed of a persistent walk (with persistence_time, instead of diffusivity)"},
              {"chemotaxis.bias", "share of jumps whose face is drawn along the gradient (drift bias p dx / dt); "
                                  "with persistence_time the gradient's weight in each new heading"},
              {"chemotaxis.gradient.type", "what the walkers follow: none, uniform (a direction), point (towards a centre) or field"},
              {"chemotaxis.gradient.direction", "uniform: the direction followed"},
              {"chemotaxis.gradient.centre", "point: the point walkers move towards"},
              {"chemotaxis.gradient.field", "field: the patch field whose gradient is followed"},
              {"contact.prey", "kind killed on contact (same or face-adjacent voxel); empty: none",
               "walkers kill nothing"},
              {"contact.kill_rate", "rate at which a walker in contact kills one prey (1 - exp(-k dt) per period); "
                                    "parameter <patch>.<kind>.kill_rate"},
              {"contact.period", "how often contacts are checked"},
              {"contact.attach",
               "kill only attached prey: a free walker attaches to a prey in contact, an attached one stays put, "
               "kills its prey at kill_rate (then is free) or detaches",
               "walkers kill any prey in contact"},
              {"contact.attach.rate", "attachment rate to one prey in contact (summed over the prey in contact)"},
              {"contact.attach.full_rate_distance",
               "distance between voxel centres up to which the full rate applies (the walker's own voxel is at 0, a "
               "face neighbour at one voxel size)"},
              {"contact.attach.max_distance", "distance at which the rate has fallen linearly to 0"},
              {"contact.attach.lifetime", "mean time attached before detaching (exponential)", "attached until the kill"},
              {"contact.attach.scale_by",
               "scales the attachment and kill rates by a trait t of the prey: (t - threshold) / (saturation - "
               "threshold), clamped to [0, 1]",
               "rates unscaled"},
              {"contact.attach.scale_by.trait", "the prey kind's trait (its traits: key)"},
              {"contact.attach.scale_by.threshold", "trait value at and below which the rates are 0"},
              {"contact.attach.scale_by.saturation", "trait value at and above which the rates are full"},
              {"population.division_rate", "division rate b (exp(b dt) - 1 daughters per period; needs room in the voxel)"},
              {"population.death_rate", "death rate d (1 - exp(-d dt) per period)"},
              {"population.period", "how often divisions and deaths are drawn"},
              {"exchange", "secretion into and uptake from the patch's fields"},
              {"exchange[].field", "the field"},
              {"exchange[].secretion", "amount one agent releases per minute, in the field's units x um^3"},
              {"exchange[].uptake", "first-order uptake rate by one agent from its voxel"},
          }),
          {kFieldExample, kGradientExample, kAttachExample}};
}

ModelDoc target_doc() {
  return {"a static cell, prey of walkers, that may secrete into and take up from fields",
          with_trait_keys({
              {"count", "agents placed at the start"},
              {"placement", "where they are placed"},
              {"volume", "occupancy units one agent uses in its voxel"},
              {"exchange", "secretion into and uptake from the patch's fields"},
              {"exchange[].field", "the field"},
              {"exchange[].secretion", "amount one agent releases per minute, in the field's units x um^3"},
              {"exchange[].uptake", "first-order uptake rate by one agent from its voxel"},
          })};
}

}  // namespace

void register_walker_docs(Registry& registry) {
  registry.document(ModelSlot::Kind, "walker", walker_doc());
  registry.document(ModelSlot::Kind, "target", target_doc());
}

}  // namespace msabm::walkers
