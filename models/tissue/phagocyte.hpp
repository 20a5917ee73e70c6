#pragma once
// Phagocyte states and columns, shared with the lymphocytes (which look for antigen on them).
#include <string>
#include <vector>

#include "engine/core/agent_kind.hpp"

namespace msabm::tissue {

enum PhagocyteState : std::uint8_t { kSurveilling = 0, kInflammatory = 1, kRepair = 2 };
inline const std::vector<std::string> kPhagocyteStates{"surveilling", "inflammatory", "repair"};

struct PhagocyteColumns {
  ColumnRef<float> load;     ///< debris inside, voxel-units of myelin
  ColumnRef<float> antigen;  ///< minutes of myelin-antigen display left (> 0: presenting)
};

}  // namespace msabm::tissue
