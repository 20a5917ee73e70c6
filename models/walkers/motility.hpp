#pragma once
// Lattice random walk with chemotactic bias. Each period a walker tries to jump to a face
// neighbour with probability p = 6 D dt / dx^2 (so the unbiased mean squared displacement is
// 6 D t); the face is uniform with probability 1 - bias and otherwise drawn along the local
// attractant gradient (see face_along), giving a drift of bias * p * dx / dt along an
// axis-aligned gradient. Moves into full voxels are settled by the engine's PlacementResolver.
//
// A persistent walk (motility.persistence_time tau > 0, motility.speed v) is PhysiCell's
// motility on the lattice: each walker keeps a heading, a unit vector d, renewed with
// probability q = 1 - exp(-dt / tau) per period to normalize(bias g + (1 - bias) r) (g the unit
// attractant direction, r uniform on the sphere); a walker has no heading, and stays, until its
// first renewal. It also keeps its position within its voxel (an offset from the centre) and
// moves it by v dt d each period; when the position leaves the voxel the walker asks for the
// face neighbour it entered (one face per period: the axis it overshoots most), and a refused
// move leaves it at the voxel's face. Its voxel is thus the one an off-lattice cell with the same
// heading would be in, without the lattice's jump noise.
// Walkers attached to prey (contact.attach) do not move.
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/core/patch.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"
#include "models/walkers/walker_params.hpp"

namespace msabm::walkers {

/// A persistent walker's heading and offset from its voxel centre (um), one column per axis.
struct HeadingColumns {
  ColumnRef<float> x, y, z;
  ColumnRef<float> offset_x, offset_y, offset_z;
};

class MotilityProcess final : public Process {
 public:
  /// `heading` (persistence only) holds each walker's heading d (zero: none yet); `attached`
  /// (contact.attach only) its prey id + 1 (0: free). `move_probability` is p.
  MotilityProcess(Patch& patch, AgentKind& kind, const WalkerParams& params, double move_probability,
                  CounterRng rng, std::optional<HeadingColumns> heading = std::nullopt,
                  std::optional<ColumnRef<std::uint64_t>> attached = std::nullopt);
  void run(const StepContext& ctx) override;

 private:
  /// Persistent walk: renews headings, moves the offsets, proposes the voxels entered.
  void propose_persistent(const StepContext& ctx);
  /// Persistent walk, after the resolver: offsets re-centred on the voxel entered, or held at
  /// the face of the voxel not left.
  void settle_persistent();

  /// A vector (of any length: only its direction counts) towards the attractant at voxel v
  /// (coordinates c), or zero.
  [[nodiscard]] std::array<double, 3> pull(VoxelIndex v, const std::array<int, 3>& c) const;

  Patch& patch_;
  AgentKind& kind_;
  double move_probability_;
  double bias_;
  Attractant attractant_;
  int field_index_ = -1;
  CounterRng rng_;
  double renew_probability_ = 1;  ///< q, per period (persistence only)
  double speed_ = 0;              ///< v, um/min (persistence only)
  std::optional<HeadingColumns> heading_;
  std::optional<ColumnRef<std::uint64_t>> attached_;
  // Scratch reused every run (no allocation per step once grown).
  std::vector<VoxelIndex> targets_;
  std::vector<std::uint8_t> accepted_;
};

}  // namespace msabm::walkers
