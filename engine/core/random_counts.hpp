#pragma once
// Exact Poisson and binomial deviates drawn from a counter-based stream, for stochastic counts:
// cells of a small clone dying, dividing or leaving in one step (so that a clone can go
// extinct), tau-leaping of table counts. Both are exact (no normal approximation), cost O(1)
// expected draws for large means and O(mean) for small ones, and take all their randomness from
// the stream, so the result is a pure function of (seed, purpose, id, step).
//
//  - Poisson: multiplication of uniforms for mean < 10 (Knuth 1969, TAOCP vol. 2, 3.4.1);
//    transformed rejection with squeeze, PTRS, for mean >= 10 (Hoermann 1993, Insurance: Math.
//    Econ. 12:39).
//  - Binomial: inversion for n min(p, 1-p) < 10 (Kachitvichyanukul & Schmeiser 1988, Commun.
//    ACM 31:216); transformed rejection, BTRS, otherwise (Hoermann 1993, J. Stat. Comput. Simul.
//    46:101; acceptance tested against the exact pmf ratio with lgamma), with p > 1/2 by
//    symmetry.
#include <cstdint>

#include "engine/core/rng.hpp"

namespace msabm {

/// A Poisson deviate with mean `mean` >= 0 (0 for mean <= 0 or NaN).
std::int64_t poisson(RandomStream& s, double mean);

/// A binomial deviate: successes in `n` >= 0 trials of probability `p` (clamped to [0, 1]).
std::int64_t binomial(RandomStream& s, std::int64_t n, double p);

}  // namespace msabm
