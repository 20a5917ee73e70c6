#include "engine/core/transfers.hpp"

#include <algorithm>
#include <variant>

#include "engine/core/agent_kind.hpp"
#include "engine/core/patch.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/systemic_table.hpp"

namespace msabm {

std::size_t enter_from_table(SystemicTable& table, std::size_t row, std::size_t column,
                             std::int64_t count, Patch& patch, AgentKind& kind,
                             const std::vector<VoxelIndex>& entry_voxels, const std::string& key_column,
                             const CounterRng& rng, std::uint64_t tick) {
  std::int64_t& held = table.counts(column)[row];
  const std::int64_t wanted = std::min(count, held);
  if (wanted <= 0 || entry_voxels.empty()) return 0;
  const std::uint64_t key = table.keys()[row];
  int key_index = -1;
  for (std::size_t c = 0; c < kind.columns().size(); ++c) {
    if (kind.columns()[c].name == key_column) key_index = static_cast<int>(c);
  }
  const std::size_t n = entry_voxels.size();
  std::size_t placed = 0;
  for (std::int64_t a = 0; a < wanted; ++a) {
    const double u = rng.uniform(key, tick);  // one start per row and tick; agent a tries a voxels on
    const std::size_t first = (static_cast<std::size_t>(u * static_cast<double>(n)) + static_cast<std::size_t>(a)) % n;
    for (std::size_t k = 0; k < n; ++k) {
      const VoxelIndex v = entry_voxels[(first + k) % n];
      if (v >= patch.lattice().voxel_count() || patch.occupancy().free(v) < kind.volume()) continue;
      const std::size_t i = kind.add(v);
      patch.occupancy().add(v, kind.volume());
      if (key_index >= 0) kind.set_integer(static_cast<std::size_t>(key_index), i, key);
      ++placed;
      break;
    }
    if (placed != static_cast<std::size_t>(a + 1)) break;  // no room left anywhere
  }
  held -= static_cast<std::int64_t>(placed);
  return placed;
}

}  // namespace msabm
