// FieldSet: storage, validation, agent terms, reductions and gradients. The time integration is
// in field_solver.cpp.
#include "engine/fields/field_set.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "engine/core/parallel.hpp"
#include "engine/fields/solver_internal.hpp"

namespace msabm::fields {

std::string_view to_string(BoundaryKind kind) {
  switch (kind) {
    case BoundaryKind::no_flux:
      return "no_flux";
    case BoundaryKind::fixed:
      return "fixed";
    case BoundaryKind::periodic:
      return "periodic";
  }
  return "?";
}

std::string_view to_string(FieldScheme scheme) {
  switch (scheme) {
    case FieldScheme::automatic:
      return "auto";
    case FieldScheme::douglas:
      return "douglas";
    case FieldScheme::lod:
      return "lod";
    case FieldScheme::explicit_euler:
      return "explicit";
    case FieldScheme::spectral:
      return "spectral";
  }
  return "?";
}

namespace {

[[noreturn]] void bad(const SubstanceSpec& spec, const std::string& what) {
  throw std::invalid_argument("field '" + spec.name + "': " + what);
}

void validate(const SubstanceSpec& spec, const LatticeShape& shape, std::size_t count) {
  if (spec.name.empty()) throw std::invalid_argument("field without a name");
  if (!(spec.diffusion >= 0.0) || !std::isfinite(spec.diffusion))
    bad(spec, "diffusion coefficient must be finite and >= 0");
  if (!(spec.decay >= 0.0) || !std::isfinite(spec.decay))
    bad(spec, "decay rate must be finite and >= 0");
  if (!std::isfinite(spec.initial)) bad(spec, "initial value must be finite");
  if (!(spec.quiet_below >= 0.0) || !std::isfinite(spec.quiet_below))
    bad(spec, "quiet_below must be finite and >= 0");
  for (double f : spec.label_factor) {
    if (!(f >= 0.0) || !std::isfinite(f)) bad(spec, "diffusion factors must be finite and >= 0");
  }
  for (int axis = 0; axis < 3; ++axis) {
    const auto& lo = spec.boundary[2 * axis];
    const auto& hi = spec.boundary[2 * axis + 1];
    const bool plo = lo.kind == BoundaryKind::periodic;
    const bool phi = hi.kind == BoundaryKind::periodic;
    if (plo != phi) {
      bad(spec, std::string("periodic boundaries must be set on both ") +
                    std::string(kFaceNames[2 * axis]) + " and " +
                    std::string(kFaceNames[2 * axis + 1]));
    }
    if (plo && shape.dims[axis] < 3) bad(spec, "a periodic axis needs at least 3 voxels");
    for (const auto* f : {&lo, &hi}) {
      if (f->kind == BoundaryKind::fixed && !std::isfinite(f->value))
        bad(spec, "fixed boundary value must be finite");
    }
  }
  for (const auto& src : spec.sources) {
    if (src.voxel >= count) bad(spec, "point source outside the lattice");
    if (!std::isfinite(src.rate)) bad(spec, "point source rate must be finite");
  }
}

}  // namespace

FieldSet::FieldSet() = default;
FieldSet::~FieldSet() = default;
FieldSet::FieldSet(FieldSet&&) noexcept = default;
FieldSet& FieldSet::operator=(FieldSet&&) noexcept = default;

FieldSet::FieldSet(const Lattice& lattice, std::vector<SubstanceSpec> specs,
                   FieldSolverParams params)
    : shape_(lattice.shape()),
      count_(lattice.voxel_count()),
      params_(params),
      specs_(std::move(specs)) {
  if (!(params_.theta >= 0.5 && params_.theta <= 1.0))
    throw std::invalid_argument("field solver theta must be in [0.5, 1]");
  if (!(params_.max_substep >= 0.0)) throw std::invalid_argument("max_substep must be >= 0");
  if (!(params_.max_stiffness >= 0.0)) throw std::invalid_argument("max_stiffness must be >= 0");
  if (!(params_.max_uptake_exposure >= 0.0))
    throw std::invalid_argument("max_uptake_exposure must be >= 0");
  if (!(shape_.voxel_size > 0.0)) throw std::invalid_argument("voxel size must be > 0");
  for (std::size_t a = 0; a < specs_.size(); ++a) {
    validate(specs_[a], shape_, count_);
    for (std::size_t b = 0; b < a; ++b) {
      if (specs_[a].name == specs_[b].name)
        throw std::invalid_argument("field '" + specs_[a].name + "' declared twice");
    }
  }
  values_.resize(specs_.size());
  pending_.resize(specs_.size());
  substances_.resize(specs_.size());
  const double dx3 = shape_.voxel_size * shape_.voxel_size * shape_.voxel_size;
  for (std::size_t s = 0; s < specs_.size(); ++s) {
    values_[s].assign(count_, specs_[s].initial);
    auto sub = std::make_unique<Substance>();
    for (int axis = 0; axis < 3; ++axis) {
      const auto& lo = specs_[s].boundary[2 * axis];
      const auto& hi = specs_[s].boundary[2 * axis + 1];
      sub->bc[axis] = AxisBc{lo.kind, hi.kind, lo.value, hi.value};
    }
    // Constant sources: sorted by voxel, summed per voxel in declaration order.
    std::vector<SourceTerm> terms;
    for (const auto& src : specs_[s].sources) terms.push_back({src.voxel, src.rate / dx3, 0.0});
    std::stable_sort(terms.begin(), terms.end(),
                     [](const SourceTerm& a, const SourceTerm& b) { return a.voxel < b.voxel; });
    for (const auto& t : terms) {
      if (!sub->constant_sources.empty() && sub->constant_sources.back().voxel == t.voxel) {
        sub->constant_sources.back().density += t.density;
      } else {
        sub->constant_sources.push_back(t);
      }
    }
    substances_[s] = std::move(sub);
  }
  update_labels(lattice);
}

void FieldSet::update_labels(const Lattice& lattice) {
  if (lattice.voxel_count() != count_)
    throw std::invalid_argument("update_labels: lattice size differs from the field set's");
  labels_ = lattice.labels();
  int max_label = 0;
  for (auto l : labels_) max_label = std::max(max_label, static_cast<int>(l));
  label_count_ = max_label + 1;
  std::vector<bool> present(static_cast<std::size_t>(label_count_), false);
  for (auto l : labels_) present[l] = true;

  const double inv_h2 = 1.0 / (shape_.voxel_size * shape_.voxel_size);
  for (std::size_t s = 0; s < specs_.size(); ++s) {
    auto& sub = *substances_[s];
    const auto& spec = specs_[s];
    const auto n = static_cast<std::size_t>(label_count_);
    sub.factor.assign(n, 1.0);
    for (std::size_t l = 0; l < n && l < spec.label_factor.size(); ++l)
      sub.factor[l] = spec.label_factor[l];
    // Uniform when every label that occurs has the same factor.
    double first = -1.0;
    sub.uniform = true;
    sub.factor_max = 0.0;
    for (std::size_t l = 0; l < n; ++l) {
      if (!present[l]) continue;
      if (first < 0.0) first = sub.factor[l];
      if (sub.factor[l] != first) sub.uniform = false;
      sub.factor_max = std::max(sub.factor_max, sub.factor[l]);
    }
    sub.dh2 = spec.diffusion * first * inv_h2;
    sub.cond.assign(n * n, 0.0);
    sub.bcond.assign(n, 0.0);
    for (std::size_t a = 0; a < n; ++a) {
      const double fa = sub.factor[a];
      sub.bcond[a] = 2.0 * spec.diffusion * fa * inv_h2;
      for (std::size_t b = 0; b < n; ++b) {
        const double fb = sub.factor[b];
        const double harmonic = (fa > 0.0 && fb > 0.0) ? 2.0 * fa * fb / (fa + fb) : 0.0;
        sub.cond[a * n + b] = spec.diffusion * harmonic * inv_h2;
      }
    }
    sub.cached_dt = -1.0;  // factorisations depend on the labels through dh2
  }
}

int FieldSet::index_of(std::string_view name) const {
  for (std::size_t s = 0; s < specs_.size(); ++s) {
    if (specs_[s].name == name) return static_cast<int>(s);
  }
  return -1;
}

std::array<double, 3> FieldSet::gradient(int s, VoxelIndex v) const {
  const auto& c = values_[s];
  const int nx = shape_.dims[0];
  const int ny = shape_.dims[1];
  const std::size_t plane = static_cast<std::size_t>(nx) * ny;
  const std::array<int, 3> idx{static_cast<int>(v % nx), static_cast<int>((v % plane) / nx),
                               static_cast<int>(v / plane)};
  const std::array<std::size_t, 3> stride{1, static_cast<std::size_t>(nx), plane};
  const double h = shape_.voxel_size;
  std::array<double, 3> g{0.0, 0.0, 0.0};
  for (int a = 0; a < 3; ++a) {
    const int n = shape_.dims[a];
    if (n == 1) continue;
    const int i = idx[a];
    const std::size_t base = v - static_cast<std::size_t>(i) * stride[a];
    auto at = [&](int ii) { return c[base + static_cast<std::size_t>(ii) * stride[a]]; };
    if (substances_[s]->bc[a].periodic()) {
      g[a] = (at((i + 1) % n) - at((i + n - 1) % n)) / (2.0 * h);
    } else if (i == 0) {
      g[a] = (at(1) - at(0)) / h;
    } else if (i == n - 1) {
      g[a] = (at(n - 1) - at(n - 2)) / h;
    } else {
      g[a] = (at(i + 1) - at(i - 1)) / (2.0 * h);
    }
  }
  return g;
}

void FieldSet::add_secretion(int s, std::span<const VoxelIndex> voxels,
                             std::span<const double> rates) {
  if (voxels.size() != rates.size())
    throw std::invalid_argument("add_secretion: voxels and rates differ in length");
  auto& p = pending_[s];
  p.reserve(p.size() + voxels.size());
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    if (voxels[i] >= count_) throw std::invalid_argument("add_secretion: voxel outside lattice");
    if (!(rates[i] >= 0.0) || !std::isfinite(rates[i]))
      throw std::invalid_argument("add_secretion: rate must be finite and >= 0");
    p.push_back({voxels[i], rates[i], 0.0});
  }
}

