#include "engine/core/patch.hpp"

#include <stdexcept>

namespace msabm {

Patch::Patch(std::string name, const LatticeShape& shape, std::uint16_t capacity,
             std::vector<std::string> label_names, std::uint16_t uid)
    : name_(std::move(name)),
      uid_(uid),
      lattice_(shape),
      occupancy_(lattice_.voxel_count(), capacity),
      label_names_(std::move(label_names)) {}

Patch::~Patch() = default;
Patch::Patch(Patch&&) noexcept = default;
Patch& Patch::operator=(Patch&&) noexcept = default;

PatchComponent& Patch::add_component(std::unique_ptr<PatchComponent> component) {
  for (const auto& c : components_) {
    if (c->component_name() == component->component_name()) {
      throw std::invalid_argument("patch " + name_ + " has two components named " +
                                  std::string(component->component_name()));
    }
  }
  components_.push_back(std::move(component));
  return *components_.back();
}

AgentKind& Patch::add_kind(const std::string& name, Mobility mobility, std::uint16_t volume) {
  if (find_kind(name) != nullptr) throw std::invalid_argument("duplicate agent kind " + name);
  if (kinds_.size() >= 255) throw std::invalid_argument("too many agent kinds in patch " + name_);
  kinds_.push_back(std::make_unique<AgentKind>(name, static_cast<std::uint8_t>(kinds_.size()),
                                               mobility, volume, uid_));
  return *kinds_.back();
}

AgentKind* Patch::find_kind(const std::string& name) {
  for (auto& k : kinds_) {
    if (k->name() == name) return k.get();
  }
  return nullptr;
}

void Patch::commit_changes() {
  for (auto& k : kinds_) k->commit(occupancy_);
}

void Patch::visit_state(StateVisitor& v) {
  const StateGroup g(v, name_);
  {
    const StateGroup lattice(v, "lattice");
    const auto labels_before = v.restoring() ? lattice_.labels() : std::vector<std::uint8_t>{};
    v.fixed<std::uint8_t>("tissue", "1", StateRole::VoxelArray, lattice_.labels());
    v.fixed<std::uint16_t>("occupancy", "1", StateRole::VoxelArray, occupancy_.values());
    for (auto& a : voxel_state_.arrays()) {
      v.fixed<double>(a.name, a.units, StateRole::VoxelArray, a.values);
    }
    if (v.restoring() && labels_before != lattice_.labels()) {
      for (auto& c : components_) c->labels_changed(lattice_);
    }
  }
  for (auto& c : components_) {
    const StateGroup cg(v, c->component_name());
    c->visit_state(v);
  }
  const StateGroup kinds(v, "kinds");
  for (auto& k : kinds_) k->visit_state(v, lattice_.voxel_count());
}

}  // namespace msabm
