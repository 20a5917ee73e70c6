#pragma once
// Reading the `fields:` section of a patch. Schema (every dimensioned number carries a unit):
//
//   fields:
//     <substance name>:                      # letters, digits, '_' or '-'; not "solver"
//       units: "1/um^3"                      # declared units of the values (default "1/um^3"),
//                                            #   e.g. "unit/um^3", "mmHg", "ng/mL", "nM"
//       diffusion: "1000 um^2/min"           # required, >= 0
//       decay: "0.1 1/min"                   # default 0
//       initial: "0 1/um^3"                  # uniform initial value, declared units (default 0)
//       quiet_below: "1e-9 1/um^3"           # >= 0, declared units (default 0: never). While the
//                                            #   field has no pending agent terms, no sources, no
//                                            #   fixed face at or above this and every |value| is
//                                            #   below it, steps skip it (values unchanged)
//       boundary:                            # default: no_flux on every face
//         type: no_flux                      # no_flux | fixed | periodic, for faces not listed
//         value: "38 mmHg"                   # value of fixed faces that give none themselves
//         x_min: {type: fixed, value: "38 mmHg"}   # per face (x_min x_max y_min y_max z_min
//                                                  # z_max); periodic needs both faces of an axis
//       diffusion_factor: {white_matter: 0.5, venule: 0}   # per tissue label name, >= 0
//       sources:                             # constant sources; rate = amount per minute,
//         - {position: ["505 um", "505 um", "505 um"], rate: "1 unit/min"}   # i.e. (units) x
//         um^3/min
//         - {voxel: [50, 50, 50], rate: "1 unit/min"}
//         - {from: ["0 um", "0 um", "0 um"], to: ["0 um", "0 um", "500 um"], rate: "5 unit/min"}
//                                            # line source: total rate spread evenly along it
//     solver:                                # optional, for all substances of the patch
//       scheme: auto                         # auto | douglas | lod | explicit | spectral
//                                            #   (field_solver.cpp)
//       theta: 1                             # douglas implicitness, 0.5 .. 1
//       max_stiffness: 1                     # douglas/lod: sub-step so D f dt_sub/dx^2 <= this
//                                            #   (0: no cap; see field_solver.cpp)
//       max_substep: "0 min"                 # douglas/lod: cap on the internal step (0: none)
//       max_uptake_exposure: 10              # spectral: sub-step so that (largest uptake
//                                            #   constant) x dt_sub <= this (0: no cap)
//
// A rate's unit is the declared units times um^3 per minute; for units "X/um^3" that is "X/min"
// (e.g. "1 unit/min"), otherwise write it out (e.g. "5 mmHg*um^3/min", "2 ng*um^3/mL*min").
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/lattice.hpp"
#include "engine/fields/substance.hpp"

namespace msabm::fields {

/// Reads every substance of a `fields` section (all keys but `solver`), in file order.
/// `label_names[i]` names tissue label i (for diffusion_factor). Errors are ConfigErrors.
std::vector<SubstanceSpec> read_substances(const config::Section& fields, const Lattice& lattice,
                                           const std::vector<std::string>& label_names);

/// Reads `fields.solver` (defaults when absent). Call it whenever read_substances is called on
/// a section, or a `solver` key in the config is reported as unknown by Reader::finish().
FieldSolverParams read_field_solver(const config::Section& fields);

struct FieldsConfig {
  std::vector<SubstanceSpec> substances;
  FieldSolverParams solver;
};
/// Both of the above.
FieldsConfig read_fields(const config::Section& fields, const Lattice& lattice,
                         const std::vector<std::string>& label_names);

/// The unit of an amount rate for substances declared in `units`: "unit/um^3" -> "unit/min",
/// "mmHg" -> "mmHg*um^3/min".
std::string rate_unit(const std::string& units);

}  // namespace msabm::fields
