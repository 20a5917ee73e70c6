#pragma once
// Where a model places its initial agents: uniformly over the free voxels of a region (see
// place_agents in region.hpp), or at a normally distributed distance from a centre in a
// uniformly random direction (`shape: radial_normal`), e.g. immune cells ringed around a
// tumour at a distance that scatters around a mean.
#include <array>
#include <cstdint>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/lattice.hpp"
#include "engine/core/region.hpp"

namespace msabm {

class AgentKind;
class Occupancy;
class CounterRng;

struct Placement {
  Region region;                     ///< the region shapes (everywhere, box, sphere, shell)
  bool radial_normal = false;        ///< shape: radial_normal instead of a region
  std::array<double, 3> centre{};    ///< radial_normal: centre, um
  double mean_radius = 0;            ///< radial_normal: mean distance from the centre, um
  double sd_radius = 0;              ///< radial_normal: its standard deviation, um
};

/// Reads a `placement` map: a region (read_region) or `shape: radial_normal` with `centre`,
/// `mean_radius` and `sd_radius`.
Placement read_placement(const config::Section& section);

/// Places `count` agents as `placement` says. A region: place_agents (region.hpp). Radial
/// normal: each agent draws a direction uniformly on the sphere and a distance r from
/// N(mean, sd) (redrawn while r < 0), and goes to the voxel holding that point; a point outside
/// the lattice or in a voxel without room is drawn again. Deterministic for a given (rng, step).
/// Throws InputError (ConfigError where read from a config) when agents find no room after
/// many draws. `points`, when given, receives each placed agent's point (um), in the order the
/// agents were added: the drawn point for radial_normal, the voxel centre for a region (for
/// models that keep positions within voxels).
void place_agents(AgentKind& kind, std::size_t count, const Placement& placement, const Lattice& lattice,
                  Occupancy& occupancy, const CounterRng& rng, std::uint64_t step,
                  std::vector<std::array<double, 3>>* points = nullptr);

}  // namespace msabm
