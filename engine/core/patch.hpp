#pragma once
// One tissue site: a lattice, its occupancy, the agent kinds living on it and its per-voxel
// state arrays. Patches are independent of each other; they couple only through systemic state.
#include <memory>
#include <string>
#include <vector>

#include "engine/core/agent_kind.hpp"
#include "engine/core/lattice.hpp"
#include "engine/core/occupancy.hpp"
#include "engine/core/placement_resolver.hpp"
#include "engine/core/voxel_state.hpp"

namespace msabm {

class StateDigest;
namespace fields {
class FieldSet;
}
using fields::FieldSet;

class Patch {
 public:
  Patch(std::string name, const LatticeShape& shape, std::uint16_t capacity,
        std::vector<std::string> label_names);
  ~Patch();
  Patch(Patch&&) noexcept;
  Patch& operator=(Patch&&) noexcept;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const Lattice& lattice() const { return lattice_; }
  [[nodiscard]] Lattice& lattice() { return lattice_; }
  [[nodiscard]] Occupancy& occupancy() { return occupancy_; }
  [[nodiscard]] const Occupancy& occupancy() const { return occupancy_; }
  [[nodiscard]] PlacementResolver& resolver() { return resolver_; }
  [[nodiscard]] const std::vector<std::string>& label_names() const { return label_names_; }

  AgentKind& add_kind(const std::string& name, Mobility mobility, std::uint16_t volume);
  [[nodiscard]] AgentKind* find_kind(const std::string& name);
  [[nodiscard]] const std::vector<std::unique_ptr<AgentKind>>& kinds() const { return kinds_; }

  [[nodiscard]] VoxelStateSet& voxel_state() { return voxel_state_; }
  [[nodiscard]] const VoxelStateSet& voxel_state() const { return voxel_state_; }
  /// Diffusing substances; nullptr when the patch declares none.
  [[nodiscard]] FieldSet* fields() { return fields_.get(); }
  [[nodiscard]] const FieldSet* fields() const { return fields_.get(); }
  void set_fields(std::unique_ptr<FieldSet> fields);

  /// Applies all pending births and deaths, kinds in index order.
  void commit_changes();
  void add_to_digest(StateDigest& digest) const;

 private:
  std::string name_;
  Lattice lattice_;
  Occupancy occupancy_;
  PlacementResolver resolver_;
  std::vector<std::string> label_names_;
  std::vector<std::unique_ptr<AgentKind>> kinds_;
  VoxelStateSet voxel_state_;
  std::unique_ptr<FieldSet> fields_;
};

}  // namespace msabm
