// What `msabm describe` says about the keys the engine reads itself (time, patches, lattices,
// fields, output, the keys every kind, readout and event has) and about the engine's protocol
// actions and readouts. The examples that need an agent kind are the models' (walker).
#include "engine/run/engine_docs.hpp"

namespace msabm {

namespace {

ModelDoc engine_doc() {
  return {
      "the keys every config has: seed, time, patches (lattice, tissue, fields), output, and the "
      "keys every kind, readout or event has",
      {
          {"seed", "seed of the counter-based random numbers (--seed overrides it)"},
          {"time.step", "the tick: every period and event time is a whole number of steps"},
          {"time.duration", "simulated time the run covers (required)"},
          {"time.day_zero", "the protocol's day 0, this long after the start (events may be at negative times)"},
          {"time.sort_interval", "how often mobile agents are re-sorted by voxel (memory order); 0: never"},
          {"patches.<name>.lattice.dims", "voxels along x, y, z"},
          {"patches.<name>.lattice.voxel_size", "edge of a cubic voxel"},
          {"patches.<name>.lattice.origin", "position of the lattice's lower corner"},
          {"patches.<name>.lattice.capacity", "occupancy units a voxel holds (an agent uses its kind's volume)"},
          {"patches.<name>.lattice.tissue", "tissue labels in order (the first fills the lattice); each may paint regions"},
          {"patches.<name>.lattice.tissue.<name>.regions", "regions painted with this label, in order (later ones win)"},
          {"patches.<name>.fields", "diffusing substances of the patch, by name, and their solver"},
          {"patches.<name>.fields.<name>.units", "units of the concentration (values, sources and boundaries use them)"},
          {"patches.<name>.fields.<name>.diffusion", "diffusion coefficient"},
          {"patches.<name>.fields.<name>.decay", "first-order decay rate", "the substance does not decay"},
          {"patches.<name>.fields.<name>.initial", "uniform concentration at the start"},
          {"patches.<name>.fields.<name>.quiet_below",
           "floor under which the substance is not solved while nothing feeds it (0: always solved)"},
          {"patches.<name>.fields.<name>.boundary.type", "condition on every face: no_flux, fixed (at value) or periodic"},
          {"patches.<name>.fields.<name>.boundary.value", "concentration of fixed faces (needed with fixed)"},
          {"patches.<name>.fields.<name>.diffusion_factor", "per tissue label: factor on the diffusion coefficient"},
          {"patches.<name>.fields.<name>.diffusion_factor.<name>", "factor on the diffusion coefficient in voxels of this label"},
          {"patches.<name>.fields.<name>.sources", "point or line sources of constant rate"},
          {"patches.<name>.fields.<name>.sources[].rate", "amount released per minute (a line shares it along its length)"},
          {"patches.<name>.fields.<name>.sources[].position", "a point source at this position (one of position, voxel, from + to)"},
          {"patches.<name>.fields.<name>.sources[].voxel", "a point source in this voxel (i, j, k)"},
          {"patches.<name>.fields.<name>.sources[].from", "a line source from this point (with to)"},
          {"patches.<name>.fields.<name>.sources[].to", "a line source to this point (with from)"},
          {"patches.<name>.fields.solver.scheme",
           "auto (cheapest per substance and step), douglas (ADI), spectral (exact in time, uniform "
           "diffusion), explicit or lod"},
          {"patches.<name>.fields.solver.theta", "implicitness of douglas: 1 first order in time, 1/2 second order"},
          {"patches.<name>.fields.solver.max_substep", "longest solver sub-step (0: no limit)"},
          {"patches.<name>.fields.solver.max_stiffness", "sub-steps keep D dt / dx^2 below this (0: no limit)"},
          {"patches.<name>.fields.solver.max_uptake_exposure",
           "spectral: uptake x step above which the step is split"},
          {"patches.<name>.fields.solver.period", "how often the fields advance (default time.step)"},
          {"patches.<name>.contents.<name>.model", "the patch contents model (msabm describe lists them)"},
          {"patches.<name>.agents.<name>.model", "the agent kind's model (msabm describe lists them)"},
          {"face.type", "condition on this face: no_flux, fixed or periodic (default boundary.type)"},
          {"face.value", "concentration of this face when fixed (default boundary.value)"},
          {"region.shape", "everywhere, box (min, max), sphere (centre, radius) or shell (centre, radii); "
                           "a voxel is inside when its centre is; placements of walker and target kinds also take "
                           "radial_normal (centre, mean_radius, sd_radius)"},
          {"region.min", "box: lower corner (required)"},
          {"region.max", "box: upper corner (required)"},
          {"region.centre", "sphere, shell or radial_normal: centre (required)"},
          {"region.radius", "sphere: radius (required)"},
          {"region.inner_radius", "shell: inner radius (required)"},
          {"region.outer_radius", "shell: outer radius (required)"},
          {"region.mean_radius", "radial_normal (placements of walker and target kinds only): agents go to the voxel "
                                 "holding a point at a distance from centre drawn from N(mean_radius, sd_radius), in a "
                                 "uniformly random direction (redrawn where there is no room)"},
          {"region.sd_radius", "radial_normal: standard deviation of that distance"},
          {"output.progress", "progress lines on stderr (--quiet turns them off)"},
          {"output.series_interval", "a row of /series every ... (0: none)"},
          {"output.snapshot_interval", "a snapshot (agents, lattice, fields) every ... (0: none)"},
          {"output.checkpoint_interval", "a checkpoint every ... of simulated time (0: none)"},
          {"output.checkpoint_wall_interval", "a checkpoint every ... of wall-clock time (0: none)"},
          {"output.compression", "deflate level of result.h5 (0: none)"},
          {"readouts.<name>.model", "the readout's model (msabm describe lists them)"},
          {"protocol[].at", "time of the (first) event relative to day 0 (time.day_zero)"},
          {"protocol[].every", "repeat the event at this interval (optional)"},
          {"protocol[].times", "with every: fire at most this many times (0: no limit)"},
          {"protocol[].until", "with every: last time it may fire, relative to day 0 (optional)"},
          {"protocol[].when.readout", "wait until this readout is above or below a value (optional)"},
          {"protocol[].when.above", "fire once the readout exceeds this (in its units; this or below)"},
          {"protocol[].when.below", "fire once the readout falls below this (in its units; this or above)"},
          {"protocol[].when.check_every", "how often the condition is checked"},
          {"protocol[].action", "what the event does (msabm describe lists the actions)"},
      },
      {R"(time: {step: "1 min", duration: "10 min", day_zero: "2 min", sort_interval: "5 min"}
seed: 3
patches:
  a:
    lattice:
      dims: [8, 8, 8]
      voxel_size: "10 um"
      origin: ["0 um", "0 um", "0 um"]
      capacity: 2
      tissue:
        matrix: {}
        core: {regions: [{shape: box, min: ["0 um", "0 um", "0 um"], max: ["30 um", "30 um", "30 um"]},
                         {shape: sphere, centre: ["40 um", "40 um", "40 um"], radius: "15 um"},
                         {shape: shell, centre: ["40 um", "40 um", "40 um"], inner_radius: "20 um", outer_radius: "25 um"}]}
    fields:
      solver: {scheme: douglas, theta: 1, max_substep: "1 min", max_stiffness: 1, max_uptake_exposure: 10, period: "1 min"}
      signal:
        units: "1/um^3"
        diffusion: "100 um^2/min"
        decay: "0.1 1/min"
        initial: "0 1/um^3"
        quiet_below: "0 1/um^3"
        boundary: {type: no_flux, value: "0 1/um^3", x_min: {type: fixed, value: "1 1/um^3"}}
        diffusion_factor: {core: 0.5}
        sources:
          - {position: ["45 um", "45 um", "45 um"], rate: "1 1/min"}
          - {voxel: [1, 1, 1], rate: "1 1/min"}
          - {from: ["5 um", "5 um", "5 um"], to: ["75 um", "5 um", "5 um"], rate: "1 1/min"}
patch_templates:
  spare: {lattice: {dims: [2, 2, 2]}}
protocol:
  - {at: "0 min", every: "2 min", times: 2, until: "6 min", action: create_patch, template: spare, name: extra}
  - {at: "-1 min", action: remove_patch, patch: extra}
output: {progress: false, series_interval: "1 min", snapshot_interval: "5 min", checkpoint_interval: "0 min",
         checkpoint_wall_interval: "0 min", compression: 1}
)"}};
}

ModelDoc add_agents_doc() {
  return {"adds agents of a kind in a region",
          {{"patch", "the patch"},
           {"kind", "the agent kind"},
           {"count", "how many agents to add (placed one per free voxel per pass)"},
           {"region", "where to place them (default everywhere)"}}};
}

ModelDoc remove_agents_doc() {
  return {"removes a share of a kind's agents, optionally only within a region",
          {{"patch", "the patch"},
           {"kind", "the agent kind"},
           {"fraction", "chance that each agent (in the region) is removed"},
           {"region", "only agents in this region (default: all)"}}};
}

ModelDoc set_parameter_doc() {
  return {"sets a model parameter (in its units) from the event on",
          {{"parameter", "the parameter, <patch>.<kind>.<name> (msabm info on a checkpoint lists them)"},
           {"value", "the new value, in the parameter's units"},
           {"for", "how long the change lasts (optional; absent: for good)"}}};
}

ModelDoc scale_parameter_doc() {
  return {"multiplies a model parameter by a factor from the event on",
          {{"parameter", "the parameter, <patch>.<kind>.<name>"},
           {"factor", "the factor"},
           {"for", "how long the change lasts (optional; absent: for good)"}}};
}

ModelDoc create_patch_doc() {
  return {"creates a patch from patch_templates while the run goes on",
          {{"template", "the template under patch_templates"}, {"name", "the new patch's name"}}};
}

ModelDoc remove_patch_doc() {
  return {"removes a patch with its agents, fields and processes", {{"patch", "the patch"}}};
}

ModelDoc kind_count_doc() {
  return {"the number of agents of a kind (or of one state of it) in a patch, or in a region of it",
          {{"patch", "the patch"},
           {"kind", "the agent kind"},
           {"state", "count only agents in this state (a name or a code; default: all)"},
           {"region", "count only agents in this region (default: the whole patch)"}}};
}

ModelDoc table_total_doc() {
  return {"the total of a column of a systemic table, or its value in one row",
          {{"table", "the systemic table"},
           {"column", "the column summed over all rows"},
           {"key", "read only the row with this key (0 while there is none)"}}};
}

ModelDoc field_doc() {
  return {"a field's mean, max, min or integral over a region of a patch",
          {{"patch", "the patch"},
           {"field", "the field"},
           {"measure", "mean, max, min or integral (amount: concentration x volume)"},
           {"region", "the region (default: the whole patch)"}}};
}

ModelDoc voxel_array_doc() {
  return {"the total, mean, max or min of a voxel state array (e.g. myelin) over a region of a patch",
          {{"patch", "the patch"},
           {"array", "the voxel array (msabm info lists a run's arrays)"},
           {"measure", "total, mean, max or min"},
           {"region", "the region (default: the whole patch)"}}};
}

ModelDoc crossing_time_doc() {
  return {"the first time, relative to day 0, that another readout crosses a threshold (null until it does)",
          {{"readout", "the readout watched (declared before this one, or a model's own)"},
           {"above", "crossed when the readout rises above this (in its units; this or below)"},
           {"below", "crossed when the readout falls below this (in its units; this or above)"},
           {"units", "units of the time reported"},
           {"check_every", "how often the readout is checked"},
           {"from", "start watching at this time relative to day 0 (default: the start)"}}};
}

}  // namespace

void register_engine_docs(Registry& registry) {
  registry.document(ModelSlot::Engine, "engine", engine_doc());
  registry.document(ModelSlot::Action, "add_agents", add_agents_doc());
  registry.document(ModelSlot::Action, "remove_agents", remove_agents_doc());
  registry.document(ModelSlot::Action, "set_parameter", set_parameter_doc());
  registry.document(ModelSlot::Action, "scale_parameter", scale_parameter_doc());
  registry.document(ModelSlot::Action, "create_patch", create_patch_doc());
  registry.document(ModelSlot::Action, "remove_patch", remove_patch_doc());
  registry.document(ModelSlot::Readout, "kind_count", kind_count_doc());
  registry.document(ModelSlot::Readout, "table_total", table_total_doc());
  registry.document(ModelSlot::Readout, "field", field_doc());
  registry.document(ModelSlot::Readout, "voxel_array", voxel_array_doc());
  registry.document(ModelSlot::Readout, "crossing_time", crossing_time_doc());
}

}  // namespace msabm
