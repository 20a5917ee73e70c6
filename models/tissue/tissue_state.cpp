#include "models/tissue/tissue_state.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace msabm::tissue {

TissueState::TissueState(Patch& patch, double myelin_volume_fraction)
    : patch_(patch), myelin_volume_fraction_(myelin_volume_fraction) {
  const FieldSet* fs = patch.fields();
  for (int s = 0; s < static_cast<int>(Signal::count); ++s) {
    fields_[s] = fs == nullptr ? -1 : fs->index_of(kSignalNames[s]);
  }
}

double TissueState::voxel_volume() const {
  const double h = patch_.lattice().voxel_size();
  return h * h * h;
}

std::span<const float> TissueState::support() {
  const std::size_t n = patch_.lattice().voxel_count();
  if (oligodendrocytes == nullptr) {
    if (support_.size() != n) support_.assign(n, 1.0F);
    return support_;
  }
  if (support_.size() == n && support_revision_ == oligodendrocytes->revision()) return support_;
  support_.assign(n, 0.0F);
  const auto states = oligodendrocytes->states();
  const auto voxels = oligodendrocytes->voxels();
  for (std::size_t i = 0; i < oligodendrocytes->size(); ++i) {
    if (states[i] >= original_states) continue;
    for_territory(voxels[i], [&](VoxelIndex w) { support_[w] += 1.0F; });
  }
  const auto owners = array(owners0);
  for (std::size_t v = 0; v < n; ++v) {
    support_[v] = owners[v] > 0 ? std::min(1.0F, support_[v] / static_cast<float>(owners[v])) : 1.0F;
  }
  support_revision_ = oligodendrocytes->revision();
  return support_;
}

void TissueState::visit_state(StateVisitor& v) {
  v.value("phagocytosed", "1", StateRole::ProcessState, phagocytosed);
  v.value("axons_transected", "1", StateRole::ProcessState, axons_transected);
  v.value("digested", "1", StateRole::ProcessState, digested);
}

TissueState& tissue_of(Patch& patch, const config::Section& s) {
  auto* t = patch.component<TissueState>();
  if (t == nullptr) {
    s.fail("model", fmt::format("patch '{}' has no tissue: add contents: {{tissue: {{model: white_matter, ...}}}}",
                                patch.name()));
  }
  return *t;
}

double read_level(const config::Section& s, std::string_view key, const TissueState& t, Signal signal,
                  std::string_view default_text) {
  const int f = t.field(signal);
  const std::string units = f < 0 ? std::string("molecules/um^3") : t.patch().fields()->spec(f).units;
  return s.quantity(key, units, default_text, config::Range::positive());
}

}  // namespace msabm::tissue
