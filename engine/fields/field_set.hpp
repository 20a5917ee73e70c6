#pragma once
// All diffusing fields of one patch: storage, agent source terms, time stepping, gradients.
//
// Storage: one contiguous, 64-byte aligned array per substance, indexed like the lattice
// (i + nx * (j + ny * k)), values in the substance's declared units (see substance.hpp).
//
// Agent terms (secretion, uptake) are *pending* until the next step(): add_secretion and
// add_uptake append (voxel, rate) records in call order; step() stably sorts them by voxel and
// sums each voxel's records in call order, so the result depends only on the order of the calls,
// never on the thread count. Call them from a serial phase (or from per-block buffers replayed in
// block order); they are not thread-safe. step() applies and then clears them.
//
// Determinism: step(), total_mass() and gradient() give bit-identical results for any thread
// count: every voxel's arithmetic is independent of the partition, and reductions run over fixed
// blocks combined in block order.
#include <array>
#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <vector>

#include "engine/core/lattice.hpp"
#include "engine/core/patch_component.hpp"
#include "engine/fields/substance.hpp"

namespace msabm {
class ThreadPool;
}

namespace msabm::fields {

/// Minimal allocator giving 64-byte (cache line) aligned storage.
template <class T>
struct AlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  AlignedAllocator() = default;
  template <class U>
  explicit AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, kAlign); }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const {
    return true;
  }
};
using AlignedVector = std::vector<double, AlignedAllocator<double>>;

/// One pending agent record: secretion (amount/min) and/or uptake rate constant (1/min).
struct AgentTerm {
  VoxelIndex voxel = kNoVoxel;
  double secretion = 0.0;  ///< amount per minute, (declared units) x um^3 / min, >= 0
  double uptake = 0.0;     ///< 1/min, >= 0: the voxel loses uptake * value per minute
};

/// The scheme step() actually uses for a substance (FieldScheme::automatic resolved).
struct SchemeChoice {
  FieldScheme scheme = FieldScheme::douglas;
  int substeps = 1;
};

class FieldSet final : public PatchComponent {
 public:
  FieldSet();
  /// Throws std::invalid_argument on inconsistent specs (periodic on one face only, periodic
  /// axis shorter than 3 voxels, negative coefficients, source outside the lattice, ...).
  FieldSet(const Lattice& lattice, std::vector<SubstanceSpec> specs, FieldSolverParams params = {});
  ~FieldSet() override;
  FieldSet(FieldSet&&) noexcept;
  FieldSet& operator=(FieldSet&&) noexcept;
  FieldSet(const FieldSet&) = delete;
  FieldSet& operator=(const FieldSet&) = delete;

  [[nodiscard]] int size() const { return static_cast<int>(specs_.size()); }
  [[nodiscard]] const SubstanceSpec& spec(int s) const { return specs_[s]; }
  [[nodiscard]] const std::vector<SubstanceSpec>& specs() const { return specs_; }
  [[nodiscard]] const FieldSolverParams& params() const { return params_; }
  [[nodiscard]] const LatticeShape& shape() const { return shape_; }
  [[nodiscard]] std::size_t voxel_count() const { return count_; }
  /// Index of a substance by name; -1 when there is none.
  [[nodiscard]] int index_of(std::string_view name) const;

  /// The field's values (declared units). Spans stay valid until the next step() or move.
  /// Mutable values: whoever writes them wakes a quiet field (it is checked again).
  [[nodiscard]] std::span<double> values(int s);
  [[nodiscard]] std::span<const double> values(int s) const { return {values_[s].data(), count_}; }
  [[nodiscard]] double value(int s, VoxelIndex v) const { return values_[s][v]; }

  /// Gradient at a voxel centre, declared units per um: central differences, one-sided at
  /// non-periodic faces, wrapped across periodic ones; 0 along an axis one voxel long.
  [[nodiscard]] std::array<double, 3> gradient(int s, VoxelIndex v) const;

