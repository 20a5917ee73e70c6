#pragma once
// One tissue site: a lattice, its occupancy, the agent kinds living on it and its per-voxel
// state arrays. Patches are independent of each other; they couple only through systemic state.
#include <memory>
#include <string>
#include <vector>

#include "engine/core/agent_kind.hpp"
#include "engine/core/lattice.hpp"
#include "engine/core/occupancy.hpp"
#include "engine/core/patch_component.hpp"
#include "engine/core/placement_resolver.hpp"
#include "engine/core/state.hpp"
#include "engine/core/voxel_state.hpp"

namespace msabm {

namespace fields {
class FieldSet;
}
using fields::FieldSet;

class Patch {
 public:
  /// `uid` is the patch's stable number in its run (never reused; part of agent ids).
  Patch(std::string name, const LatticeShape& shape, std::uint16_t capacity,
        std::vector<std::string> label_names, std::uint16_t uid = 0);
  ~Patch();
  Patch(Patch&&) noexcept;
  Patch& operator=(Patch&&) noexcept;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::uint16_t uid() const { return uid_; }
  /// The patch template it was created from while the run went on ("" for the config's own).
  [[nodiscard]] const std::string& template_name() const { return template_name_; }
  void set_template_name(std::string name) { template_name_ = std::move(name); }
  [[nodiscard]] const Lattice& lattice() const { return lattice_; }
  [[nodiscard]] Lattice& lattice() { return lattice_; }
  [[nodiscard]] Occupancy& occupancy() { return occupancy_; }
  [[nodiscard]] const Occupancy& occupancy() const { return occupancy_; }
  [[nodiscard]] PlacementResolver& resolver() { return resolver_; }
  [[nodiscard]] const std::vector<std::string>& label_names() const { return label_names_; }

  AgentKind& add_kind(const std::string& name, Mobility mobility, std::uint16_t volume);
  [[nodiscard]] AgentKind* find_kind(const std::string& name);
  [[nodiscard]] const AgentKind* find_kind(const std::string& name) const {
    return const_cast<Patch*>(this)->find_kind(name);
  }
  [[nodiscard]] const std::vector<std::unique_ptr<AgentKind>>& kinds() const { return kinds_; }

  [[nodiscard]] VoxelStateSet& voxel_state() { return voxel_state_; }
  [[nodiscard]] const VoxelStateSet& voxel_state() const { return voxel_state_; }
  /// Adds a component (fields, tissue state); its state is listed after the patch's own.
  PatchComponent& add_component(std::unique_ptr<PatchComponent> component);
  /// The first component of type C, or nullptr.
  template <class C>
  [[nodiscard]] C* component() {
    for (auto& c : components_) {
      if (auto* p = dynamic_cast<C*>(c.get())) return p;
    }
    return nullptr;
  }
  template <class C>
  [[nodiscard]] const C* component() const {
    return const_cast<Patch*>(this)->component<C>();
  }
  /// Diffusing substances; nullptr when the patch declares none. (A template only so that
  /// this header needs no definition of FieldSet; callers include engine/fields/field_set.hpp.)
  template <class F = FieldSet>
  [[nodiscard]] F* fields() { return component<F>(); }
  template <class F = FieldSet>
  [[nodiscard]] const F* fields() const { return component<F>(); }

  /// Applies all pending births and deaths, kinds in index order.
  void commit_changes();
  /// Lists the patch's state: labels, occupancy, voxel arrays, components, agent kinds.
  void visit_state(StateVisitor& v);

 private:
  std::string name_;
  std::uint16_t uid_;
  std::string template_name_;
  Lattice lattice_;
  Occupancy occupancy_;
  PlacementResolver resolver_;
  std::vector<std::string> label_names_;
  std::vector<std::unique_ptr<AgentKind>> kinds_;
  VoxelStateSet voxel_state_;
  std::vector<std::unique_ptr<PatchComponent>> components_;
};

}  // namespace msabm