void FieldSet::add_uptake(int s, std::span<const VoxelIndex> voxels,
                          std::span<const double> rate_constants) {
  if (voxels.size() != rate_constants.size())
    throw std::invalid_argument("add_uptake: voxels and rate constants differ in length");
  auto& p = pending_[s];
  p.reserve(p.size() + voxels.size());
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    if (voxels[i] >= count_) throw std::invalid_argument("add_uptake: voxel outside lattice");
    if (!(rate_constants[i] >= 0.0) || !std::isfinite(rate_constants[i]))
      throw std::invalid_argument("add_uptake: rate constant must be finite and >= 0");
    p.push_back({voxels[i], 0.0, rate_constants[i]});
  }
}

void FieldSet::set_pending(int s, std::vector<AgentTerm> terms) {
  for (const auto& t : terms) {
    if (t.voxel >= count_ || !(t.secretion >= 0.0) || !(t.uptake >= 0.0))
      throw std::invalid_argument("set_pending: invalid record");
  }
  pending_[s] = std::move(terms);
}

std::span<double> FieldSet::values(int s) {
  substances_[static_cast<std::size_t>(s)]->known_quiet = false;
  return {values_[static_cast<std::size_t>(s)].data(), count_};
}

void FieldSet::clear_pending() {
  for (auto& p : pending_) p.clear();
}

