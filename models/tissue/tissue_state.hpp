#pragma once
// What every tissue model of a patch shares: the white-matter voxel state (myelin, remyelin,
// debris, intact axons, BBB adhesion and leak), the geometry derived from the config (labels,
// venule and entry voxels, axon lines) and the named cytokine fields. The white_matter contents
// model creates it; cell kinds find it with patch.component<TissueState>().
//
// Myelin bookkeeping (per voxel, fractions of the voxel's axon length):
//   myelin    original (thick) myelin, 0..1, maintained by the oligodendrocytes owning the voxel;
//   remyelin  myelin made by oligodendrocytes born from OPCs (thinner: shadow plaques), tracked
//             apart so that remyelinated volume is a readout;
//   myelin + remyelin <= intact axon fraction (axons / axons0).
// Debris is myelin that broke down and waits for phagocytes, in the same units (1 = the myelin of
// one fully myelinated voxel; `myelin_volume_fraction` converts it to um^3).
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/patch.hpp"
#include "engine/fields/field_set.hpp"

namespace msabm::tissue {

/// The cytokine fields the tissue models know by name; a patch may lack any of them (it then
/// reads as zero, and a model asked to secrete into it fails at load).
enum class Signal : int { ifng, il17, tnf, il10, cxcl10, ccl2, pdgf, antibody, count };
inline constexpr std::array<const char*, static_cast<int>(Signal::count)> kSignalNames{
    "ifng", "il17", "tnf", "il10", "cxcl10", "ccl2", "pdgf", "antibody"};

class TissueState final : public PatchComponent {
 public:
  TissueState(Patch& patch, double myelin_volume_fraction);

  // Voxel arrays (indices into patch.voxel_state()).
  std::size_t myelin = 0, remyelin = 0, debris = 0, axons = 0, axons0 = 0, adhesion = 0, leak = 0,
              owners0 = 0;
  // Tissue labels (-1 when the patch does not declare one).
  int white_matter = -1, venule = -1, perivascular = -1, csf = -1;

  /// Venule voxels (BBB state lives there) and, for each, the voxels a cell crossing its wall
  /// lands in (perivascular sheath or parenchyma next to it): entry_begin[i]..entry_begin[i+1].
  std::vector<VoxelIndex> venule_voxels;
  std::vector<std::uint32_t> entry_begin;
  std::vector<VoxelIndex> entry_voxels;
  /// For every voxel, the venule voxel whose leak it shows (the venule itself and its sheath),
  /// or kNoVoxel: the gadolinium-enhancement proxy.
  std::vector<VoxelIndex> leak_source;
  /// Axon lines: voxels of line l are line_voxels[line_begin[l] .. line_begin[l+1]).
  std::vector<std::uint32_t> line_begin;
  std::vector<VoxelIndex> line_voxels;

  /// Set by the oligodendrocyte model: its kind, the voxel offsets of a territory and the
  /// states (below `original_states`) of the original cells that keep `myelin`.
  const AgentKind* oligodendrocytes = nullptr;
  std::vector<std::array<int, 3>> territory;
  std::uint8_t original_states = 0;
  /// Per voxel, the share of its original owners still alive (1 where it had none, or when no
  /// oligodendrocytes are modelled): derived from the kind, recomputed when it changed.
  [[nodiscard]] std::span<const float> support();
  /// Calls f(w) for every voxel w of the territory of an oligodendrocyte in voxel v.
  template <class F>
  void for_territory(VoxelIndex v, F&& f) const {
    const Lattice& lat = patch_.lattice();
    const auto c = lat.coords(v);
    for (const auto& o : territory) {
      const int i = c[0] + o[0], j = c[1] + o[1], k = c[2] + o[2];
      if (lat.contains(i, j, k)) f(lat.index(i, j, k));
    }
  }

  [[nodiscard]] std::span<double> array(std::size_t i) { return patch_.voxel_state().values(i); }
  [[nodiscard]] std::span<const double> array(std::size_t i) const {
    return const_cast<Patch&>(patch_).voxel_state().values(i);
  }
  [[nodiscard]] double voxel_volume() const;  ///< um^3
  [[nodiscard]] double myelin_volume_fraction() const { return myelin_volume_fraction_; }
  /// um^3 of myelin in one voxel-unit of myelin or debris.
  [[nodiscard]] double myelin_per_unit() const { return myelin_volume_fraction_ * voxel_volume(); }
  [[nodiscard]] bool is_white_matter(VoxelIndex v) const {
    return patch_.lattice().label(v) == white_matter;
  }

  /// Field index of a signal in the patch (-1: absent) and its value at a voxel (0 if absent).
  [[nodiscard]] int field(Signal s) const { return fields_[static_cast<int>(s)]; }
  [[nodiscard]] double value(Signal s, VoxelIndex v) const {
    const int f = field(s);
    return f < 0 ? 0.0 : patch_.fields()->value(f, v);
  }
  [[nodiscard]] Patch& patch() { return patch_; }
  [[nodiscard]] const Patch& patch() const { return patch_; }

  // Tallies (state): what left the tissue's books, for readouts and accounting tests.
  double phagocytosed = 0;        ///< voxel-units of debris taken up by phagocytes
  double axons_transected = 0;    ///< axons lost (acute and chronic)
  double digested = 0;            ///< voxel-units of debris digested inside phagocytes
  /// Axon length (um) one oligodendrocyte born from an OPC can wrap (internodes x length), set
  /// by the oligodendrocyte model: its myelin capacity in a voxel is this over the voxel's
  /// axon length.
  double new_sheath_length = 0;

  [[nodiscard]] std::string_view component_name() const override { return "tissue"; }
  void visit_state(StateVisitor& v) override;

 private:
  Patch& patch_;
  double myelin_volume_fraction_;
  std::vector<float> support_;
  std::uint64_t support_revision_ = ~std::uint64_t{0};
  std::array<int, static_cast<int>(Signal::count)> fields_{};
};

/// The tissue state of a patch; throws ConfigError through `s` when the patch has no
/// white_matter contents.
TissueState& tissue_of(Patch& patch, const config::Section& s);

/// A concentration of `signal` read in the units its field declares (the recommended
/// "molecules/um^3" when the patch has no such field: the value is then never used).
double read_level(const config::Section& s, std::string_view key, const TissueState& t, Signal signal,
                  std::string_view default_text);

/// Hill function c^n / (c^n + k^n) (0 for c <= 0; 1 for k == 0 and c > 0).
[[nodiscard]] inline double hill(double c, double k, double n = 1.0) {
  if (c <= 0) return 0.0;
  if (k <= 0) return 1.0;
  if (n == 1.0) return c / (c + k);
  const double x = std::pow(c / k, n);
  return x / (1.0 + x);
}

/// Probability that an event of rate `rate` (1/min) happens within `dt` (min).
[[nodiscard]] inline double chance(double rate, double dt) {
  return rate <= 0 ? 0.0 : -std::expm1(-rate * dt);
}

}  // namespace msabm::tissue
