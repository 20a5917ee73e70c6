#pragma once
// Why this file: the Thomas solvers of the ADI/LOD schemes (constant-coefficient factorisations
// and the solves of many lines at once, lanes contiguous so that the loops vectorise) are the one
// piece of linear algebra of the field solver; pass 1 and pass 2 share them. Internal to
// engine/fields.
#include <cstddef>
#include <vector>

#include "engine/fields/solver_internal.hpp"

namespace msabm::fields {

/// Factorises the constant-coefficient line operator (see LineFactors).
LineFactors factorise(int n, const std::vector<double>& w, const std::vector<double>& r,
                      bool periodic);

/// Solves L independent lines with the constant factorisation f. d holds position p of lane l
/// at d[p * L + l] (lanes contiguous, so the loops over l vectorise). tmp: L doubles.
void solve_uniform(const LineFactors& f, std::size_t lanes, double* d, double* tmp);

/// Solves L independent lines with per-lane coefficients: face weights w[p * L + l] for
/// p = 0..n (face below position p; for a periodic axis w_0 = w_n is the wrap face) and diagonal
/// extras r[p * L + l] (may be null). Scratch: cp, zz (n * L each), tmp (2 L).
void solve_general(std::size_t n, std::size_t nl, const double* w, const double* r, bool periodic,
                   double* d, double* cp, double* zz, double* tmp);

}  // namespace msabm::fields
