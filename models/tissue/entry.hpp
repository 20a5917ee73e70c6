#pragma once
// Cells entering the tissue from blood across venule walls, and leaving it.
//
// Entry: per venule wall voxel and unit time, cells of a kind cross at rate
//     capture x blood x adhesion x adhesion_factor x (1 + h(chemokine))
// where `blood` is the kind's concentration in blood (cells/uL, a run parameter that protocols
// and, later, the body model set), `capture` the blood volume per wall voxel whose cells of this
// kind adhere and cross per minute at full adhesion, `adhesion` the wall voxel's BBB state,
// `adhesion_factor` a run parameter (an anti-alpha4, natalizumab-like treatment sets it below 1)
// and h(chemokine) the Hill term of the chemokine next to the wall. The number crossing in a
// period is Poisson; each lands in a voxel next to the wall with room (refused when there is
// none, and counted).
//
// Egress: a cell that leaves goes by a route to the systemic table `<patch>.<kind>.egress`
// (one row per clone, column `cells`), so nothing disappears unaccounted:
//     initial + entered + born = present + died + left.
#include <functional>
#include <string>

#include "engine/config/section.hpp"
#include "engine/core/simulation.hpp"
#include "models/tissue/tissue_state.hpp"

namespace msabm::tissue {

struct EntryParams {
  bool enabled = false;
  double blood = 0;            ///< cells/um^3 (read in cells/uL)
  double capture = 0;          ///< um^3/min per wall voxel
  double adhesion_factor = 1;  ///< 0..1
  int chemokine = -1;          ///< Signal (-1: none)
  double chemokine_ec50 = 1;
  double period = 60;          ///< min
};

/// Reads `entry:` of a kind (absent: the kind does not enter from blood).
EntryParams read_entry(const config::Section& kind_section, const TissueState& t, const AgentKind& kind);

/// Per new agent: initialise its columns (clone, ...). `s` is the entering cell's own stream.
using EntryInit = std::function<void(std::size_t agent, RandomStream& s)>;

/// Installs the entry process (state `state` for new cells) and the readouts
/// `<patch>.<kind>.entered`, `.refused`; adds the parameters `<patch>.<kind>.blood` (held in
/// cells/um^3; protocols give it in any concentration unit, e.g. "0 cells/uL")
/// and `<patch>.<kind>.adhesion_factor`.
void install_entry(Simulation& sim, TissueState& t, AgentKind& kind, const config::Section& s, const EntryParams& p,
                   std::uint8_t state, EntryInit init = {});

/// Adds the egress table and route of a kind keyed by its column `key_column` (its clone);
/// returns the route for AgentKind::request_transfer. Adds the readout `<patch>.<kind>.left`.
std::uint8_t install_egress(Simulation& sim, Patch& patch, AgentKind& kind, const std::string& key_column);

}  // namespace msabm::tissue
