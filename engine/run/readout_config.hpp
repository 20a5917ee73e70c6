#pragma once
// The engine's own readouts, declared by the user under `readouts:` (one per name, each with
// units; in /series, summary.json, sweep summaries and protocol `when:` conditions):
//
//   readouts:
//     tcells:   {model: kind_count, patch: lesion, kind: t_cell, state: reactivated,  # name or code
//                region: {shape: sphere, centre: [...], radius: "100 um"}}            # optional
//     tnf_core: {model: field, patch: lesion, field: tnf, measure: mean, region: {...}}
//                # measure: mean | max | min | integral (declared units x um^3)
//     myelin:   {model: voxel_array, patch: lesion, array: myelin, measure: total, region: {...}}
//                # measure: total | mean | max | min, over the voxels whose centre is in the region
//     in_blood: {model: table_total, table: recirculation, column: blood, key: 7}   # key: one row
//     cleared:  {model: crossing_time, readout: tcells, below: 1, check_every: "1 h", units: d}
//
// A region (engine/core/region.hpp) defaults to the whole patch and must hold at least one voxel
// centre. crossing_time is in crossing_readout.hpp.
#include <string>
#include <string_view>

#include "engine/config/section.hpp"
#include "engine/core/simulation.hpp"
#include "engine/model/registry.hpp"

namespace msabm {

/// kind_count, field, voxel_array, table_total, crossing_time.
void register_engine_readouts(Registry& registry);

/// The readout named by `s.string(key)`; an error at `key` listing the defined ones otherwise.
const Readout& readout_named(const config::Section& s, std::string_view key, const Simulation& sim);

/// A threshold on a readout, in the readout's units: a plain number for dimensionless ones,
/// else a quantity in any unit of the same dimension ("2 d" for a readout in h), converted.
double threshold_in(const config::Section& s, std::string_view key, const std::string& units);

}  // namespace msabm
