#pragma once
// The design of a sweep: its points (one value per varied key each) and its members (each point
// `replicates` times, with seeds). A pure function of the plan's settings and keys.
#include <vector>

#include "engine/sweep/plan.hpp"
#include "engine/sweep/varied_key.hpp"

namespace msabm::sweep {

/// Grid: every combination, the last key fastest. Random and Latin hypercube: `plan.samples`
/// points drawn from streams named by each key (adding or reordering keys leaves the others'
/// values unchanged).
std::vector<std::vector<Value>> design_points(const Plan& plan, const std::vector<KeySpec>& specs);

/// Each point `plan.replicates` times, with its seed; sets plan.points and plan.members.
void add_members(Plan& plan, const std::vector<std::vector<Value>>& points);

}  // namespace msabm::sweep
