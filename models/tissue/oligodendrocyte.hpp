#pragma once
// Oligodendrocyte states and columns, shared with the OPC model (which makes new ones).
#include <string>
#include <vector>

#include "models/tissue/tissue_state.hpp"

namespace msabm::tissue {

enum OlState : std::uint8_t { kOlHealthy = 0, kOlStressed = 1, kOlNew = 2, kOlMatureNew = 3 };
inline const std::vector<std::string> kOlStates{"healthy", "stressed", "new", "mature_new"};

struct OlColumns {
  ColumnRef<float> stress, capacity, born;
};

/// Adds an oligodendrocyte born from an OPC in voxel v at time `now` (min): state new, with the
/// myelin it can make. Serial phases only.
std::size_t add_new_oligodendrocyte(TissueState& t, VoxelIndex v, double now);

}  // namespace msabm::tissue
