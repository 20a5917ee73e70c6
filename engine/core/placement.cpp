#include "engine/core/placement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/config/error.hpp"
#include "engine/core/agent_kind.hpp"
#include "engine/core/occupancy.hpp"
#include "engine/core/rng.hpp"

namespace msabm {

Placement read_placement(const config::Section& s) {
  Placement p;
  const std::string shape =
      s.choice("shape", "everywhere", {"everywhere", "box", "sphere", "shell", "radial_normal"});
  if (shape != "radial_normal") {
    p.region = read_region(s);
    return p;
  }
  s.shared_structure("region");
  p.region.where = s.location();
  p.region.key_path = s.path();
  p.radial_normal = true;
  p.centre = s.quantity3("centre", "um");
  p.mean_radius = s.quantity("mean_radius", "um", config::Range::non_negative());
  p.sd_radius = s.quantity("sd_radius", "um", config::Range::non_negative());
  return p;
}

namespace {

/// A point at distance r ~ N(mean, sd) (r >= 0) from the centre in a uniform direction.
std::array<double, 3> radial_point(const Placement& p, RandomStream& s) {
  double r = -1.0;
  while (r < 0.0) r = p.mean_radius + p.sd_radius * s.normal();
  // Uniform on the sphere: cos(theta) uniform in [-1, 1], phi uniform in [0, 2 pi).
  const double z = 2.0 * s.uniform() - 1.0;
  const double phi = 6.283185307179586 * s.uniform();
  const double rho = std::sqrt(std::max(0.0, 1.0 - z * z));
  return {p.centre[0] + r * rho * std::cos(phi), p.centre[1] + r * rho * std::sin(phi), p.centre[2] + r * z};
}

}  // namespace

void place_agents(AgentKind& kind, std::size_t count, const Placement& placement, const Lattice& lattice,
                  Occupancy& occupancy, const CounterRng& rng, std::uint64_t step,
                  std::vector<std::array<double, 3>>* points) {
  if (!placement.radial_normal) {
    const std::size_t first = kind.size();
    place_agents(kind, count, placement.region, lattice, occupancy, rng, step);
    if (points != nullptr) {
      for (std::size_t i = first; i < kind.size(); ++i) points->push_back(lattice.centre(kind.voxels()[i]));
    }
    return;
  }
  if (count == 0) return;
  RandomStream stream = rng.stream(kind.index(), step);
  // A ring crowded beyond its room would otherwise draw forever: give up after 100 misses per
  // agent on average.
  const std::size_t max_draws = 100 * count + 1000;
  std::size_t placed = 0;
  for (std::size_t draws = 0; placed < count; ++draws) {
    if (draws == max_draws) {
      const std::string message = fmt::format(
          "cannot place {} agents of kind '{}' at radius {:g} +- {:g} um: only {} found room in {} draws "
          "(voxel centres span {}); widen sd_radius, raise lattice.capacity or lower the count",
          count, kind.name(), placement.mean_radius, placement.sd_radius, placed, max_draws, lattice_span(lattice));
      if (placement.region.where.file.empty()) throw InputError(message);
      throw ConfigError(placement.region.where, placement.region.key_path, message);
    }
    const std::array<double, 3> point = radial_point(placement, stream);
    const VoxelIndex v = lattice.voxel_at(point);
    if (v == kNoVoxel || occupancy.free(v) < kind.volume()) continue;
    kind.add(v);
    if (points != nullptr) points->push_back(point);
    occupancy.add(v, kind.volume());
    ++placed;
  }
}

}  // namespace msabm
