#pragma once
// The tissue's cell kinds, each `model:` of an agent kind under patches.<p>.agents:
//   oligodendrocyte  static; keeps the myelin of its territory; stressed by TNF/IFN-gamma/antibody;
//                    new ones (from OPCs) remyelinate their territory
//   opc              slow, motile; activated by PDGF, divides, differentiates when debris is
//                    cleared and inflammation is low
//   phagocyte        microglia (resident) and monocyte-derived macrophages (entering from blood):
//                    surveilling / inflammatory / repair; phagocytose debris; present antigen
//   t_cell, b_cell, plasma_cell   infiltrating lymphocytes with clone ids
#include "engine/model/registry.hpp"

namespace msabm::tissue {

void register_cell_kinds(Registry& registry);

void register_oligodendrocyte(Registry& registry);
void register_opc(Registry& registry);
void register_phagocyte(Registry& registry);
void register_lymphocytes(Registry& registry);

}  // namespace msabm::tissue
