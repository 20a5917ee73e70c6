#pragma once
// The white-matter block built from the config: axon tracts (one or more bundles, each along an
// axis, later bundles overriding earlier ones in their region so that a second bundle can cross
// the first), venules (segments with a radius) wrapped in a perivascular sheath, and an optional
// CSF/pial layer at one face. Paints the lattice labels and derives the venule, entry and leak
// voxels and the axon lines of TissueState.
#include <array>
#include <optional>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/region.hpp"
#include "models/tissue/tissue_state.hpp"

namespace msabm::tissue {

struct Tract {
  int axis = 0;                ///< 0 x, 1 y, 2 z
  double axon_density = 0.0;   ///< axons per um^2 of cross-section
  Region region;               ///< where the bundle runs (default everywhere)
};

struct Venule {
  std::array<double, 3> from{}, to{};  ///< um
  double radius = 0.0;                 ///< um
  double sheath = 0.0;                 ///< perivascular space thickness, um
};

struct CsfLayer {
  int face = -1;  ///< Face order (x_min .. z_max); -1: none
  double thickness = 0.0;
};

struct Geometry {
  std::vector<Tract> tracts;
  std::vector<Venule> venules;
  CsfLayer csf;
};

Geometry read_geometry(const config::Section& s);

/// Paints labels, fills axons/axons0/myelin for white-matter voxels, and derives venule, entry,
/// leak and line lists. `s` is for errors (labels the config must declare).
void build_geometry(const Geometry& g, TissueState& t, const config::Section& s);

}  // namespace msabm::tissue
