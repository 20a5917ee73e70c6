// What `msabm describe` says about the tissue's cell kinds. Their keys are read by the example
// in tissue_docs.cpp.
#include "models/tissue/tissue_docs.hpp"

namespace msabm::tissue {

namespace {

using Keys = std::vector<KeyDoc>;

// Keys every tissue cell kind reads (cell_common.cpp): placement, decisions, motility, secretion.
// Static kinds (oligodendrocytes, plasma cells) read only the first two motility keys.
// B cells only enter from blood: none are placed at the start.
Keys placement_keys(bool placed = true) {
  Keys k = {
      {"volume", "occupancy units one cell uses in its voxel (see lattice.capacity)"},
      {"decide.period", "how often each cell decides (state changes, division, death)"},
  };
  if (placed) {
    k.push_back({"count", "cells placed at the start in the parenchyma (instead of density)"});
    k.push_back({"density", "cells per volume of parenchyma placed at the start"});
  }
  return k;
}

Keys motility_keys(bool moves) {
  Keys k = {
      {"motility.diffusivity", "random-walk diffusivity of moving cells", moves ? "the cells never move" : ""},
      {"motility.period", "how often cells may jump"},
  };
  if (moves) {
    k.push_back({"motility.states", "the states in which cells move (default: all)"});
    k.push_back({"motility.chemotaxis.field", "signal whose gradient cells follow: a cytokine field or debris"});
    k.push_back({"motility.chemotaxis.bias", "share of jumps taken up the gradient"});
  }
  return k;
}

Keys secretion_keys() {
  return {{"secretion.<name>.<name>", "release per cell in a state (first name) of a cytokine (second name)"}};
}

// Entry from blood at venule walls (entry.cpp).
Keys entry_keys() {
  return {
      {"entry.blood", "blood concentration of the kind (entry is optional: without it none enter); parameter <patch>.<kind>.blood"},
      {"entry.capture", "volume of blood a wall voxel clears of these cells per time at full adhesion"},
      {"entry.adhesion_factor", "factor on the wall's adhesion for this kind; parameter <patch>.<kind>.adhesion_factor"},
      {"entry.period", "how often entries are drawn (Poisson per wall voxel)"},
      {"entry.chemokine", "chemokine raising entry, optional: rate x (1 + h(chemokine))"},
      {"entry.chemokine_ec50", "chemokine level of half the extra entry"},
  };
}

// Clone lists and fates of lymphocytes (lymphocytes.cpp).
Keys clone_keys() {
  return {
      {"clones.first_id", "first clone id; entering cells draw one of count ids from here"},
      {"clones.count", "clone ids drawn uniformly on entry"},
      {"clones.myelin_reactive_share", "share of the clone ids that are myelin-reactive (the first ones)"},
      {"egress.rate", "rate at which cells leave to the table <patch>.<kind>.egress"},
  };
}

Keys join(std::initializer_list<Keys> parts) {
  Keys out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

ModelDoc oligodendrocyte_doc() {
  return {"static myelinating cells (healthy, stressed, new, mature_new) owning the myelin of their territory",
          join({placement_keys(), motility_keys(false), secretion_keys(),
                {
                    {"territory", "radius of the myelin a cell owns"},
                    {"stress.time_constant", "time for stress to relax toward min(1, h(TNF) + h(IFN-g) + h(antibody))"},
                    {"stress.tnf_ec50", "TNF level of half the stress drive"},
                    {"stress.ifng_ec50", "IFN-gamma level of half the stress drive"},
                    {"stress.antibody_ec50", "antibody level of half the stress drive"},
                    {"stress.hill", "Hill coefficient of the three drives"},
                    {"stress.stressed_above", "stress above which a cell is in state stressed"},
                    {"death.baseline", "death rate without stress"},
                    {"death.stress", "extra death rate at full stress"},
                    {"death.toxin", "extra death rate from a toxin; parameter <patch>.<kind>.toxin"},
                    {"remyelination.internodes", "internodes a new cell makes"},
                    {"remyelination.internode_length", "length of one new internode"},
                    {"remyelination.rate", "rate at which a new cell wraps the bare axon of its territory"},
                    {"remyelination.window", "time after birth during which a new cell remyelinates, then matures"},
                }})};
}

ModelDoc opc_doc() {
  return {"oligodendrocyte precursors (quiescent, activated, differentiating) that repopulate and remyelinate",
          join({placement_keys(), motility_keys(true), secretion_keys(),
                {
                    {"activation.rate", "activation rate at saturating PDGF (rate x h(PDGF))"},
                    {"activation.deactivation", "return to quiescence as PDGF fades"},
                    {"activation.pdgf_ec50", "PDGF level of half the activation"},
                    {"division.cycle", "cell cycle of activated cells (division rate ln 2 / cycle)"},
                    {"division.max_nearby", "no division while this many OPCs live in the 27 voxels around"},
                    {"differentiation.rate", "commitment rate when every gate holds"},
                    {"differentiation.debris_below", "gate: debris in the voxel below this"},
                    {"differentiation.inflammation_below", "gate: h(TNF) + h(IFN-g) below this"},
                    {"differentiation.tnf_ec50", "TNF level of half the inflammation index"},
                    {"differentiation.ifng_ec50", "IFN-gamma level of half the inflammation index"},
                    {"differentiation.delay", "time from commitment to a new oligodendrocyte"},
                    {"differentiation.self_renewal", "true: an asymmetric division leaves an OPC behind; false: the OPC becomes the new cell"},
                }})};
}

ModelDoc phagocyte_doc() {
  return {"microglia, or with entry monocyte-derived macrophages (surveilling, inflammatory, repair): clear debris, present antigen",
          join({placement_keys(), motility_keys(true), secretion_keys(), entry_keys(),
                {
                    {"activation.rate", "surveilling -> inflammatory at rate x max(h(debris nearby), h(IFN-g))"},
                    {"activation.debris_half", "debris nearby of half the activation"},
                    {"activation.ifng_ec50", "IFN-gamma level of half the activation"},
                    {"resolution.rate", "inflammatory -> repair at rate x max(h(IL-10), load / capacity, 1 - stimulus)"},
                    {"resolution.il10_ec50", "IL-10 level of half the resolution"},
                    {"resolution.rest", "repair -> surveilling rate once the load is digested and debris gone"},
                    {"phagocytosis.uptake", "debris (as myelin volume) an activated cell takes up per time"},
                    {"phagocytosis.surveilling_share", "share of that uptake by surveilling cells"},
                    {"phagocytosis.capacity", "most debris a cell holds"},
                    {"phagocytosis.digestion_half_life", "half-life of the load being digested"},
                    {"phagocytosis.opsonised_factor", "uptake factor for debris coated with antibody"},
                    {"phagocytosis.antibody_ec50", "antibody level of half the opsonisation"},
                    {"antigen.display", "time a cell presents myelin antigen after each uptake"},
                    {"division.rate", "division rate of activated cells where there is debris", "phagocytes never divide"},
                    {"division.max_per_voxel", "no division while this many share the voxel"},
                    {"death.rate", "death rate (macrophage lifetime; resident microglia: 0)"},
                }})};
}

ModelDoc t_cell_doc() {
  return {"infiltrating T cells (primed, reactivated) with clone ids: Th1, Th17, CD8 or Treg by what they secrete, kill and suppress",
          join({placement_keys(), motility_keys(true), secretion_keys(), entry_keys(), clone_keys(),
                {
                    {"reactivation.rate", "primed -> reactivated next to a presenting cell, if myelin-reactive"},
                    {"reactivation.active_time", "a reactivated cell turns primed after this long without antigen"},
                    {"reactivation.presenters", "kinds that present antigen to it"},
                    {"suppression.rate", "reactivated -> primed next to an active suppressor or by h(IL-10)", "no suppression"},
                    {"suppression.il10_ec50", "IL-10 level of half the suppression (absent: IL-10 does not suppress)"},
                    {"suppression.by", "kinds whose reactivated cells suppress"},
                    {"division.rate", "division rate of reactivated cells x (1 - suppression)", "the cells never divide"},
                    {"division.max_per_voxel", "no division while this many share the voxel"},
                    {"division.helpers", "divide only next to a reactivated cell of these kinds (Tregs: effectors' IL-2)"},
                    {"kill.prey", "kind killed in the cell's voxel (optional; CD8)"},
                    {"kill.rate", "kill rate of a reactivated cell (one prey per decision)"},
                    {"death.primed", "death rate when primed"},
                    {"death.reactivated", "death rate when reactivated"},
                }})};
}

ModelDoc b_cell_doc() {
  return {"infiltrating B cells (naive, presenting, activated) with clone ids; helped by T cells they become plasma cells",
          join({placement_keys(false), motility_keys(true), secretion_keys(), entry_keys(), clone_keys(),
                {
                    {"antigen.uptake", "rate at which a myelin-reactive cell takes up antigen where there is debris"},
                    {"antigen.debris_above", "debris in the voxel needed for uptake"},
                    {"antigen.display", "time antigen is presented after uptake"},
                    {"help.rate", "presenting -> activated next to a reactivated helper"},
                    {"help.by", "kinds that help"},
                    {"plasma.rate", "activated cells become plasma cells at this rate"},
                    {"plasma.becomes", "the plasma-cell kind they become"},
                    {"death.resting", "death rate when naive or presenting"},
                    {"death.activated", "death rate when activated"},
                }})};
}

ModelDoc plasma_cell_doc() {
  return {"static antibody-secreting cells (secreting); myelin-reactive clones' antibody binds myelin",
          join({{{"volume", "occupancy units one cell uses in its voxel (see lattice.capacity)"}},
                motility_keys(false), secretion_keys(),
                {
                    {"death.rate", "death rate"},
                    {"death.period", "how often deaths are drawn"},
                }})};
}

}  // namespace

void register_cell_docs(Registry& registry) {
  registry.document(ModelSlot::Kind, "oligodendrocyte", oligodendrocyte_doc());
  registry.document(ModelSlot::Kind, "opc", opc_doc());
  registry.document(ModelSlot::Kind, "phagocyte", phagocyte_doc());
  registry.document(ModelSlot::Kind, "t_cell", t_cell_doc());
  registry.document(ModelSlot::Kind, "b_cell", b_cell_doc());
  registry.document(ModelSlot::Kind, "plasma_cell", plasma_cell_doc());
}

}  // namespace msabm::tissue