void FieldSet::visit_state(StateVisitor& v) {
  for (int s = 0; s < size(); ++s) {
    const StateGroup g(v, specs_[s].name);
    const std::string& units = specs_[s].units;
    // Read-only visitors take the values without waking a quiet field.
    v.fixed<double>("values", units, StateRole::Field,
                    v.restoring() ? values(s) : std::span<double>(values_[s].data(), count_));
    // Pending terms as three columns (AgentTerm has padding, which must not reach a digest).
    std::vector<VoxelIndex> voxel;
    std::vector<double> secretion, uptake;
    for (const AgentTerm& t : pending_[s]) {
      voxel.push_back(t.voxel);
      secretion.push_back(t.secretion);
      uptake.push_back(t.uptake);
    }
    v.array("pending.voxel", "1", StateRole::PendingTerms, voxel);
    v.array("pending.secretion", units + " um^3/min", StateRole::PendingTerms, secretion);
    v.array("pending.uptake", "1/min", StateRole::PendingTerms, uptake);
    if (!v.restoring()) continue;
    if (secretion.size() != voxel.size() || uptake.size() != voxel.size()) {
      throw StateMismatch("pending terms of field " + specs_[s].name + " differ in length");
    }
    std::vector<AgentTerm> terms(voxel.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (voxel[i] >= count_ || !(secretion[i] >= 0.0) || !(uptake[i] >= 0.0)) {
        throw StateMismatch("a pending term of field " + specs_[s].name + " is invalid");
      }
      terms[i] = {voxel[i], secretion[i], uptake[i]};
    }
    pending_[s] = std::move(terms);
  }
}

