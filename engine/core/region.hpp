#pragma once
// Geometric regions of a lattice (where agents are placed, where tissue labels are painted).
// A voxel belongs to a region when its centre does.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/lattice.hpp"

namespace msabm {

class AgentKind;
class Occupancy;
class CounterRng;

struct Region {
  enum class Shape : std::uint8_t { Everywhere, Box, Sphere, Shell };
  Shape shape = Shape::Everywhere;
  std::array<double, 3> min{}, max{};     ///< Box corners, um
  std::array<double, 3> centre{};         ///< Sphere/Shell centre, um
  double inner_radius = 0, outer_radius = 0;  ///< Shell radii (Sphere: inner 0), um
  /// Where the region was written (its key path, e.g. "patches.p.agents.w.placement"), so that
  /// a region without room can be reported there; empty for a region not read from a config.
  Location where;
  std::string key_path;

  [[nodiscard]] bool contains(const std::array<double, 3>& point) const;
  /// Voxels whose centres lie in the region, in index order.
  [[nodiscard]] std::vector<VoxelIndex> voxels(const Lattice& lattice) const;
};

/// Reads `shape: everywhere | box | sphere | shell` and its geometry keys from a section.
Region read_region(const config::Section& section);

/// "x [0, 600] um, y [...], z [...]": the space the voxel centres of a lattice span.
std::string lattice_span(const Lattice& lattice);

/// Warns (Section::warn) when no voxel centre of `lattice` lies in the region read from
/// `section`: painting, removing or counting there does nothing. Returns whether any does.
bool warn_if_outside(const config::Section& section, const Region& region, const Lattice& lattice);

/// Places `count` new agents of `kind` at random free voxels of `region`, spreading them one
/// per voxel per pass (so agents are as evenly packed as capacity allows). Deterministic for a
/// given (rng, step). Throws InputError when the region lacks room (a ConfigError at the
/// region when it was read from a config).
void place_agents(AgentKind& kind, std::size_t count, const Region& region, const Lattice& lattice,
                  Occupancy& occupancy, const CounterRng& rng, std::uint64_t step);

}  // namespace msabm
