#pragma once
// Why this file: the solver's memory that outlives a step, kept apart from the arithmetic: the
// per-thread work spaces (sized before the parallel regions, grown only, reused across steps)
// and the cache of constant-coefficient Thomas factorisations of each substance. Internal to
// engine/fields.
#include <cstddef>
#include <vector>

#include "engine/fields/field_set.hpp"

namespace msabm::fields {

struct Sweep;

/// Per-thread buffers (allocated before the parallel regions, reused across steps).
struct Workspace {
  AlignedVector plane, plane2, block, trans, w, r, cp, zz, col;
  std::vector<double> tmp;
};

struct FieldSet::Impl {
  std::vector<Workspace> ws;  ///< one per thread (index: the thread of the static region)
};

inline void grow(AlignedVector& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
}

/// Makes at least `threads` work spaces, each large enough for the kernels of `sw` (its
/// geometry, scheme and pass-2 segment). Grows only.
void size_workspaces(std::vector<Workspace>& wss, std::size_t threads, const Sweep& sw);

/// Refactorises the constant-coefficient line operators of `sub` (sub->axis) unless they are
/// cached for this sweep's (sub-step, scheme) and `theta`. Nothing for the explicit scheme.
void refresh_factorisations(FieldSet::Substance& sub, const Sweep& sw, double theta);

}  // namespace msabm::fields