namespace {
constexpr std::size_t kMassBlock = std::size_t{1} << 15;

double block_sum(const double* v, std::size_t b, std::size_t e) {
  double acc = 0.0;
  for (std::size_t i = b; i < e; ++i) acc += v[i];
  return acc;
}
}  // namespace

double FieldSet::total_mass(int s) const {
  const double* v = values_[s].data();
  double total = 0.0;
  for (std::size_t b = 0; b < count_; b += kMassBlock)
    total += block_sum(v, b, std::min(count_, b + kMassBlock));
  const double h = shape_.voxel_size;
  return total * (h * h * h);
}

double FieldSet::total_mass(int s, ThreadPool& pool) const {
  const double* v = values_[s].data();
  std::vector<double> partial((count_ + kMassBlock - 1) / kMassBlock, 0.0);
  pool.for_blocks("fields.total_mass", count_, kMassBlock, [&](std::size_t b, std::size_t e) {
    partial[b / kMassBlock] = block_sum(v, b, e);
  });
  double total = 0.0;
  for (double p : partial) total += p;
  const double h = shape_.voxel_size;
  return total * (h * h * h);
}

double FieldSet::explicit_dt_limit(int s) const {
  // Forward Euler keeps every value >= 0 when 1 - dt * (sum of the voxel's face conductances)
  // >= 0; a fixed face counts twice (its centre is half a voxel away).
  const auto& sub = *substances_[s];
  const double inv_h2 = 1.0 / (shape_.voxel_size * shape_.voxel_size);
  double wsum = 0.0;
  for (int a = 0; a < 3; ++a) {
    auto face = [](BoundaryKind k) {
      return k == BoundaryKind::fixed ? 2.0 : (k == BoundaryKind::periodic ? 1.0 : 0.0);
    };
    const double lo = face(sub.bc[a].lo);
    const double hi = face(sub.bc[a].hi);
    // Largest sum of face weights along this axis over the positions of a line.
    const int n = shape_.dims[a];
    wsum += n == 1 ? lo + hi
                   : (n == 2 ? 1.0 + std::max(lo, hi) : std::max(2.0, 1.0 + std::max(lo, hi)));
  }
  const double diag = specs_[s].diffusion * sub.factor_max * inv_h2 * wsum;
  return diag > 0.0 ? 1.0 / diag : std::numeric_limits<double>::infinity();
}

