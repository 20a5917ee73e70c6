#pragma once
// Diffusing substances on a patch lattice: cytokines, chemokines, myelin debris, drugs, oxygen.
//
// Units (read this before writing a source term):
//  - A field's values are stored in the substance's *declared* units (`SubstanceSpec::units`,
//    e.g. "1/um^3", "unit/um^3", "mmHg", "ng/mL"), exactly as the config declares them. They are
//    not converted to the engine's internal base units, so outputs and readouts show the numbers
//    the user declared, and the units text goes into the output files' `units` attribute.
//  - An *amount* of substance is (declared units) x um^3, i.e. a value integrated over volume.
//    total_mass() returns amounts.
//  - Every source rate (point or line source, secretion per agent) is an amount per minute:
//    (declared units) x um^3 / min. A rate q in a voxel of edge h adds q / h^3 declared units per
//    minute to that voxel (a source density).
//  - Diffusion coefficients are in um^2/min; decay and uptake rate constants in 1/min; positions
//    in um (the engine's internal units).
#include <array>
#include <cstdint>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/lattice.hpp"

namespace msabm::fields {

/// Boundary condition on one face of the lattice (the plane bounding the outermost voxels).
enum class BoundaryKind : std::uint8_t {
  no_flux,   ///< zero normal flux (closed face)
  fixed,     ///< Dirichlet: the value on the face itself is `value` (half a voxel from the
             ///< centres of the outermost voxels)
  periodic,  ///< wraps to the opposite face; must be set on both faces of an axis
};

struct FaceBoundary {
  BoundaryKind kind = BoundaryKind::no_flux;
  double value = 0.0;  ///< fixed faces only: value on the face, declared units
};

/// Faces in Lattice::neighbour / kFaceOffsets order.
enum Face : int { kXMin = 0, kXMax = 1, kYMin = 2, kYMax = 3, kZMin = 4, kZMax = 5 };
inline constexpr std::array<std::string_view, 6> kFaceNames{"x_min", "x_max", "y_min",
                                                            "y_max", "z_min", "z_max"};

/// A constant source in one voxel (line sources are resolved into one per voxel crossed).
struct PointSource {
  VoxelIndex voxel = kNoVoxel;
  double rate = 0.0;  ///< amount per minute: (declared units) x um^3 / min; may be negative
                      ///< only if the field can sustain it (no clamping is promised then)
};

struct SubstanceSpec {
  std::string name;
  std::string units = "1/um^3";            ///< declared units of the field's values
  double diffusion = 0.0;                  ///< um^2/min
  double decay = 0.0;                      ///< 1/min
  std::array<FaceBoundary, 6> boundary{};  ///< per face, in Face order
  /// Diffusion factor per tissue label id (multiplies `diffusion` inside voxels of that label;
  /// 0 closes the voxel, e.g. inside a venule). Empty means 1 everywhere; label ids beyond the
  /// vector's size get 1. Between two voxels the harmonic mean of their factors is used.
  std::vector<double> label_factor;
  double initial = 0.0;  ///< uniform initial value, declared units
  std::vector<PointSource> sources;
  /// Declared units, >= 0 (0: never). step() skips the substance (values unchanged) while it has
  /// no pending agent terms, no constant sources, no fixed face whose |value| is at least this,
  /// and every |value| is below it: a field that has faded away is left alone.
  double quiet_below = 0.0;
};

/// Time integration scheme (see engine/fields/field_solver.cpp for accuracy and costs).
enum class FieldScheme : std::uint8_t {
  automatic,       ///< per substance and step, the cheapest of explicit, douglas and spectral
                   ///< at the sub-step counts each needs (field_set.cpp, scheme_for)
  douglas,         ///< Douglas ADI (delta form, theta-weighted): unconditionally stable,
                   ///< steady states independent of dt; order 1 (theta=1) or 2 (theta=1/2)
  lod,             ///< locally one-dimensional implicit Euler (as BioFVM): unconditionally
                   ///< stable, positive and conservative; O(dt) error even at steady state
  explicit_euler,  ///< forward Euler sub-stepped below the positivity limit dx^2/(D sum w)
  spectral,        ///< exact exponential integrator in the eigenbasis of the 7-point operator
                   ///< (FFTW transforms): exact in time for any dt; uniform diffusion only
                   ///< (douglas otherwise); uptake solved by conjugate gradients
};

struct FieldSolverParams {
  FieldScheme scheme = FieldScheme::automatic;
  double theta = 1.0;  ///< douglas implicitness, in [0.5, 1]
  /// douglas/lod sub-step so that D f_max dt_sub / dx^2 <= max_stiffness (0: no limit). ADI
  /// resolves features of one voxel (an agent's source) accurately only up to about 1; above,
  /// such features relax too slowly (see field_solver.cpp). Smooth fields tolerate much more.
  double max_stiffness = 1.0;
  double max_substep = 0.0;  ///< min; douglas/lod: no sub-step longer than this (0: no limit)
  /// spectral: sub-step so that (largest pending uptake constant of a voxel) x dt_sub <= this
  /// (0: no limit). The uptake flux is taken linear in time within a (sub-)step, which misses
  /// how fast strong uptake settles (field_solver.cpp).
  double max_uptake_exposure = 10.0;
  /// Last-level cache size that decides between ordinary and non-temporal stores (bytes; 0:
  /// read it from the system). Not a config key: the tests set it to take either path.
  std::size_t cache_bytes = 0;
};

[[nodiscard]] std::string_view to_string(BoundaryKind kind);
[[nodiscard]] std::string_view to_string(FieldScheme scheme);

}  // namespace msabm::fields
