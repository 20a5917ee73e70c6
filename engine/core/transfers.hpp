#pragma once
// Cells that move between places. An agent leaves its patch by asking for a route
// (AgentKind::request_transfer, safe in parallel loops: it writes the agent's own slot); at the
// end of the tick the simulation delivers every request in patch, kind and agent order:
//  - to a patch (another one, or the same one as another kind): the agent keeps its id, state
//    and the variables the destination kind declares alike, and lands in the first entry voxel
//    with room, starting from one drawn from its id; with no room anywhere it stays (refused);
//  - to a systemic table: it becomes a count, +1 in a column, in the row keyed by one of its
//    variables (its clone), the row added when new.
// The other way, enter_from_table takes counts out of a table and places them as new agents
// (fresh ids) at entry voxels. Nothing appears or disappears unaccounted: delivered and refused
// counts per route are state.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/lattice.hpp"

namespace msabm {

class AgentKind;
class Patch;
class Simulation;
class SystemicTable;
class CounterRng;

struct Route {
  enum class To : std::uint8_t { Patch, Table };
  std::string name;  ///< for messages and the state ("blood_to_lesion")
  To to = To::Patch;
  // Source: agents of this kind in this patch use the route.
  std::uint16_t from_patch = 0;
  std::string from_kind;
  // To a patch.
  std::uint16_t to_patch = 0;
  std::string to_kind;
  std::vector<VoxelIndex> entry_voxels;  ///< candidates; empty: the agent's own voxel index
  // To a table.
  std::string table;
  std::string column;
  std::string key_column;  ///< the agent variable that keys the row (an integer column)
};

/// Moves `count` agents' worth out of table row `row`, column `column` (never more than it
/// holds), into `kind` of `patch` at `entry_voxels` (each new agent starts from a voxel drawn by
/// `rng` keyed by (row key, tick, i) and takes the first with room); writes the row key into
/// the kind's column `key_column` when named. Serial; returns how many were placed.
std::size_t enter_from_table(SystemicTable& table, std::size_t row, std::size_t column,
                             std::int64_t count, Patch& patch, AgentKind& kind,
                             const std::vector<VoxelIndex>& entry_voxels, const std::string& key_column,
                             const CounterRng& rng, std::uint64_t tick);

}  // namespace msabm