namespace {

/// The largest pending uptake constant of a voxel (records of a voxel summed in call order).
double largest_uptake(std::span<const AgentTerm> pending) {
  std::vector<std::pair<VoxelIndex, double>> u;
  for (const AgentTerm& t : pending) {
    if (t.uptake > 0.0) u.emplace_back(t.voxel, t.uptake);
  }
  std::stable_sort(u.begin(), u.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  double largest = 0.0;
  for (std::size_t i = 0; i < u.size();) {
    double sum = 0.0;
    const VoxelIndex v = u[i].first;
    for (; i < u.size() && u[i].first == v; ++i) sum += u[i].second;
    largest = std::max(largest, sum);
  }
  return largest;
}

/// Cost of one spectral transform (a 3-D real-to-real FFT) per voxel, in the bytes of memory
/// traffic that cost the same time as douglas' 32 bytes per voxel and sub-step (measured with
/// bench/field_spectral.cpp: 32 to 76 on 50^3 and 100^3 lattices; see README.md).
constexpr double kSpectralTransformBytes = 64.0;

}  // namespace

bool FieldSet::spectral_applies(int s) const {
  return substances_[s]->uniform;
}

int FieldSet::uptake_iterations(int s) const {
  return substances_[s]->uptake_iterations;
}

SchemeChoice FieldSet::scheme_for(int s, double dt_min) const {
  const double h = shape_.voxel_size;
  // Implicit schemes: sub-steps for the stiffness cap and the sub-step cap.
  double implicit = 1.0;
  const double stiffness = dt_min * specs_[s].diffusion * substances_[s]->factor_max / (h * h);
  if (params_.max_stiffness > 0.0)
    implicit = std::max(implicit, std::ceil(stiffness / params_.max_stiffness - 1e-9));
  if (params_.max_substep > 0.0)
    implicit = std::max(implicit, std::ceil(dt_min / params_.max_substep - 1e-9));
  // Explicit: sub-steps for positivity.
  const double limit = explicit_dt_limit(s);
  const double expl = std::isfinite(limit) ? std::max(1.0, std::ceil(dt_min / limit - 1e-9)) : 1.0;
  // Spectral, per sub-step: the values forward and back, the sources forward; with
  // uptake, its terms forward, then two per conjugate-gradient iteration plus four. The
  // condition number of the uptake system is at most 1 + u_max dt / 2; the iterations grow
  // like its square root (measured: 4-5 at u_max dt / 2 = 0.6 and 1.5, 9 at 30;
  // bench/field_spectral.cpp and spectral_test.cpp).
  // Sub-steps: only to cap the uptake exposure u_max dt_sub (the pending records are read only
  // when spectral may be used).
  const bool may_use_spectral = spectral_applies(s) && (params_.scheme == FieldScheme::spectral ||
                                                        params_.scheme == FieldScheme::automatic);
  const double u_max = may_use_spectral ? largest_uptake(pending_[s]) : 0.0;
  double spectral = 1.0;
  if (params_.max_uptake_exposure > 0.0)
    spectral = std::max(1.0, std::ceil(u_max * dt_min / params_.max_uptake_exposure - 1e-9));
  auto spectral_transforms = [&] {
    double transforms = 3.0;
    if (u_max > 0.0)
      transforms += 5.0 + 2.0 * std::ceil(2.0 + 2.0 * std::sqrt(0.5 * u_max * dt_min / spectral));
    return spectral * transforms;
  };
  constexpr double kMaxSubsteps = 1e7;

  SchemeChoice choice;
  FieldScheme scheme = params_.scheme;
  if (scheme == FieldScheme::spectral && !spectral_applies(s)) scheme = FieldScheme::douglas;
  if (scheme == FieldScheme::automatic) {
    // Cost per voxel in bytes of memory traffic per (sub-)step: explicit 16, douglas 32 (see
    // field_solver.cpp); spectral in transforms.
    const double cost_explicit = 16.0 * expl;
    const double cost_douglas = 32.0 * implicit;
    scheme = cost_explicit <= cost_douglas ? FieldScheme::explicit_euler : FieldScheme::douglas;
    if (spectral_applies(s) &&
        kSpectralTransformBytes * spectral_transforms() < std::min(cost_explicit, cost_douglas))
      scheme = FieldScheme::spectral;
  }
  const double n = scheme == FieldScheme::explicit_euler ? expl
                   : scheme == FieldScheme::spectral     ? spectral
                                                         : implicit;
  if (!(n <= kMaxSubsteps))
    throw std::invalid_argument("field '" + specs_[s].name +
                                "': time step needs too many sub-steps");
  choice.scheme = scheme;
  choice.substeps = static_cast<int>(n);
  return choice;
}

void FieldSet::step(double dt_min, ThreadPool& pool) {
  if (!(dt_min > 0.0) || !std::isfinite(dt_min))
    throw std::invalid_argument("FieldSet::step: dt must be finite and > 0");
  for (int s = 0; s < size(); ++s) step_substance(s, dt_min, pool);
  clear_pending();
}

}  // namespace msabm::fields
