#include "models/tissue/cell_kinds.hpp"

namespace msabm::tissue {

void register_cell_kinds(Registry& registry) {
  register_oligodendrocyte(registry);
  register_opc(registry);
  register_phagocyte(registry);
  register_lymphocytes(registry);
}

}  // namespace msabm::tissue