  /// Pending secretion: rates[i] (amount/min, >= 0) into voxels[i], applied over the next step.
  void add_secretion(int s, std::span<const VoxelIndex> voxels, std::span<const double> rates);
  /// Pending uptake: rate constants (1/min, >= 0) acting on voxels[i] over the next step,
  /// applied implicitly (never drives a value negative).
  void add_uptake(int s, std::span<const VoxelIndex> voxels,
                  std::span<const double> rate_constants);
  /// Pending records of substance s in call order (part of the state: checkpoint them).
  [[nodiscard]] std::span<const AgentTerm> pending(int s) const { return pending_[s]; }
  /// Replaces the pending records (checkpoint restore).
  void set_pending(int s, std::vector<AgentTerm> terms);
  void clear_pending();

  /// Advances every field by dt (min): diffusion, decay, constant sources and the pending agent
  /// terms, which are then cleared. Runs on up to `pool.threads()` threads (its static regions).
  void step(double dt_min, ThreadPool& pool);

  /// Whether step() would skip substance s as things stand: spec(s).quiet_below > 0, no pending
  /// terms, no constant sources, no fixed face with |value| >= quiet_below, and every |value|
  /// below quiet_below. Depends on the state only (exact for any thread count).
  [[nodiscard]] bool quiet(int s) const;
  /// Steps that skipped substance s as quiet (statistics for tests and benchmarks, not state).
  [[nodiscard]] std::uint64_t quiet_skips(int s) const;

  /// The scheme and sub-step count step(dt) uses for substance s (with its pending terms).
  [[nodiscard]] SchemeChoice scheme_for(int s, double dt_min) const;
  /// Whether the spectral scheme can step substance s: the same diffusion factor in every voxel
  /// (an explicit `spectral` falls back to douglas otherwise).
  [[nodiscard]] bool spectral_applies(int s) const;
  /// Conjugate-gradient iterations of the last spectral step's uptake solves (all its
  /// sub-steps) for substance s (statistics, not state).
  [[nodiscard]] int uptake_iterations(int s) const;

  /// Integral of the field (amount = declared units x um^3), summed in fixed blocks of voxels
  /// combined in block order: bit-identical serially and in parallel.
  [[nodiscard]] double total_mass(int s) const;
  [[nodiscard]] double total_mass(int s, ThreadPool& pool) const;

  /// Re-reads tissue labels (for per-label diffusion factors) after the tissue changed.
  void update_labels(const Lattice& lattice);

  // As a patch component: values and pending terms of every substance are state.
  [[nodiscard]] std::string_view component_name() const override { return "fields"; }
  void visit_state(StateVisitor& v) override;
  void labels_changed(const Lattice& lattice) override { update_labels(lattice); }

  /// Largest sub-step (min) of the explicit scheme for substance s (positivity limit).
  [[nodiscard]] double explicit_dt_limit(int s) const;

  struct Impl;       // per-thread work spaces (field_solver.cpp)
  struct Substance;  // per-substance solver data (label tables, cached factorisations)

 private:
  void step_substance(int s, double dt, ThreadPool& pool);

  LatticeShape shape_;
  std::size_t count_ = 0;
  FieldSolverParams params_;
  std::vector<SubstanceSpec> specs_;
  std::vector<AlignedVector> values_;
  std::vector<std::vector<AgentTerm>> pending_;
  std::vector<std::uint8_t> labels_;  ///< copy of the lattice labels
  int label_count_ = 1;               ///< 1 + largest label present
  AlignedVector scratch_;             ///< full-size work array shared by all substances
  AlignedVector scratch2_;            ///< a second one (spectral scheme with uptake)
  std::vector<std::unique_ptr<Substance>> substances_;
  std::unique_ptr<Impl> impl_;  ///< per-thread work spaces
};

}  // namespace msabm::fields
