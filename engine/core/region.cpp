#include "engine/core/region.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/core/agent_kind.hpp"
#include "engine/core/memory_limit.hpp"
#include "engine/core/occupancy.hpp"
#include "engine/core/rng.hpp"

namespace msabm {

bool Region::contains(const std::array<double, 3>& p) const {
  switch (shape) {
    case Shape::Everywhere:
      return true;
    case Shape::Box:
      for (int a = 0; a < 3; ++a) {
        if (p[a] < min[a] || p[a] > max[a]) return false;
      }
      return true;
    case Shape::Sphere:
    case Shape::Shell: {
      double r2 = 0;
      for (int a = 0; a < 3; ++a) r2 += (p[a] - centre[a]) * (p[a] - centre[a]);
      const double r = std::sqrt(r2);
      return r >= inner_radius && r <= outer_radius;
    }
  }
  return false;
}

std::vector<VoxelIndex> Region::voxels(const Lattice& lattice) const {
  std::vector<VoxelIndex> out;
  const auto n = static_cast<VoxelIndex>(lattice.voxel_count());
  for (VoxelIndex v = 0; v < n; ++v) {
    if (contains(lattice.centre(v))) out.push_back(v);
  }
  return out;
}

Region read_region(const config::Section& s) {
  s.shared_structure("region");
  Region r;
  r.where = s.location();
  r.key_path = s.path();
  const std::string shape = s.choice("shape", "everywhere", {"everywhere", "box", "sphere", "shell"});
  if (shape == "box") {
    r.shape = Region::Shape::Box;
    r.min = s.quantity3("min", "um");
    r.max = s.quantity3("max", "um");
    for (int a = 0; a < 3; ++a) {
      if (r.max[a] < r.min[a]) s.fail("max", "each component of max must be >= the one of min");
    }
  } else if (shape == "sphere" || shape == "shell") {
    r.shape = shape == "sphere" ? Region::Shape::Sphere : Region::Shape::Shell;
    r.centre = s.quantity3("centre", "um");
    if (shape == "sphere") {
      r.outer_radius = s.quantity("radius", "um", config::Range::positive());
    } else {
      r.inner_radius = s.quantity("inner_radius", "um", config::Range::non_negative());
      r.outer_radius = s.quantity("outer_radius", "um", config::Range::positive());
      if (r.outer_radius <= r.inner_radius) s.fail("outer_radius", "must exceed inner_radius");
    }
  }
  return r;
}

std::string lattice_span(const Lattice& lattice) {
  const auto lo = lattice.centre(std::array<int, 3>{0, 0, 0});
  const auto hi = lattice.centre(std::array<int, 3>{lattice.nx() - 1, lattice.ny() - 1, lattice.nz() - 1});
  return fmt::format("x [{:g}, {:g}] um, y [{:g}, {:g}] um, z [{:g}, {:g}] um", lo[0], hi[0], lo[1], hi[1], lo[2],
                     hi[2]);
}

bool warn_if_outside(const config::Section& section, const Region& region, const Lattice& lattice) {
  if (!region.voxels(lattice).empty()) return true;
  section.warn("", fmt::format("the region holds no voxel of the lattice (voxel centres span {}): it has no effect",
                               lattice_span(lattice)));
  return false;
}

void place_agents(AgentKind& kind, std::size_t count, const Region& region, const Lattice& lattice,
                  Occupancy& occupancy, const CounterRng& rng, std::uint64_t step) {
  if (count == 0) return;
  std::vector<VoxelIndex> candidates = region.voxels(lattice);
  // Fisher-Yates shuffle with one counter-based stream: reproducible and order independent.
  RandomStream stream = rng.stream(kind.index(), step);
  for (std::size_t i = candidates.size(); i > 1; --i) {
    std::swap(candidates[i - 1], candidates[stream.below(static_cast<std::uint32_t>(i))]);
  }
  std::size_t room = 0;
  for (VoxelIndex v : candidates) room += occupancy.free(v) / kind.volume();
  if (room < count) {
    const std::string message =
        candidates.empty()
            ? fmt::format("cannot place {} agents of kind '{}': the region holds no voxel of the lattice "
                          "(voxel centres span {}); move the region inside it",
                          count, kind.name(), lattice_span(lattice))
            : fmt::format("cannot place {} agents of kind '{}': the region has room for only {} (voxel capacity "
                          "{}, agent volume {}); enlarge the region, raise lattice.capacity or lower the count",
                          count, kind.name(), room, occupancy.capacity(), kind.volume());
    if (region.where.file.empty()) throw InputError(message);
    throw ConfigError(region.where, region.key_path, message);
  }
  if (const auto why = over_memory_limit(static_cast<double>(kind.size() + count) * kAgentBytes)) {
    const std::string message = fmt::format("placing {} agents of kind '{}' {}", count, kind.name(), *why);
    if (region.where.file.empty()) throw InputError(message);
    throw ConfigError(region.where, region.key_path, message);
  }
  std::size_t placed = 0;
  while (placed < count) {
    for (VoxelIndex v : candidates) {
      if (placed == count) break;
      if (occupancy.free(v) < kind.volume()) continue;
      kind.add(v);
      occupancy.add(v, kind.volume());
      ++placed;
    }
  }
}

}  // namespace msabm
