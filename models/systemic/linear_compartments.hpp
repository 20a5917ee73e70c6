#pragma once
// `compartments:` a systemic table whose columns are well-mixed compartments (blood, lymph
// node, marrow, ...) and whose rows are populations or clones, exchanging by first-order flows
// between compartments. Each period every row advances by the exact solution of the linear
// system, x(t + dt) = exp(M dt) x(t) (M built from the flows; matrix exponential by scaling and
// squaring of a Taylor series, computed once per dt), so the total of a row is conserved and
// the result does not depend on the period. Schema:
//
//   compartments:
//     table: trafficking                 # the table's name (rows keyed 1..rows)
//     rows: 1000                         # e.g. clones
//     initial: {blood: "100 cells", lymph_node: "0 cells"}   # per row; the columns, in order
//     flows:                             # first-order, per compartment of origin
//       - {from: blood, to: lymph_node, rate: "0.5 1/d"}
//       - {from: lymph_node, to: blood, rate: "0.25 1/d"}
//     period: "1 d"
//
// A generic building block (no biology of its own): recirculation of lymphocytes between blood
// and lymphoid tissue is the textbook case (Westermann & Pabst 1992, Clin Investig 70:539).
#include "engine/model/registry.hpp"

namespace msabm::systemic {

void register_linear_compartments(Registry& registry);

/// exp(M t) for a small dense matrix (row-major n x n), by scaling and squaring.
std::vector<double> matrix_exponential(const std::vector<double>& m, std::size_t n, double t);

}  // namespace msabm::systemic
