#include "engine/core/patch.hpp"

#include <stdexcept>

#include "engine/core/state_digest.hpp"
#include "engine/fields/field_set.hpp"

namespace msabm {

Patch::Patch(std::string name, const LatticeShape& shape, std::uint16_t capacity,
             std::vector<std::string> label_names)
    : name_(std::move(name)),
      lattice_(shape),
      occupancy_(lattice_.voxel_count(), capacity),
      label_names_(std::move(label_names)) {}

Patch::~Patch() = default;
Patch::Patch(Patch&&) noexcept = default;
Patch& Patch::operator=(Patch&&) noexcept = default;

void Patch::set_fields(std::unique_ptr<FieldSet> fields) { fields_ = std::move(fields); }

AgentKind& Patch::add_kind(const std::string& name, Mobility mobility, std::uint16_t volume) {
  if (find_kind(name) != nullptr) throw std::invalid_argument("duplicate agent kind " + name);
  if (kinds_.size() >= 255) throw std::invalid_argument("too many agent kinds in patch " + name_);
  kinds_.push_back(std::make_unique<AgentKind>(name, static_cast<std::uint8_t>(kinds_.size()),
                                               mobility, volume));
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

void Patch::add_to_digest(StateDigest& d) const {
  const std::string p = "patch." + name_ + ".";
  d.add<std::uint8_t>(p + "labels", lattice_.labels());
  d.add<std::uint16_t>(p + "occupancy", occupancy_.values());
  for (const auto& k : kinds_) {
    const std::string kp = p + "kind." + k->name() + ".";
    d.add_value(kp + "next_serial", k->next_serial());
    d.add<std::uint64_t>(kp + "id", k->ids());
    d.add<VoxelIndex>(kp + "voxel", k->voxels());
    d.add<std::uint8_t>(kp + "state", k->states());
    for (const auto& c : k->columns()) {
      std::visit([&](const auto& v) { d.add_bytes(kp + c.name, v.data(), v.size() * sizeof(v[0])); },
                 c.values);
    }
  }
  for (const auto& a : voxel_state_.arrays()) d.add<double>(p + "voxel_state." + a.name, a.values);
  if (fields_) {
    for (int s = 0; s < fields_->size(); ++s) {
      const std::string fp = p + "field." + fields_->spec(s).name;
      d.add<double>(fp, fields_->values(s));
      // Member by member: AgentTerm has padding bytes, which must not reach the hash.
      for (const fields::AgentTerm& t : fields_->pending(s)) {
        d.add_value(fp + ".pending.voxel", t.voxel);
        d.add_value(fp + ".pending.secretion", t.secretion);
        d.add_value(fp + ".pending.uptake", t.uptake);
      }
    }
  }
}

}  // namespace msabm
