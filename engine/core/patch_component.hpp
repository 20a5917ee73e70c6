#pragma once
// Something a patch holds besides its lattice and agents: its diffusing fields, a model's
// tissue geometry or voxel state. The patch owns components, lists their state with its own
// and tells them when the tissue labels were restored. The core knows only this interface, so
// it depends on no component's library (fields live in engine/fields).
#include <string_view>

#include "engine/core/state.hpp"

namespace msabm {

class Lattice;

class PatchComponent {
 public:
  virtual ~PatchComponent() = default;
  /// The component's group in the state ("fields", "tissue").
  [[nodiscard]] virtual std::string_view component_name() const = 0;
  virtual void visit_state(StateVisitor& v) = 0;
  /// The lattice's labels changed (a restore): re-derive whatever depends on them.
  virtual void labels_changed(const Lattice& /*lattice*/) {}
};

}  // namespace msabm
